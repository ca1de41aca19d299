package dev.blocksmith.rpc.methods.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.methods.RpcCategory;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import java.util.List;

/**
 * {@code echoipc "arg"}: bitcoind's IPC test call. A multiprocess bitcoind passes the string through a spawned
 * process; a single-process build (bitcoind's default, and Blocksmith, which has no IPC) echoes it in-process.
 */
public final class EchoIpcMethod implements RpcMethod {
    @Override
    public String name() {
        return "echoipc";
    }

    @Override
    public RpcCategory category() {
        return RpcCategory.HIDDEN;
    }

    @Override
    public List<RpcParamSpec> params() {
        return List.of(RpcParamSpec.required("arg", RpcParamType.STR, "The string to echo"));
    }

    @Override
    public String description() {
        return "Echo back the input argument, passing it through a spawned process in a multiprocess build.\n"
                + "This command is for testing.";
    }

    @Override
    public String resultHelp() {
        return "\"str\"    (string) The echoed string.";
    }

    @Override
    public List<HelpExample> examples() {
        return List.of(new HelpExample("\"Hello world\"", "\"Hello world\""));
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        return TextNode.valueOf(request.arg("arg").asString());
    }
}
