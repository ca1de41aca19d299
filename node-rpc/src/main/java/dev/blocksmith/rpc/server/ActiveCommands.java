package dev.blocksmith.rpc.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Calls currently executing, for getrpcinfo's {@code active_commands}. */
public final class ActiveCommands {
    private final Map<Long, Running> running = new LinkedHashMap<>();
    private final java.util.List<CallObserver> observers = new java.util.concurrent.CopyOnWriteArrayList<>();
    private long nextId;

    /** Told about every finished call (for metrics: requests and latency by method). */
    @FunctionalInterface
    public interface CallObserver {
        void completed(String method, Duration took);
    }

    public void addObserver(CallObserver observer) {
        observers.add(observer);
    }

    /** A running call as getrpcinfo reports it. */
    public record Snapshot(String method, Duration duration) {}

    private record Running(String method, long startNanos) {}

    /** Registers a call; closing the handle removes it. */
    public Handle start(String method) {
        long id;
        synchronized (running) {
            id = nextId++;
            running.put(id, new Running(method, System.nanoTime()));
        }
        return new Handle(id);
    }

    /** Running calls in the order they started. */
    public List<Snapshot> snapshot() {
        long now = System.nanoTime();
        List<Snapshot> out = new ArrayList<>();
        synchronized (running) {
            for (Running r : running.values()) {
                out.add(new Snapshot(r.method(), Duration.ofNanos(now - r.startNanos())));
            }
        }
        return out;
    }

    /** Removes its call from the active list when closed. */
    public final class Handle implements AutoCloseable {
        private final long id;

        private Handle(long id) {
            this.id = id;
        }

        @Override
        public void close() {
            Running r;
            synchronized (running) {
                r = running.remove(id);
            }
            if (r != null && !observers.isEmpty()) {
                Duration took = Duration.ofNanos(System.nanoTime() - r.startNanos());
                for (CallObserver o : observers) o.completed(r.method(), took);
            }
        }
    }
}
