package dev.blocksmith.core.time;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's background task queue, as bitcoind's CScheduler: one thread runs each task when it falls
 * due (on the steady clock, so a mock time does not stall or flood it), repeating tasks are queued again
 * one interval after they ran, and {@link #mockForward} ({@code mockscheduler}) brings every task's due
 * time earlier by a duration so tests need not wait an hour for an hourly task.
 */
public final class NodeScheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeScheduler.class);

    private record Task(String name, long dueNanos, long sequence, Duration every, Runnable action) {
        Task shifted(long byNanos) {
            return new Task(name, dueNanos - byNanos, sequence, every, action);
        }
    }

    private final LongSupplier steadyNanos;
    private final PriorityQueue<Task> queue = new PriorityQueue<>(
            Comparator.comparingLong(Task::dueNanos).thenComparingLong(Task::sequence));
    private final Thread worker;
    private long nextSequence;
    private boolean stopped;
    /** Tasks taken from the queue and not yet finished (so {@link #awaitIdle} can tell). */
    private int running;

    private NodeScheduler(LongSupplier steadyNanos, String threadName) {
        this.steadyNanos = steadyNanos;
        this.worker = new Thread(this::loop, threadName);
        this.worker.setDaemon(true);
    }

    /** A started scheduler on {@link System#nanoTime()}. */
    public static NodeScheduler start(String threadName) {
        return start(System::nanoTime, threadName);
    }

    /** A started scheduler on a given steady clock (tests). */
    public static NodeScheduler start(LongSupplier steadyNanos, String threadName) {
        NodeScheduler s = new NodeScheduler(Objects.requireNonNull(steadyNanos), threadName);
        s.worker.start();
        return s;
    }

    /** Runs {@code action} every {@code interval}, first one interval from now. */
    public synchronized void scheduleEvery(String name, Duration interval, Runnable action) {
        if (interval.isNegative() || interval.isZero()) throw new IllegalArgumentException("interval must be positive");
        add(new Task(name, steadyNanos.getAsLong() + interval.toNanos(), nextSequence++, interval, action));
    }

    /** Runs {@code action} once, {@code delay} from now. */
    public synchronized void scheduleAfter(String name, Duration delay, Runnable action) {
        add(new Task(name, steadyNanos.getAsLong() + Math.max(0, delay.toNanos()), nextSequence++, null, action));
    }

    private void add(Task t) {
        if (stopped) return;
        queue.add(t);
        notifyAll();
    }

    /** Brings every queued task's due time earlier by {@code delta} (bitcoind's CScheduler::MockForward). */
    public synchronized void mockForward(Duration delta) {
        if (delta.isNegative()) throw new IllegalArgumentException("delta must not be negative");
        List<Task> all = new ArrayList<>(queue);
        queue.clear();
        for (Task t : all) queue.add(t.shifted(delta.toNanos()));
        notifyAll();
    }

    /** How many tasks are queued (repeating ones count once). */
    public synchronized int queued() {
        return queue.size();
    }

    /**
     * Waits until no task is due now and none is running, so a caller of {@link #mockForward} can
     * know the tasks it made due have run.
     *
     * @return false if {@code timeout} passed first
     */
    public synchronized boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (running > 0 || (!queue.isEmpty() && queue.peek().dueNanos() <= steadyNanos.getAsLong() && !stopped)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) return false;
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    private void loop() {
        while (true) {
            Task task;
            synchronized (this) {
                try {
                    while (!stopped && (queue.isEmpty() || queue.peek().dueNanos() > steadyNanos.getAsLong())) {
                        if (queue.isEmpty()) {
                            wait();
                        } else {
                            long waitNanos = queue.peek().dueNanos() - steadyNanos.getAsLong();
                            wait(Math.max(1, waitNanos / 1_000_000), 0);
                        }
                    }
                } catch (InterruptedException e) {
                    return;
                }
                if (stopped) return;
                task = queue.poll();
                running++;
            }
            try {
                task.action().run();
            } catch (RuntimeException e) {
                LOG.error("Scheduled task {} failed: {}", task.name(), e.getMessage(), e);
            } finally {
                synchronized (this) {
                    running--;
                    if (task.every() != null && !stopped) {
                        queue.add(new Task(task.name(), steadyNanos.getAsLong() + task.every().toNanos(), nextSequence++,
                                task.every(), task.action()));
                    }
                    notifyAll();
                }
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        synchronized (this) {
            stopped = true;
            queue.clear();
            notifyAll();
        }
        worker.join(5_000);
    }
}
