package dev.blocksmith.rpc.methods.network;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blocksmith.p2p.P2PNetwork;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.RpcCategory;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import java.util.List;

/** {@code sendmsgtopeer peer_id "msg_type" "msg"}: bitcoind's hidden test RPC sending an unchecked message. */
public final class SendMsgToPeerMethod extends NetworkMethod {
    /** bitcoind's CMessageHeader::MESSAGE_TYPE_SIZE. */
    private static final int MAX_TYPE_LENGTH = 12;

    public SendMsgToPeerMethod(P2PNetwork network) {
        super(network, "sendmsgtopeer", "Send a p2p message to a peer specified by id.\nThe message type and body must be provided, the message header will be generated.\nThis RPC is for testing only.",
                "{ }    (json object)",
                List.of(RpcParamSpec.required("peer_id", RpcParamType.NUM, "The peer to send the message to."),
                        RpcParamSpec.required("msg_type", RpcParamType.STR, "The message type (maximum length 12)"),
                        RpcParamSpec.required("msg", RpcParamType.STR_HEX, "The serialized message body to send, in hex, without a message header")));
    }

    @Override
    public RpcCategory category() {
        return RpcCategory.HIDDEN;
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        long peerId = request.arg("peer_id").asLong();
        String type = request.arg("msg_type").asString();
        if (type.length() > MAX_TYPE_LENGTH) {
            throw RpcException.invalidParameter("Error: msg_type too long, max length is " + MAX_TYPE_LENGTH);
        }
        String hex = request.arg("msg").asString();
        if (!hex.matches("([0-9a-fA-F]{2})*")) throw RpcException.invalidParameter("Error parsing input for msg");
        byte[] payload = dev.blocksmith.core.primitives.Hex.decode(hex);
        if (!network.sendMessageToPeer(peerId, type, payload)) {
            throw new RpcException(RpcErrorCode.MISC_ERROR, "Error: Could not send message to peer");
        }
        return RpcJson.object();
    }
}
