package dev.blocksmith.core.events;

import java.util.function.Supplier;

/**
 * One subscriber's deliveries through the validation event queue (bitcoind's CValidationInterface registration):
 * events run on the queue's thread in the order they were posted, and once {@link #deactivate() deactivated} none
 * runs any more, not even one queued before; {@link #deactivate()} returns only after a delivery under way has ended,
 * so the subscriber can be closed then.
 */
public final class QueuedDelivery {
    private final Supplier<ValidationEventQueue> queue;
    private boolean active = true;

    /** @param queue the node's queue, looked up at each post (it may be started after the subscriber registers) */
    public QueuedDelivery(Supplier<ValidationEventQueue> queue) {
        this.queue = queue;
    }

    /** Queues {@code event} for this subscriber. */
    public void post(Runnable event) {
        queue.get().enqueue(() -> {
            synchronized (this) {
                if (active) event.run();
            }
        });
    }

    /** Stops deliveries, waiting for one under way to end. */
    public synchronized void deactivate() {
        active = false;
    }
}
