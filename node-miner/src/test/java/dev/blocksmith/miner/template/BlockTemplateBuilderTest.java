package dev.blocksmith.miner.template;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.chain.BlockAcceptance;
import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.core.chain.ChainOptions;
import dev.blocksmith.core.consensus.Subsidy;
import dev.blocksmith.core.params.Networks;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.store.MemoryKeyValueStore;
import dev.blocksmith.core.testing.RejectSpendsVerifier;
import dev.blocksmith.core.testing.TestBlocks;
import org.junit.jupiter.api.Test;

class BlockTemplateBuilderTest {
    @Test
    void templatesOnEveryHeightProduceValidBlocks() throws Exception {
        ChainManager cm = ChainManager.open(Networks.REGTEST, new MemoryKeyValueStore(), new RejectSpendsVerifier(),
                ChainOptions.defaults(), () -> 1_700_000_000L);
        BlockTemplateBuilder builder = new BlockTemplateBuilder(cm, TransactionSource.empty(),
                BlockTemplateBuilder.DEFAULT_BLOCK_MAX_WEIGHT);
        Script pay = TestBlocks.p2wpkhScript(7);
        for (int i = 1; i <= 20; i++) {
            BlockTemplate t = builder.build();
            assertThat(t.height()).isEqualTo(i);
            assertThat(t.coinbaseValue()).isEqualTo(Subsidy.at(i, Networks.REGTEST));
            assertThat(t.witnessCommitment()).isPresent();
            Block unsolved = BlockTemplateBuilder.assemble(t, pay, new byte[] {0, 0, 0, 0});
            // bitcoind 30: the coinbase is timelocked to the previous height, its sequence non-final.
            assertThat(unsolved.coinbase().lockTime()).isEqualTo(i - 1);
            assertThat(unsolved.coinbase().input(0).sequence()).isEqualTo(0xfffffffeL);
            Block solved = new Block(TestBlocks.solve(unsolved.header(), Networks.REGTEST), unsolved.transactions());
            assertThat(cm.processBlock(solved)).isEqualTo(BlockAcceptance.CONNECTED);
        }
        assertThat(cm.tip().height()).isEqualTo(20);
        assertThat(cm.addressIndex().orElseThrow().balance(pay).balance()).isEqualTo(20 * 50_0000_0000L);
    }
}
