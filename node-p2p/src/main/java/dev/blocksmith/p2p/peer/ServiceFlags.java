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

    /** bitcoind's serviceFlagsToStr: every set bit in order, unknown ones as "UNKNOWN[2^n]". */
    public static List<String> names(long services) {
        List<String> out = new ArrayList<>();
        for (int bit = 0; bit < 64; bit++) {
            long flag = 1L << bit;
            if ((services & flag) == 0) continue;
            out.add(flag == NODE_NETWORK ? "NETWORK"
                    : flag == NODE_BLOOM ? "BLOOM"
                    : flag == NODE_WITNESS ? "WITNESS"
                    : flag == NODE_COMPACT_FILTERS ? "COMPACT_FILTERS"
                    : flag == NODE_NETWORK_LIMITED ? "NETWORK_LIMITED"
                    : flag == NODE_P2P_V2 ? "P2P_V2"
                    : "UNKNOWN[2^" + bit + "]");
        }
        return out;
    }
}
