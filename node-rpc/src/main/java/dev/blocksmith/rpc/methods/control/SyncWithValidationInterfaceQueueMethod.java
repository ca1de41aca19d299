package dev.blocksmith.rpc.methods.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.methods.RpcCategory;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcRequest;
import java.util.List;

/**
 * {@code syncwithvalidationinterfacequeue}: returns once every chain and mempool notification of work
 * finished before the call has been delivered to its listeners (wallets, P2P, mempool), as bitcoind's
 * SyncWithValidationInterfaceQueue. The barriers are waited on in order: chain events first, since
 * they produce mempool events.
 */
public final class SyncWithValidationInterfaceQueueMethod implements RpcMethod {
    /** One source of notifications: returns once everything it handed out before the call is delivered. */
    @FunctionalInterface
    public interface NotificationBarrier {
        void await() throws InterruptedException;
    }

    private final List<NotificationBarrier> barriers;

    public SyncWithValidationInterfaceQueueMethod(List<NotificationBarrier> barriers) {
        this.barriers = List.copyOf(barriers);
    }

    @Override public String name() { return "syncwithvalidationinterfacequeue"; }
    @Override public RpcCategory category() { return RpcCategory.HIDDEN; }

    @Override
    public String description() {
        return "Waits for the validation interface queue to catch up on everything that was there when we entered this function.";
    }

    @Override
    public String resultHelp() {
        return "null    (json null)";
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        try {
            for (NotificationBarrier b : barriers) b.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RpcException(RpcErrorCode.CLIENT_NOT_CONNECTED, "Shutting down");
        }
        return NullNode.getInstance();
    }
}
