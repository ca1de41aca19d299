package dev.blocksmith.rpc.methods.util;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import dev.blocksmith.core.crypto.SignedMessages;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.methods.RpcCategory;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import java.util.List;

/**
 * {@code verifymessage "address" "signature" "message"}: whether a signed message (bitcoind's format, see
 * {@link SignedMessages}) was signed by the key of a P2PKH address. A signature of another key is false; an
 * address or signature that cannot be read is an error, as bitcoind's MessageVerify results map.
 */
public final class VerifyMessageMethod implements RpcMethod {
    private final NetworkParams network;

    public VerifyMessageMethod(NetworkParams network) {
        this.network = network;
    }

    @Override
    public String name() {
        return "verifymessage";
    }

    @Override
    public RpcCategory category() {
        return RpcCategory.UTIL;
    }

    @Override
    public List<RpcParamSpec> params() {
        return List.of(RpcParamSpec.required("address", RpcParamType.STR, "The bitcoin address to use for the signature."),
                RpcParamSpec.required("signature", RpcParamType.STR, "The signature provided by the signer in base 64 encoding (see signmessage)."),
                RpcParamSpec.required("message", RpcParamType.STR, "The message that was signed."));
    }

    @Override
    public String description() {
        return "Verify a signed message.";
    }

    @Override
    public String resultHelp() {
        return "true|false    (boolean) If the signature is verified or not.";
    }

    @Override
    public List<HelpExample> examples() {
        return List.of(new HelpExample("\"1D1ZrZNe3JUo7ZycKEYQQiQAWd9y54F4XX\" \"signature\" \"my message\"",
                "[\"1D1ZrZNe3JUo7ZycKEYQQiQAWd9y54F4XX\", \"signature\", \"my message\"]"));
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        SignedMessages.Verification v = SignedMessages.verify(request.arg("address").asString(), request.arg("signature").asString(),
                request.arg("message").asString(), network);
        return switch (v) {
            case INVALID_ADDRESS -> throw new RpcException(RpcErrorCode.INVALID_ADDRESS_OR_KEY, "Invalid address");
            case ADDRESS_NO_KEY -> throw new RpcException(RpcErrorCode.TYPE_ERROR, "Address does not refer to key");
            case MALFORMED_SIGNATURE -> throw new RpcException(RpcErrorCode.TYPE_ERROR, "Malformed base64 encoding");
            case PUBKEY_NOT_RECOVERED, NOT_SIGNED -> BooleanNode.FALSE;
            case OK -> BooleanNode.TRUE;
        };
    }
}
