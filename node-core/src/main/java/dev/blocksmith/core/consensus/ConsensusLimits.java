package dev.blocksmith.core.consensus;

/** Consensus constants shared by every network (Core's consensus.h). */
public final class ConsensusLimits {
    private ConsensusLimits() {
    }

    public static final int MAX_BLOCK_WEIGHT = 4_000_000;
    public static final int MAX_BLOCK_SERIALIZED_SIZE = 4_000_000;
    public static final int MAX_BLOCK_SIGOPS_COST = 80_000;
    /** A block may be at most this far ahead of the local clock (seconds). */
    public static final long MAX_FUTURE_BLOCK_TIME = 2 * 60 * 60;
    /** BIP94: first block of a period may be at most this much earlier than its parent. */
    public static final long MAX_TIMEWARP = 600;
    public static final int MEDIAN_TIME_SPAN = 11;
    /** Lock times below this are block heights, at or above it UNIX times. */
    public static final long LOCKTIME_THRESHOLD = 500_000_000L;
    /** Core's BIP34_IMPLIES_BIP30_LIMIT. */
    public static final int BIP34_IMPLIES_BIP30_LIMIT = 1_983_702;
}
