package dev.blocksmith.core.chain;

import dev.blocksmith.core.params.NetworkParams;

/**
 * Block pruning settings (bitcoind's {@code -prune} and {@code -fastprune}).
 *
 * @param targetBytes 0 when pruning is off; {@link #MANUAL} for {@code -prune=1} (only the
 *                    {@code pruneblockchain} RPC prunes); otherwise the most bytes of blk and rev files
 *                    automatic pruning keeps
 * @param fastPrune   {@code -fastprune}: blk files of 64 KiB ({@link FlatFileBlockStore#FASTPRUNE_BLOCKFILE_SIZE}), and on
 *                    regtest pruning may start above height 100 instead of 1000 (bitcoind's PruneAfterHeight)
 */
public record PruneOptions(long targetBytes, boolean fastPrune) {
    /** bitcoind's PRUNE_TARGET_MANUAL: the target of {@code -prune=1}. */
    public static final long MANUAL = Long.MAX_VALUE;
    /** bitcoind's MIN_DISK_SPACE_FOR_BLOCK_FILES: 550 MiB, the smallest automatic target. */
    public static final long MIN_TARGET_BYTES = 550L * 1024 * 1024;
    public static final PruneOptions OFF = new PruneOptions(0, false);

    public PruneOptions {
        if (targetBytes < 0) throw new IllegalArgumentException("negative prune target");
    }

    /**
     * The options from {@code -prune=<mib>} as bitcoind reads them (node/blockmanager_args.cpp), with its
     * messages for the values it refuses.
     */
    public static PruneOptions fromMiB(long mib, boolean fastPrune) throws InvalidPruneOption {
        if (mib < 0) throw new InvalidPruneOption("Prune cannot be configured with a negative value.");
        if (mib == 0) return new PruneOptions(0, fastPrune);
        if (mib == 1) return new PruneOptions(MANUAL, fastPrune);
        if (mib > Long.MAX_VALUE / (1024 * 1024) - 1) return new PruneOptions(MANUAL - 1, fastPrune);
        long bytes = mib * 1024 * 1024;
        if (bytes < MIN_TARGET_BYTES) {
            throw new InvalidPruneOption("Prune configured below the minimum of " + MIN_TARGET_BYTES / 1024 / 1024
                    + " MiB.  Please use a higher number.");
        }
        return new PruneOptions(bytes, fastPrune);
    }

    /** bitcoind's IsPruneMode: {@code -prune} is not 0. */
    public boolean enabled() {
        return targetBytes != 0;
    }

    /** Pruning runs by itself to stay under the target (not {@code -prune=1}). */
    public boolean automatic() {
        return enabled() && targetBytes != MANUAL;
    }

    /**
     * bitcoind's PruneAfterHeight of the chain: no block is pruned while the best chain is not above it
     * (100 000 on main, 1000 on the test networks, 100 on regtest with {@code -fastprune}).
     */
    public int pruneAfterHeight(NetworkParams params) {
        if (params.name().equals("main")) return 100_000;
        if (params.name().equals("regtest") && fastPrune) return 100;
        return 1000;
    }

    /** A {@code -prune} value bitcoind refuses at start; the message is bitcoind's. */
    public static final class InvalidPruneOption extends Exception {
        public InvalidPruneOption(String message) {
            super(message);
        }
    }
}
