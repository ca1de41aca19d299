package dev.blocksmith.p2p.peer;

import java.net.InetAddress;
import java.util.EnumSet;

/**
 * One -whitelist entry, {@code [permissions@]<IP address or network>} (bitcoind's NetWhitelistPermissions).
 * Permissions are comma-separated names, optionally with the directions "in" and/or "out" (default: in
 * only); without "@" the entry is implicit (see {@link NetPermissions#resolveImplicit}).
 */
public record NetWhitelistPermissions(NetPermissions permissions, Subnet subnet, boolean inbound, boolean outbound) {

    /** Parses an option value; the exception's message is bitcoind's error text. */
    public static NetWhitelistPermissions parse(String value) throws InvalidPermissionException {
        ParsedFlags parsed = ParsedFlags.parse(value, true);
        String net = value.substring(parsed.offset());
        Subnet subnet;
        try {
            subnet = Subnet.parse(net);
            if (net.isBlank()) throw new IllegalArgumentException("empty");
        } catch (RuntimeException e) {
            throw new InvalidPermissionException("Invalid netmask specified in -whitelist: '" + net + "'");
        }
        return new NetWhitelistPermissions(parsed.permissions(), subnet, parsed.inbound(), parsed.outbound());
    }

    /** Whether this entry applies to a connection with {@code address} in the given direction. */
    public boolean matches(InetAddress address, boolean inboundConnection) {
        return (inboundConnection ? inbound : outbound) && subnet.contains(address);
    }

    /** The permission names and directions before "@" (bitcoind's TryParsePermissionFlags). */
    record ParsedFlags(NetPermissions permissions, boolean inbound, boolean outbound, int offset) {
        static ParsedFlags parse(String value, boolean allowOutbound) throws InvalidPermissionException {
            int at = value.indexOf('@');
            if (at < 0) return new ParsedFlags(new NetPermissions(EnumSet.noneOf(NetPermission.class), true), true, false, 0);
            EnumSet<NetPermission> flags = EnumSet.noneOf(NetPermission.class);
            boolean in = false;
            boolean out = false;
            for (String name : value.substring(0, at).split(",", -1)) {
                switch (name) {
                    case "" -> { }
                    case "bloomfilter", "bloom" -> flags.add(NetPermission.BLOOMFILTER);
                    case "noban" -> flags.add(NetPermission.NOBAN);
                    case "forcerelay" -> flags.add(NetPermission.FORCERELAY);
                    case "relay" -> flags.add(NetPermission.RELAY);
                    case "mempool" -> flags.add(NetPermission.MEMPOOL);
                    case "download" -> flags.add(NetPermission.DOWNLOAD);
                    case "addr" -> flags.add(NetPermission.ADDR);
                    case "all" -> flags.addAll(EnumSet.allOf(NetPermission.class));
                    case "in" -> in = true;
                    case "out" -> {
                        if (!allowOutbound) {
                            throw new InvalidPermissionException("whitebind may only be used for incoming connections (\"out\" was passed)");
                        }
                        out = true;
                    }
                    default -> throw new InvalidPermissionException("Invalid P2P permission: '" + name + "'");
                }
            }
            if (!in && !out) {
                in = true;
            } else if (flags.isEmpty()) {
                throw new InvalidPermissionException("Only direction was set, no permissions: '" + value + "'");
            }
            return new ParsedFlags(new NetPermissions(flags, false), in, out, at + 1);
        }
    }
}
