package dev.blocksmith.p2p.peer;

import java.util.ArrayList;
import java.util.List;

/** Service bits of the version message, with bitcoind's names for getpeerinfo's servicesnames. */
public final class ServiceFlags {
    public static final long NODE_NETWORK = 1;
    public static final long NODE_BLOOM = 1 << 2;
    public static final long NODE_WITNESS = 1 << 3;
    public static final long NODE_COMPACT_FILTERS = 1 << 6;
    public static final long NODE_NETWORK_LIMITED = 1 << 10;
    public static final long NODE_P2P_V2 = 1 << 11;
    /** BIP159: a NODE_NETWORK_LIMITED peer serves at least the last 288 blocks. */
    public static final int NETWORK_LIMITED_BLOCKS = 288;

    private ServiceFlags() {
    }

    /**
     * bitcoind's own services: NODE_NETWORK_LIMITED and NODE_WITNESS always, NODE_NETWORK only when not pruning
     * (a pruning node cannot serve the whole chain, BIP159).
     */
    public static long local(boolean pruneMode) {
        return NODE_NETWORK_LIMITED | NODE_WITNESS | (pruneMode ? 0 : NODE_NETWORK);
    }

    /**
     * Core's HasAllDesirableServiceFlags for automatic outbound peers: witness support and the block
     * history (full, or recent-only when we are near the tip).
     */
    public static boolean desirable(long services, boolean nearTip) {
        long history = nearTip ? (NODE_NETWORK | NODE_NETWORK_LIMITED) : NODE_NETWORK;
        return (services & NODE_WITNESS) != 0 && (services & history) != 0;
    }

    public static List<String> names(long services) {
        List<String> out = new ArrayList<>();
        if ((services & NODE_NETWORK) != 0) out.add("NETWORK");
        if ((services & NODE_BLOOM) != 0) out.add("BLOOM");
        if ((services & NODE_WITNESS) != 0) out.add("WITNESS");
        if ((services & NODE_COMPACT_FILTERS) != 0) out.add("COMPACT_FILTERS");
        if ((services & NODE_NETWORK_LIMITED) != 0) out.add("NETWORK_LIMITED");
        if ((services & NODE_P2P_V2) != 0) out.add("P2P_V2");
        return out;
    }
}
