package dev.blocksmith.rpc.methods;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The table of callable methods (bitcoind's CRPCTable). Modules register their methods while the
 * node wires itself; the server looks methods up by name for every call.
 */
public final class MethodRegistry {
    private final Map<String, RpcMethod> methods = new ConcurrentHashMap<>();

    public MethodRegistry register(RpcMethod method) {
        RpcMethod previous = methods.putIfAbsent(method.name(), method);
        if (previous != null) {
            throw new IllegalArgumentException("RPC method registered twice: " + method.name());
        }
        return this;
    }

    public MethodRegistry registerAll(Collection<? extends RpcMethod> all) {
        all.forEach(this::register);
        return this;
    }

    public Optional<RpcMethod> find(String name) {
        return Optional.ofNullable(methods.get(name));
    }

    /** All methods in help order: by category name, then method name (bitcoind sorts category+name). */
    public List<RpcMethod> methods() {
        return methods.values().stream()
                .sorted(Comparator.comparing(m -> m.category().label() + m.name()))
                .toList();
    }
}
