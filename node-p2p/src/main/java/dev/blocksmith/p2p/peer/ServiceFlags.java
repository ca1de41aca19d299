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

    /** bitcoind's NODE_NETWORK_LIMITED_ALLOW_CONN_BLOCKS: a limited peer is desirable while our tip is this close. */
    public static final long NETWORK_LIMITED_ALLOW_CONN_BLOCKS = 144;

    /**
     * bitcoind's GetDesirableServiceFlags for automatic outbound peers: witness support and the block history,
     * which a limited peer offers only while our tip is fewer than {@link #NETWORK_LIMITED_ALLOW_CONN_BLOCKS}
     * block intervals old ({@code tipDepthBlocks}); otherwise the whole chain.
     */
    public static long desirable(long offered, long tipDepthBlocks) {
        if ((offered & NODE_NETWORK_LIMITED) != 0 && tipDepthBlocks < NETWORK_LIMITED_ALLOW_CONN_BLOCKS) {
            return NODE_NETWORK_LIMITED | NODE_WITNESS;
        }
        return NODE_NETWORK | NODE_WITNESS;
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
