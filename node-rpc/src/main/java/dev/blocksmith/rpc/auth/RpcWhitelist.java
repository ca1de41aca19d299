package dev.blocksmith.rpc.auth;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Per-user method allow lists ({@code -rpcwhitelist=user:method,method} and
 * {@code -rpcwhitelistdefault}), with bitcoind's rules: several lines for one user intersect, a
 * line without methods allows none, and once any whitelist is given, users without one may call
 * nothing unless {@code -rpcwhitelistdefault=0}.
 */
public final class RpcWhitelist {
    /** No whitelists: every authenticated user may call every method. */
    public static final RpcWhitelist NONE = new RpcWhitelist(Map.of(), false);

    private final Map<String, Set<String>> allowed;
    private final boolean denyUnlisted;

    private RpcWhitelist(Map<String, Set<String>> allowed, boolean denyUnlisted) {
        this.allowed = allowed;
        this.denyUnlisted = denyUnlisted;
    }

    /**
     * @param lines           the {@code -rpcwhitelist} values
     * @param whitelistDefault {@code -rpcwhitelistdefault}; empty means bitcoind's default (on when
     *                         any whitelist is given)
     */
    public static RpcWhitelist parse(List<String> lines, Optional<Boolean> whitelistDefault) {
        Map<String, Set<String>> allowed = new HashMap<>();
        for (String line : lines) {
            int colon = line.indexOf(':');
            String user = colon < 0 ? line : line.substring(0, colon);
            Set<String> methods = new HashSet<>();
            if (colon >= 0) {
                // bitcoind splits on both ',' and ' ' and keeps empty pieces, which match no method.
                for (String m : line.substring(colon + 1).split("[, ]", -1)) methods.add(m);
            }
            Set<String> previous = allowed.get(user);
            if (previous != null) methods.retainAll(previous);
            allowed.put(user, methods);
        }
        Map<String, Set<String>> frozen = new HashMap<>();
        allowed.forEach((u, m) -> frozen.put(u, Set.copyOf(m)));
        return new RpcWhitelist(Map.copyOf(frozen), whitelistDefault.orElse(!lines.isEmpty()));
    }

    /** Whether the user may call anything at all (false: HTTP 403 before the body is looked at). */
    public boolean userAllowed(String user) {
        return allowed.containsKey(user) || !denyUnlisted;
    }

    /** Whether the user may call the method. */
    public boolean methodAllowed(String user, String method) {
        Set<String> methods = allowed.get(user);
        return methods == null ? !denyUnlisted : methods.contains(method);
    }

    /** Whether the user has a whitelist of their own (then every call is checked). */
    public boolean hasList(String user) {
        return allowed.containsKey(user);
    }
}
