package dev.blocksmith.rpc.methods.mining;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.methods.RpcCategory;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcRequest;
import java.util.List;

/**
 * {@code generate}: bitcoind keeps the old method's name as a hidden one that only points callers to
 * {@code bitcoin-cli -generate}: calling it is "Method not found" with that pointer as the message, and
 * {@code help generate} prints the same text. Scripts written for old nodes get the explanation, not a bare -32601.
 */
public final class GenerateMethod implements RpcMethod {
    private static final String DESCRIPTION = "has been replaced by the -generate cli option. Refer to -help for more information.";

    @Override
    public String name() {
        return "generate";
    }

    @Override
    public RpcCategory category() {
        return RpcCategory.HIDDEN;
    }

    @Override
    public String description() {
        return DESCRIPTION;
    }

    @Override
    public String resultHelp() {
        return "";
    }

    @Override
    public List<HelpExample> examples() {
        return List.of();
    }

    /** bitcoind's RPCHelpMan text of a method with no arguments, results or examples. */
    @Override
    public String help() {
        return name() + "\n\n" + DESCRIPTION + "\n";
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        throw new RpcException(RpcErrorCode.METHOD_NOT_FOUND, help());
    }
}
