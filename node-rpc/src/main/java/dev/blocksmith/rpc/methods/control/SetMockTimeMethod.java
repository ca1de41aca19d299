package dev.blocksmith.rpc.methods.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.core.time.NodeClock;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.methods.RpcCategory;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import java.util.List;

/**
 * {@code setmocktime timestamp} (regtest only): sets the node clock every component reads; 0 returns
 * to the system clock. As bitcoind, the time is changed while no block is being validated.
 */
public final class SetMockTimeMethod implements RpcMethod {
    private final ChainManager chain;
    private final NodeClock clock;

    public SetMockTimeMethod(ChainManager chain, NodeClock clock) {
        this.chain = chain;
        this.clock = clock;
    }

    @Override public String name() { return "setmocktime"; }
    @Override public RpcCategory category() { return RpcCategory.HIDDEN; }

    @Override
    public List<RpcParamSpec> params() {
        return List.of(RpcParamSpec.required("timestamp", RpcParamType.NUM,
                "UNIX epoch time\nPass 0 to go back to using the system time."));
    }

    @Override
    public String description() {
        return "Set the local time to given timestamp (-regtest only)";
    }

    @Override
    public String resultHelp() {
        return "null    (json null)";
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        if (!chain.params().isRegtest()) {
            throw RpcException.misc("setmocktime is for regression testing (-regtest mode) only");
        }
        long time = request.arg("timestamp").asLong();
        if (time < 0 || time > NodeClock.MAX_MOCK_TIME) {
            throw RpcException.invalidParameter("Mocktime must be in the range [0, " + NodeClock.MAX_MOCK_TIME + "], not " + time + ".");
        }
        // Between blocks, so that no validation sees two different "now"s (bitcoind takes cs_main).
        chain.withChainLock(() -> clock.setMockTime(time));
        return NullNode.getInstance();
    }
}
