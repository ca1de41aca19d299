package dev.blocksmith.p2p.peer;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * An immutable set of {@link NetPermission}s with bitcoind's implications: noban includes download,
 * forcerelay includes relay. {@code implicit} marks a whitelist entry written without "perm@", whose
 * permissions are filled in from -whitelistrelay/-whitelistforcerelay when a peer is matched (bitcoind's
 * NetPermissionFlags::Implicit).
 */
public record NetPermissions(Set<NetPermission> flags, boolean implicit) {
    public static final NetPermissions NONE = new NetPermissions(Set.of(), false);

    public NetPermissions {
        EnumSet<NetPermission> closed = flags.isEmpty() ? EnumSet.noneOf(NetPermission.class) : EnumSet.copyOf(flags);
        if (closed.contains(NetPermission.NOBAN)) closed.add(NetPermission.DOWNLOAD);
        if (closed.contains(NetPermission.FORCERELAY)) closed.add(NetPermission.RELAY);
        flags = Set.copyOf(closed);
    }

    public static NetPermissions of(Collection<NetPermission> flags) {
        return new NetPermissions(Set.copyOf(flags), false);
    }

    public boolean has(NetPermission p) {
        return flags.contains(p);
    }

    public NetPermissions union(NetPermissions other) {
        EnumSet<NetPermission> all = EnumSet.noneOf(NetPermission.class);
        all.addAll(flags);
        all.addAll(other.flags);
        return new NetPermissions(all, implicit || other.implicit);
    }

    /**
     * bitcoind's treatment of an implicit entry when a peer is matched: relay if -whitelistrelay (default
     * on), forcerelay if -whitelistforcerelay (default off), and always mempool and noban.
     */
    public NetPermissions resolveImplicit(boolean whitelistRelay, boolean whitelistForceRelay) {
        if (!implicit) return this;
        EnumSet<NetPermission> all = EnumSet.of(NetPermission.MEMPOOL, NetPermission.NOBAN);
        all.addAll(flags);
        if (whitelistRelay) all.add(NetPermission.RELAY);
        if (whitelistForceRelay) all.add(NetPermission.FORCERELAY);
        return new NetPermissions(all, false);
    }

    /** getpeerinfo's "permissions": names in bitcoind's order. */
    public List<String> names() {
        List<String> out = new ArrayList<>();
        for (NetPermission p : NetPermission.values()) {
            if (flags.contains(p)) out.add(p.rpcName());
        }
        return out;
    }
}
