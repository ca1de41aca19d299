package dev.blocksmith.rpc.methods.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.p2p.P2PNetwork;
import dev.blocksmith.p2p.addr.AddressManager;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.RpcCategory;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.regex.Pattern;

/** {@code addpeeraddress "address" port ( tried )}: bitcoind's hidden test RPC filling the address manager. */
public final class AddPeerAddressMethod extends NetworkMethod {
    private static final Logger log = LoggerFactory.getLogger(AddPeerAddressMethod.class);
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("\\[?[0-9a-fA-F:.]*:[0-9a-fA-F:.]*]?");

    public AddPeerAddressMethod(P2PNetwork network) {
        super(network, "addpeeraddress", "Add the address of a potential peer to an address manager table. This RPC is for testing only.",
                "{ \"success\" : true|false, \"error\" : \"str\" }",
                List.of(RpcParamSpec.required("address", RpcParamType.STR, "The IP address of the peer"),
                        RpcParamSpec.required("port", RpcParamType.NUM, "The port of the peer"),
                        RpcParamSpec.withDefault("tried", RpcParamType.BOOL, false, "If true, attempt to add the peer to the tried addresses table")));
    }

    @Override
    public RpcCategory category() {
        return RpcCategory.HIDDEN;
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        String text = request.arg("address").asString();
        int port = request.arg("port").asInt();
        // bitcoind reads the port as uint16_t.
        if (port < 0 || port > 65535) throw new RpcException(RpcErrorCode.MISC_ERROR, "JSON integer out of range");
        boolean tried = request.arg("tried").asBool();
        ObjectNode out = RpcJson.object();
        if (text.endsWith(".onion") || text.endsWith(".b32.i2p")) {
            // bitcoind parses these without DNS and may add them; our address manager holds IP addresses only.
            log.info("addpeeraddress: {} not added, the address manager holds IPv4/IPv6 addresses only", text);
            out.put("success", false);
            out.put("error", "failed-adding-to-new");
            return out;
        }
        InetAddress ip = literal(text);
        AddressManager.AddOutcome outcome = network.addPeerAddress(new InetSocketAddress(ip, port), tried);
        out.put("success", outcome == AddressManager.AddOutcome.ADDED);
        switch (outcome) {
            case FAILED_ADDING_TO_NEW -> out.put("error", "failed-adding-to-new");
            case FAILED_ADDING_TO_TRIED -> out.put("error", "failed-adding-to-tried");
            case ADDED -> { }
        }
        return out;
    }

    /** An IP literal; as bitcoind (LookupHost without DNS), names are refused rather than resolved. */
    private static InetAddress literal(String text) throws RpcException {
        if (!text.isEmpty() && (IPV4.matcher(text).matches() || IPV6.matcher(text).matches())) {
            try {
                return InetAddress.getByName(text);
            } catch (UnknownHostException | SecurityException e) {
                // falls through to bitcoind's error
            }
        }
        throw new RpcException(RpcErrorCode.CLIENT_INVALID_IP_OR_SUBNET, "Invalid IP address");
    }
}
