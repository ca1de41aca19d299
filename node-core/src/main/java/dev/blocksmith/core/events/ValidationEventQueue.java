package dev.blocksmith.core.events;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.chain.BlockIndex;
import dev.blocksmith.core.mempool.RemovalReason;
import dev.blocksmith.core.tx.Transaction;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ordered queue between validation and the listeners that talk to the outside world (bitcoind's
 * ValidationSignals with its single-threaded scheduler client). The chain and the mempool post each event while
 * they still hold their lock, so the queue holds them in the order they happened; one thread then hands them to
 * every {@link ValidationListener} after the locks are free. {@link #sync()} is
 * {@code syncwithvalidationinterfacequeue}: it returns once everything posted before it was delivered.
 *
 * <p>{@link #discarding()} is the queue of a chain or mempool nobody listens to: posting to it does nothing, and
 * {@link #enqueue(Runnable) in-process subscribers} are called at once.
 */
public final class ValidationEventQueue implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ValidationEventQueue.class);
    private static final ValidationEventQueue DISCARDING = new ValidationEventQueue();

    private final List<ValidationListener> listeners = new CopyOnWriteArrayList<>();
    private final ArrayDeque<Runnable> pending = new ArrayDeque<>();
    private final Thread worker;
    /** Events posted so far and events delivered so far; {@link #sync()} waits for the second to reach the first. */
    private long posted;
    private long delivered;
    private boolean closed;

    private ValidationEventQueue() {
        this.worker = null;
        this.closed = true;
    }

    private ValidationEventQueue(String threadName) {
        this.worker = new Thread(this::loop, threadName);
        this.worker.setDaemon(true);
    }

    /** A started queue with its own delivery thread. */
    public static ValidationEventQueue start(String threadName) {
        ValidationEventQueue q = new ValidationEventQueue(threadName);
        q.worker.start();
        return q;
    }

    /** The queue that drops every event (no thread, no listeners). */
    public static ValidationEventQueue discarding() {
        return DISCARDING;
    }

    public void register(ValidationListener l) {
        if (worker == null) throw new IllegalStateException("the discarding queue takes no listeners");
        listeners.add(l);
    }

    public void unregister(ValidationListener l) {
        listeners.remove(l);
    }

    public void transactionAddedToMempool(Transaction tx, long mempoolSequence) {
        post(l -> l.transactionAddedToMempool(tx, mempoolSequence));
    }

    public void transactionRemovedFromMempool(Transaction tx, RemovalReason reason, long mempoolSequence) {
        post(l -> l.transactionRemovedFromMempool(tx, reason, mempoolSequence));
    }

    public void blockConnected(Block block, BlockIndex index) {
        post(l -> l.blockConnected(block, index));
    }

    public void blockDisconnected(Block block, BlockIndex index) {
        post(l -> l.blockDisconnected(block, index));
    }

    public void updatedBlockTip(BlockIndex tip, BlockIndex fork, boolean initialBlockDownload) {
        post(l -> l.updatedBlockTip(tip, fork, initialBlockDownload));
    }

    /**
     * Delivers {@code event} to an in-process subscriber (a wallet, through {@code QueuedChainListener}) on the
     * queue's thread, after everything posted before it and before everything posted after it. On a queue without a
     * thread ({@link #discarding()}: a chain or mempool no node started, as in tests and tools) it runs at once on the
     * caller's thread, which is the order of the events too. Dropped once the queue is closed.
     */
    public void enqueue(Runnable event) {
        if (worker == null) {
            event.run();
            return;
        }
        synchronized (this) {
            if (closed) return;
            pending.add(() -> {
                try {
                    event.run();
                } catch (RuntimeException e) {
                    LOG.error("Queued validation event failed", e);
                }
            });
            posted++;
            notifyAll();
        }
    }

    /** Whether the caller is the queue's delivery thread (which must not wait for the queue). */
    public boolean isDeliveryThread() {
        return worker != null && Thread.currentThread() == worker;
    }

    private void post(Consumer<ValidationListener> event) {
        if (worker == null || listeners.isEmpty()) return;
        synchronized (this) {
            if (closed) return;
            pending.add(() -> {
                for (ValidationListener l : listeners) {
                    try {
                        event.accept(l);
                    } catch (RuntimeException e) {
                        LOG.error("Validation listener {} failed", l.getClass().getSimpleName(), e);
                    }
                }
            });
            posted++;
            notifyAll();
        }
    }

    /**
     * Returns once every event posted before the call has reached the listeners (bitcoind's
     * SyncWithValidationInterfaceQueue). Must not be called from a listener: it would wait for itself.
     */
    public void sync() throws InterruptedException {
        if (worker == null) return;
        if (Thread.currentThread() == worker) throw new IllegalStateException("sync() from a validation listener");
        synchronized (this) {
            long target = posted;
            while (delivered < target && !(closed && pending.isEmpty())) wait();
        }
    }

    private void loop() {
        while (true) {
            Runnable next;
            synchronized (this) {
                while (pending.isEmpty() && !closed) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                if (pending.isEmpty()) return;
                next = pending.poll();
            }
            next.run();
            synchronized (this) {
                delivered++;
                notifyAll();
            }
        }
    }

    /** Delivers what is queued, then stops the thread; later events are dropped. */
    @Override
    public void close() throws InterruptedException {
        if (worker == null) return;
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        worker.join(10_000);
    }
}
