package dev.blocksmith.core.chain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.params.Networks;
import dev.blocksmith.core.store.MemoryKeyValueStore;
import dev.blocksmith.core.testing.RejectSpendsVerifier;
import dev.blocksmith.core.testing.TestBlocks;
import java.util.List;
import org.junit.jupiter.api.Test;

/** bitcoind's preciousblock rules, as rpc_preciousblock.py exercises them. */
class PreciousBlockTest {
    private final NetworkParams params = Networks.REGTEST;
    private final ChainManager cm = ChainManager.open(params, new MemoryKeyValueStore(), new RejectSpendsVerifier(),
            ChainOptions.defaults(), () -> 1_700_000_000L);

    private BlockIndex extend(BlockIndex from, int n, int tag) throws Exception {
        BlockIndex prev = from;
        for (int i = 0; i < n; i++) {
            Block b = TestBlocks.nextBlock(params, prev, TestBlocks.p2wpkhScript(tag), List.of(), 0, tag * 100 + i);
            cm.processBlock(b);
            prev = cm.index(b.hash()).orElseThrow();
        }
        return prev;
    }

    @Test
    void equalWorkTipsSwitchOnPreciousAndBack() throws Exception {
        BlockIndex fork = extend(cm.tip().index(), 2, 1);
        BlockIndex a = extend(fork, 3, 2);
        BlockIndex b = extend(fork, 3, 3);
        // First seen wins among equal work.
        assertThat(cm.tip().hash()).isEqualTo(a.hash());

        cm.preciousBlock(b.hash());
        assertThat(cm.tip().hash()).isEqualTo(b.hash());
        cm.preciousBlock(a.hash());
        assertThat(cm.tip().hash()).isEqualTo(a.hash());
        cm.preciousBlock(b.hash());
        assertThat(cm.tip().hash()).isEqualTo(b.hash());

        // Less work than the tip: nothing happens.
        cm.preciousBlock(a.prev().hash());
        assertThat(cm.tip().hash()).isEqualTo(b.hash());

        // A longer chain still wins over a precious one.
        BlockIndex c = extend(a, 1, 4);
        assertThat(cm.tip().hash()).isEqualTo(c.hash());
    }

    /**
     * bitcoind's InvalidateBlock then ActivateBestChain: with the tip moved back, the candidates of equal work are
     * ranked by when they became known, so the branch seen first becomes the tip again (interface_zmq's reorg test
     * reads the disconnections this causes).
     */
    @Test
    void afterInvalidateBlockTheEqualWorkBranchSeenFirstWins() throws Exception {
        BlockIndex fork = extend(cm.tip().index(), 2, 1);
        BlockIndex first = extend(fork, 1, 2);
        BlockIndex later = extend(fork, 2, 3);
        assertThat(cm.tip().hash()).isEqualTo(later.hash());

        cm.invalidateBlock(later.hash());
        // later's parent has as much work as "first", which was seen before it.
        assertThat(cm.tip().hash()).isEqualTo(first.hash());

        cm.reconsiderBlock(later.hash());
        assertThat(cm.tip().hash()).isEqualTo(later.hash());
        // A plain equal-work arrival still leaves the tip alone.
        BlockIndex rival = extend(later.prev(), 1, 4);
        assertThat(rival.chainWork()).isEqualTo(later.chainWork());
        assertThat(cm.tip().hash()).isEqualTo(later.hash());
    }
}
