package dev.blocksmith.cli.node;

import dev.blocksmith.cli.config.ConfigException;
import dev.blocksmith.p2p.peer.InvalidPermissionException;
import dev.blocksmith.p2p.peer.NetWhitebindPermissions;
import dev.blocksmith.p2p.peer.NetWhitelistPermissions;
import java.util.ArrayList;
import java.util.List;

/** -whitelist and -whitebind values parsed with bitcoind's rules (node-p2p's parsers), as start-up errors. */
public final class NodeP2pPermissions {
    private NodeP2pPermissions() {
    }

    public static List<NetWhitelistPermissions> whitelist(List<String> values) {
        try {
            return checkedWhitelist(values);
        } catch (ConfigException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    public static List<NetWhitebindPermissions> whitebind(List<String> values) {
        try {
            return checkedWhitebind(values);
        } catch (ConfigException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    public static List<NetWhitelistPermissions> checkedWhitelist(List<String> values) throws ConfigException {
        List<NetWhitelistPermissions> out = new ArrayList<>();
        for (String v : values) {
            try {
                out.add(NetWhitelistPermissions.parse(v));
            } catch (InvalidPermissionException e) {
                throw new ConfigException(e.getMessage());
            }
        }
        return out;
    }

    public static List<NetWhitebindPermissions> checkedWhitebind(List<String> values) throws ConfigException {
        List<NetWhitebindPermissions> out = new ArrayList<>();
        for (String v : values) {
            try {
                out.add(NetWhitebindPermissions.parse(v));
            } catch (InvalidPermissionException e) {
                throw new ConfigException(e.getMessage());
            }
        }
        return out;
    }
}
