package dev.blocksmith.rpc.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Calls currently executing, for getrpcinfo's {@code active_commands}. */
public final class ActiveCommands {
    private final Map<Long, Running> running = new LinkedHashMap<>();
    private long nextId;

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
            synchronized (running) {
                running.remove(id);
            }
        }
    }
}
