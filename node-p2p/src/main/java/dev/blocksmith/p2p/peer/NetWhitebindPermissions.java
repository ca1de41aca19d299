package dev.blocksmith.p2p.peer;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * One -whitebind entry, {@code [permissions@]addr:port} (bitcoind's NetWhitebindPermissions): peers that
 * connect to this listening address get the permissions. Only IP literals are accepted (no name lookups).
 */
public record NetWhitebindPermissions(NetPermissions permissions, InetSocketAddress address) {

    /** Parses an option value; the exception's message is bitcoind's error text. */
    public static NetWhitebindPermissions parse(String value) throws InvalidPermissionException {
        NetWhitelistPermissions.ParsedFlags parsed = NetWhitelistPermissions.ParsedFlags.parse(value, false);
        String bind = value.substring(parsed.offset());
        String host;
        int port = 0;
        if (bind.startsWith("[")) {
            int close = bind.indexOf(']');
            if (close < 0) throw cannotResolve(bind);
            host = bind.substring(1, close);
            String rest = bind.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) throw cannotResolve(bind);
                port = port(rest.substring(1), bind);
            }
        } else {
            int colon = bind.lastIndexOf(':');
            if (colon >= 0 && bind.indexOf(':') == colon) {
                host = bind.substring(0, colon);
                port = port(bind.substring(colon + 1), bind);
            } else {
                host = bind;
            }
        }
        InetAddress address = literal(host).orElseThrow(() -> cannotResolve(bind));
        if (port == 0) throw new InvalidPermissionException("Need to specify a port with -whitebind: '" + bind + "'");
        return new NetWhitebindPermissions(parsed.permissions(), new InetSocketAddress(address, port));
    }

    private static int port(String text, String bind) throws InvalidPermissionException {
        try {
            int p = Integer.parseInt(text);
            if (p < 0 || p > 65535) throw cannotResolve(bind);
            return p;
        } catch (NumberFormatException e) {
            throw cannotResolve(bind);
        }
    }

    private static java.util.Optional<InetAddress> literal(String host) {
        if (host.isEmpty() || !host.matches("[0-9a-fA-F:.]+")) return java.util.Optional.empty();
        if (!host.contains(":") && !host.matches("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})")) return java.util.Optional.empty();
        if (!host.contains(":")) {
            for (String part : host.split("\\.")) if (Integer.parseInt(part) > 255) return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(InetAddress.getByName(host));
        } catch (UnknownHostException e) {
            return java.util.Optional.empty();
        }
    }

    private static InvalidPermissionException cannotResolve(String bind) {
        return new InvalidPermissionException("Cannot resolve -whitebind address: '" + bind + "'");
    }
}
