package dev.blocksmith.rpc.methods.blockchain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.core.chain.ChainOptions;
import dev.blocksmith.core.chain.ChainTip;
import dev.blocksmith.core.chain.Coin;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.params.Networks;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.store.MemoryKeyValueStore;
import dev.blocksmith.core.testing.RejectSpendsVerifier;
import dev.blocksmith.core.testing.TestBlocks;
import dev.blocksmith.core.tx.OutPoint;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** gettxoutsetinfo's and scantxoutset's pass over the UTXO set while the chain goes on. */
class UtxoSetScanTest {
    private final NetworkParams params = Networks.REGTEST;
    private final Script pay = TestBlocks.p2wpkhScript(7);
    private final ChainManager chain = ChainManager.open(params, new MemoryKeyValueStore(), new RejectSpendsVerifier(),
            ChainOptions.defaults(), () -> 1_900_000_000L);
    private int tag;

    private void mine() throws Exception {
        Block b = TestBlocks.nextBlock(params, chain.tip().index(), pay, List.of(), 0, ++tag);
        chain.processBlock(b);
    }

    private static final class Counting implements UtxoSetScan.Pass {
        final List<OutPoint> seen = new ArrayList<>();
        Runnable duringPass = () -> { };

        @Override
        public void reset() {
            seen.clear();
        }

        @Override
        public boolean test(OutPoint op, Coin coin) {
            seen.add(op);
            duringPass.run();
            return true;
        }
    }

    @Test
    void blocksConnectedDuringThePassLeaveItsCoinsThoseOfTheFlushedTip() throws Exception {
        for (int i = 0; i < 5; i++) mine();
        Counting pass = new Counting();
        // Each coin visited, another block is connected (as a miner keeps going during the scan): only the cache
        // changes, so the pass stands for the tip it flushed, not the moving one.
        pass.duringPass = () -> {
            try {
                mine();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        ChainTip scanned = UtxoSetScan.run(chain, pass);
        assertThat(scanned.height()).isEqualTo(5);
        assertThat(pass.seen).hasSize(5);
        assertThat(chain.tip().height()).isEqualTo(10);
    }

    @Test
    void aFlushDuringThePassMakesItRunAgainOnTheNewState() throws Exception {
        for (int i = 0; i < 3; i++) mine();
        Counting pass = new Counting();
        int[] flushes = {0};
        pass.duringPass = () -> {
            if (flushes[0]++ == 0) {
                try {
                    mine();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                chain.flushCoins();
            }
        };
        ChainTip scanned = UtxoSetScan.run(chain, pass);
        assertThat(scanned.height()).isEqualTo(4);
        assertThat(pass.seen).hasSize(4);
    }
}
