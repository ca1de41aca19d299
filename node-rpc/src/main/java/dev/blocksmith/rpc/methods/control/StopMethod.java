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
import java.util.Objects;

/**
 * {@code stop}: asks the node to shut down and answers "Blocksmith stopping". The shutdown hook
 * only requests the shutdown and returns; the node stops on its own thread after this reply is
 * sent, as bitcoind does.
 */
public final class StopMethod implements RpcMethod {
    public static final String RESULT = "Blocksmith stopping";

    private final Runnable shutdownRequest;

    public StopMethod(Runnable shutdownRequest) {
        this.shutdownRequest = Objects.requireNonNull(shutdownRequest);
    }

    @Override
    public String name() {
        return "stop";
    }

    @Override
    public RpcCategory category() {
        return RpcCategory.CONTROL;
    }

    @Override
    public List<RpcParamSpec> params() {
        // Hidden test aid from bitcoind: wait this many milliseconds before replying.
        return List.of(RpcParamSpec.optional("wait", RpcParamType.NUM, "how long to wait in ms").asHidden());
    }

    @Override
    public String description() {
        return "Request a graceful shutdown of Blocksmith.";
    }

    @Override
    public String resultHelp() {
        return "\"str\"    (string) A string with the content '" + RESULT + "'";
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        shutdownRequest.run();
        if (request.arg("wait").isPresent()) {
            int waitMs = request.arg("wait").asInt();
            try {
                Thread.sleep(Math.max(0, waitMs));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return TextNode.valueOf(RESULT);
    }
}
