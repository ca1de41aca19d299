package dev.blocksmith.rpc.methods.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.LongNode;
import dev.blocksmith.rpc.methods.RpcCategory;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** {@code uptime}: whole seconds since the node started. */
public final class UptimeMethod implements RpcMethod {
    private final Instant startTime;
    private final Clock clock;

    public UptimeMethod(Instant startTime, Clock clock) {
        this.startTime = Objects.requireNonNull(startTime);
        this.clock = Objects.requireNonNull(clock);
    }

    @Override
    public String name() {
        return "uptime";
    }

    @Override
    public RpcCategory category() {
        return RpcCategory.CONTROL;
    }

    @Override
    public String description() {
        return "Returns the total uptime of the server.";
    }

    @Override
    public String resultHelp() {
        return "n    (numeric) The number of seconds that the server has been running";
    }

    @Override
    public JsonNode execute(RpcRequest request) {
        return LongNode.valueOf(Duration.between(startTime, clock.instant()).toSeconds());
    }
}
