package dev.blocksmith.rpc.methods.blockchain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.chain.BlockIndex;
import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.core.chain.ChainOptions;
import dev.blocksmith.core.params.ChainTxData;
import dev.blocksmith.core.params.Networks;
import dev.blocksmith.core.store.MemoryKeyValueStore;
import dev.blocksmith.core.testing.RejectSpendsVerifier;
import dev.blocksmith.core.testing.TestBlocks;
import java.util.List;
import org.junit.jupiter.api.Test;

/** bitcoind 30's GuessVerificationProgress on regtest's rate (rpc_blockchain's _test_verificationprogress). */
class VerificationProgressTest {
    @Test
    void exactlyOneForARecentTipWithoutNewerHeadersBelowOtherwise() throws Exception {
        ChainManager chain = ChainManager.open(Networks.REGTEST, new MemoryKeyValueStore(), new RejectSpendsVerifier(),
                ChainOptions.defaults(), () -> 1_700_000_000L);
        for (int i = 0; i < 3; i++) {
            chain.processBlock(TestBlocks.nextBlock(Networks.REGTEST, chain.tip().index(), TestBlocks.p2wpkhScript(1), List.of(), 0, i));
        }
        assertThat(Networks.REGTEST.chainTxData()).isEqualTo(new ChainTxData(0, 0, 0.001));
        GetBlockchainInfoMethod info = new GetBlockchainInfoMethod(chain, Networks.REGTEST.chainTxData());
        BlockIndex tip = chain.tip().index();
        long twoHours = 2 * 3600;
        assertThat(info.verificationProgress(tip, tip.time() + twoHours)).isEqualTo(1.0);
        assertThat(info.verificationProgress(tip, tip.time() + twoHours + 1)).isLessThan(1.0);
        Block next = TestBlocks.nextBlock(Networks.REGTEST, tip, TestBlocks.p2wpkhScript(1), List.of(), 0, 9);
        chain.processHeader(next.header());
        assertThat(info.verificationProgress(tip, tip.time())).isLessThan(1.0);
    }
}
