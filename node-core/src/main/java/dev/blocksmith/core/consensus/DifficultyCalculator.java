package dev.blocksmith.core.consensus;

import dev.blocksmith.core.chain.BlockIndex;
import dev.blocksmith.core.params.NetworkParams;
import java.math.BigInteger;

/** The nBits a block must carry (Core's GetNextWorkRequired / CalculateNextWorkRequired). */
public final class DifficultyCalculator {
    private DifficultyCalculator() {
    }

    /**
     * @param prev the parent of the new block (never null: genesis is never validated this way)
     * @param newBlockTime the new block's timestamp, which the testnet 20-minute rule looks at
     */
    public static long nextWorkRequired(BlockIndex prev, long newBlockTime, NetworkParams params) {
        int interval = params.retargetInterval();
        long limitBits = params.powLimitBits();
        if ((prev.height() + 1) % interval != 0) {
            if (params.allowMinDifficultyBlocks()) {
                // Testnet rule: a block more than twice the spacing after its parent may use the minimum
                // difficulty; otherwise it inherits the last "real" difficulty of the period.
                if (newBlockTime > prev.time() + params.targetSpacing() * 2) {
                    return limitBits;
                }
                BlockIndex walk = prev;
                while (walk.prev() != null && walk.height() % interval != 0 && walk.header().bits() == limitBits) {
                    walk = walk.prev();
                }
                return walk.header().bits();
            }
            return prev.header().bits();
        }
        // Retarget: measured over the period's 2015 intervals (first to last block), Core's off-by-one kept.
        BlockIndex first = prev.ancestor(prev.height() - (interval - 1));
        return calculateNextWorkRequired(prev, first, params);
    }

    public static long calculateNextWorkRequired(BlockIndex last, BlockIndex first, NetworkParams params) {
        if (params.noRetargeting()) return last.header().bits();
        return retarget(last.header().bits(), first.header().bits(), last.time() - first.time(), params);
    }

    /**
     * New compact target from the period's measured timespan, clamped to [timespan/4, timespan*4]. With
     * BIP94 the base is the first block's target (block-storm fix), otherwise the last block's.
     */
    public static long retarget(long lastBits, long firstBits, long actualTimespan, NetworkParams params) {
        long timespan = params.targetTimespan();
        long actual = Math.max(timespan / 4, Math.min(timespan * 4, actualTimespan));
        BigInteger base = Difficulty.decodeCompact(params.enforceBip94() ? firstBits : lastBits);
        BigInteger target = base.multiply(BigInteger.valueOf(actual)).divide(BigInteger.valueOf(timespan));
        if (target.compareTo(params.powLimit()) > 0) target = params.powLimit();
        return Difficulty.encodeCompact(target);
    }
}
