package dev.blocksmith.rpc.methods.control;

import dev.blocksmith.rpc.methods.MethodRegistry;
import dev.blocksmith.rpc.server.ActiveCommands;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;

/** Registers the server's own methods: help, uptime, stop, getrpcinfo, getmemoryinfo, echo, echojson. */
public final class ControlMethods {
    private ControlMethods() {}

    /**
     * @param startTime       when the node started (for uptime)
     * @param logPath         the debug log file getrpcinfo reports
     * @param shutdownRequest requests node shutdown; must return promptly
     */
    public static void register(MethodRegistry registry, ActiveCommands activeCommands, Instant startTime, Clock clock,
                                Path logPath, Runnable shutdownRequest) {
        registry.register(new HelpMethod(registry))
                .register(new UptimeMethod(startTime, clock))
                .register(new StopMethod(shutdownRequest))
                .register(new GetRpcInfoMethod(activeCommands, logPath))
                // Blocksmith keeps no locked memory pool (see LockedMemoryStats.NO_POOL).
                .register(new GetMemoryInfoMethod(() -> LockedMemoryStats.NO_POOL))
                .register(EchoMethod.echo())
                .register(EchoMethod.echoJson())
                .register(new EchoIpcMethod());
    }
}
