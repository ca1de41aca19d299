package dev.blocksmith.core.events;

import java.util.function.Supplier;

/**
 * The common part of a listener that hears its source through the validation event queue: the listener it forwards to
 * and its {@link QueuedDelivery}. Each source's adapter (chain, mempool) extends it and posts one event per callback.
 *
 * @param <T> the listener interface forwarded to
 */
public abstract class QueuedSubscriber<T> {
    private final T target;
    private final QueuedDelivery delivery;

    protected QueuedSubscriber(T target, Supplier<ValidationEventQueue> queue) {
        this.target = target;
        this.delivery = new QueuedDelivery(queue);
    }

    /** The listener the events are delivered to. */
    public final T target() {
        return target;
    }

    /** Stops deliveries, waiting for one under way to end. */
    public final void deactivate() {
        delivery.deactivate();
    }

    /** Queues one event for {@link #target()}. */
    protected final void post(Runnable event) {
        delivery.post(event);
    }
}
