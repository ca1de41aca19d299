package dev.blocksmith.rpc.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.RpcCategory;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import java.util.List;

/** Stand-ins for the wallet and miner methods -generate calls, so the client can be tested alone. */
final class FakeWalletMethods {
    private FakeWalletMethods() {}

    static final class GetNewAddress implements RpcMethod {
        @Override public String name() { return "getnewaddress"; }
        @Override public RpcCategory category() { return RpcCategory.WALLET; }
        @Override public String description() { return "Test stand-in."; }
        @Override public String resultHelp() { return "\"str\""; }
        @Override public JsonNode execute(RpcRequest request) { return TextNode.valueOf("bcrt1qfake"); }
    }

    /** Returns n made-up hashes 1..n after checking it was asked to pay the fake address. */
    static final class GenerateToAddress implements RpcMethod {
        @Override public String name() { return "generatetoaddress"; }
        @Override public RpcCategory category() { return RpcCategory.GENERATING; }
        @Override public List<RpcParamSpec> params() {
            return List.of(RpcParamSpec.required("nblocks", RpcParamType.NUM, ""),
                    RpcParamSpec.required("address", RpcParamType.STR, ""),
                    RpcParamSpec.optional("maxtries", RpcParamType.NUM, ""));
        }
        @Override public String description() { return "Test stand-in."; }
        @Override public String resultHelp() { return "[\"hex\"]"; }

        @Override
        public JsonNode execute(RpcRequest request) throws RpcException {
            if (!request.arg("address").asString().equals("bcrt1qfake")) throw RpcException.misc("wrong address");
            ArrayNode out = RpcJson.array();
            for (int i = 1; i <= request.arg("nblocks").asInt(); i++) out.add("%064x".formatted(i));
            return out;
        }
    }
}
