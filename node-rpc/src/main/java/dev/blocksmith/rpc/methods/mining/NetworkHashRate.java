package dev.blocksmith.rpc.methods.mining;

import dev.blocksmith.core.chain.BlockIndex;
import java.math.BigInteger;

/** Core's GetNetworkHashPS: work over time across a window of recent blocks. */
final class NetworkHashRate {
    private NetworkHashRate() {
    }

    /**
     * @param tip the last block of the window
     * @param nblocks window size; 0 or less means "since the last difficulty change"
     */
    static double estimate(BlockIndex tip, int nblocks, int retargetInterval) {
        if (tip == null || tip.height() == 0) return 0;
        if (nblocks <= 0) nblocks = tip.height() % retargetInterval + 1;
        nblocks = Math.min(nblocks, tip.height());
        BlockIndex first = tip;
        long minTime = first.time();
        long maxTime = minTime;
        for (int i = 0; i < nblocks; i++) {
            first = first.prev();
            minTime = Math.min(minTime, first.time());
            maxTime = Math.max(maxTime, first.time());
        }
        if (minTime == maxTime) return 0;
        BigInteger work = tip.chainWork().subtract(first.chainWork());
        return work.doubleValue() / (maxTime - minTime);
    }
}
