package dev.blocksmith.rpc.methods.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.time.NodeScheduler;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.methods.RpcCategory;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import java.time.Duration;
import java.util.List;

/**
 * {@code mockscheduler delta_time} (regtest only): brings the node's scheduled tasks (fee estimate
 * flush, ...) {@code delta_time} seconds nearer, as bitcoind's CScheduler::MockForward, and returns once
 * the tasks that fell due have run.
 */
public final class MockSchedulerMethod implements RpcMethod {
    /** How long to wait for tasks made due; they are quick (file writes). */
    private static final Duration SETTLE = Duration.ofSeconds(30);

    private final NetworkParams params;
    private final NodeScheduler scheduler;

    public MockSchedulerMethod(NetworkParams params, NodeScheduler scheduler) {
        this.params = params;
        this.scheduler = scheduler;
    }

    @Override public String name() { return "mockscheduler"; }
    @Override public RpcCategory category() { return RpcCategory.HIDDEN; }

    @Override
    public List<RpcParamSpec> params() {
        return List.of(RpcParamSpec.required("delta_time", RpcParamType.NUM, "Number of seconds to forward the scheduler into the future."));
    }

    @Override
    public String description() {
        return "Bump the scheduler into the future (-regtest only)";
    }

    @Override
    public String resultHelp() {
        return "null    (json null)";
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        if (!params.isRegtest()) {
            throw RpcException.misc("mockscheduler is for regression testing (-regtest mode) only");
        }
        long delta = request.arg("delta_time").asLong();
        if (delta <= 0 || delta > 3600) {
            throw RpcException.misc("delta_time must be between 1 and 3600 seconds (1 hr)");
        }
        scheduler.mockForward(Duration.ofSeconds(delta));
        try {
            scheduler.awaitIdle(SETTLE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return NullNode.getInstance();
    }
}
