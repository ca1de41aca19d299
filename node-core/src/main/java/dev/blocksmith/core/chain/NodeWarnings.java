package dev.blocksmith.core.chain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The warnings the node raises about its chain (bitcoind's node::Warnings with kernel::Warning ids), shown by
 * getblockchaininfo, getmininginfo and getnetworkinfo. A warning is raised once per id: setting an id that is
 * already set changes nothing and tells nobody, as bitcoind's Warnings::Set (so -alertnotify runs once).
 */
public final class NodeWarnings {
    /** bitcoind's kernel::Warning::UNKNOWN_NEW_RULES_ACTIVATED. */
    public static final String UNKNOWN_NEW_RULES_ACTIVATED = "unknown-new-rules-activated";

    private final Map<String, String> active = new LinkedHashMap<>();
    private final List<Consumer<String>> onRaised = new CopyOnWriteArrayList<>();

    /** Raises {@code message} under {@code id}; returns whether it is new (then every listener hears of it). */
    public boolean set(String id, String message) {
        synchronized (this) {
            if (active.containsKey(id)) return false;
            active.put(id, message);
        }
        for (Consumer<String> c : onRaised) c.accept(message);
        return true;
    }

    public synchronized void unset(String id) {
        active.remove(id);
    }

    /** The active warnings' messages, oldest first. */
    public synchronized List<String> messages() {
        return new ArrayList<>(active.values());
    }

    /** Calls {@code c} with each newly raised warning's message (bitcoind's AlertNotify). */
    public void onRaised(Consumer<String> c) {
        onRaised.add(c);
    }
}
