package dev.blocksmith.p2p.v2;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * BIP324's one-byte message type ids (its "v2 Bitcoin P2P message type table", as bitcoind 30 lists them): ids 1 to
 * 28; 29 to 32 are assigned to messages bitcoind does not implement and decode to an unknown (ignored) type; any
 * other id is an invalid message type.
 */
public final class ShortMessageIds {
    private static final List<String> TABLE = List.of(
            "", "addr", "block", "blocktxn", "cmpctblock", "feefilter", "filteradd", "filterclear", "filterload",
            "getblocks", "getblocktxn", "getdata", "getheaders", "headers", "inv", "mempool", "merkleblock",
            "notfound", "ping", "pong", "sendcmpct", "tx", "getcfilters", "cfilter", "getcfheaders", "cfheaders",
            "getcfcheckpt", "cfcheckpt", "addrv2",
            // assigned in BIP324 to messages bitcoind does not implement
            "", "", "", "");
    private static final Map<String, Integer> IDS = new HashMap<>();

    static {
        for (int i = 1; i < TABLE.size(); i++) {
            if (!TABLE.get(i).isEmpty()) IDS.put(TABLE.get(i), i);
        }
    }

    private ShortMessageIds() {
    }

    /** The one-byte id of a message type, when it has one. */
    public static Optional<Integer> shortId(String command) {
        return Optional.ofNullable(IDS.get(command));
    }

    /** The message type of a short id 1..255: empty for an invalid id, "" for an assigned but unimplemented one. */
    public static Optional<String> command(int id) {
        return id > 0 && id < TABLE.size() ? Optional.of(TABLE.get(id)) : Optional.empty();
    }
}
