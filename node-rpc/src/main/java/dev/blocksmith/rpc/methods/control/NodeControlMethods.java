package dev.blocksmith.rpc.methods.control;

import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.core.time.NodeClock;
import dev.blocksmith.core.time.NodeScheduler;
import dev.blocksmith.rpc.methods.MethodRegistry;
import dev.blocksmith.rpc.methods.control.SyncWithValidationInterfaceQueueMethod.NotificationBarrier;
import java.util.List;

/**
 * Registers the methods that steer the running node for tests and operators: setmocktime,
 * mockscheduler, syncwithvalidationinterfacequeue and logging.
 */
public final class NodeControlMethods {
    private NodeControlMethods() {}

    /**
     * @param barriers notification sources syncwithvalidationinterfacequeue waits for, in order
     */
    public static void register(MethodRegistry registry, ChainManager chain, NodeClock clock, NodeScheduler scheduler,
                                List<NotificationBarrier> barriers, LoggingControl logging) {
        registry.register(new SetMockTimeMethod(chain, clock))
                .register(new MockSchedulerMethod(chain.params(), scheduler))
                .register(new SyncWithValidationInterfaceQueueMethod(barriers))
                .register(new LoggingMethod(logging));
    }
}
