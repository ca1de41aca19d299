package dev.blocksmith.miner.template;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.block.BlockHeader;
import dev.blocksmith.core.chain.BlockAcceptance;
import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.core.chain.ChainOptions;
import dev.blocksmith.core.consensus.Difficulty;
import dev.blocksmith.core.crypto.Hashes;
import dev.blocksmith.core.params.Networks;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.script.Opcodes;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.store.MemoryKeyValueStore;
import dev.blocksmith.core.testing.RejectSpendsVerifier;
import dev.blocksmith.core.testing.TestBlocks;
import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.core.tx.TxOut;
import dev.blocksmith.miner.CpuMiner;
import dev.blocksmith.miner.Solution;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
class TemplateJobTest {
    private static final Script PAY = TestBlocks.p2wpkhScript(3);

    @Test
    void merkleRootFromTheCoinbaseBranchMatchesTheFullTreeForAnyTransactionCount() {
        for (int n = 0; n <= 12; n++) {
            List<Transaction> txs = new ArrayList<>();
            for (int i = 0; i < n; i++) txs.add(dummyTx(i));
            WorkTemplate t = new WorkTemplate(200, 0x20000000, Sha256Hash.ZERO, 0x207fffffL, 1_700_000_100L,
                    1_700_000_000L, 5_000_000_000L, txs, Optional.empty(), true);
            TemplateJob tj = TemplateJob.of(t, PAY);
            for (long extraNonce : new long[] {0, 1, 0x1234_5678_9abcL}) {
                BlockHeader h = tj.job().headers().header(extraNonce, 1_700_000_200L);
                Block block = new Block(h, concat(tj.coinbase(extraNonce), txs));
                assertThat(h.merkleRoot()).as("%d transactions", n).isEqualTo(block.computeMerkle().root());
            }
        }
    }

    @Test
    void coinbaseCarriesHeightExtranonceAndCommitment() {
        Script commitment = dev.blocksmith.core.block.Block.witnessCommitmentScript(Hashes.hash256(new byte[] {1}));
        for (int height : new int[] {1, 16, 17, 300_000}) {
            WorkTemplate t = new WorkTemplate(height, 0x20000000, Sha256Hash.ZERO, 0x207fffffL, 1_700_000_100L,
                    1_700_000_000L, 1234L, List.of(), Optional.of(commitment), true);
            Transaction cb = TemplateJob.of(t, PAY).coinbase(258);
            byte[] sig = cb.input(0).scriptSig().bytes();
            // scriptSig = <height push> <extranonce 258 as a script number>: 2..100 bytes (bad-cb-length) and
            // the BIP34 prefix Core compares against CScript() << height.
            assertThat(sig.length).isBetween(2, 100);
            if (height <= 16) assertThat(sig[0] & 0xff).isEqualTo(Opcodes.OP_1 + height - 1);
            assertThat(java.util.Arrays.copyOfRange(sig, sig.length - 3, sig.length)).containsExactly(2, 2, 1);
            assertThat(cb.outputs()).extracting(TxOut::value).containsExactly(1234L, 0L);
            assertThat(cb.output(1).scriptPubKey()).isEqualTo(commitment);
            assertThat(cb.input(0).witness().size()).isEqualTo(1);
        }
    }

    @Test
    void firstExtranonceIsBitcoindsDummyOp0() {
        // bitcoind's generate RPCs: CScript() << height << OP_0, so regtest blocks are byte for byte bitcoind's.
        for (int height : new int[] {1, 16, 17, 300}) {
            WorkTemplate t = new WorkTemplate(height, 0x20000000, Sha256Hash.ZERO, 0x207fffffL, 1_700_000_100L,
                    1_700_000_000L, 1234L, List.of(), Optional.empty(), true);
            byte[] sig = TemplateJob.of(t, PAY).coinbase(0).input(0).scriptSig().bytes();
            byte[] expected = new dev.blocksmith.core.script.ScriptBuilder().number(height).op(Opcodes.OP_0).build().bytes();
            assertThat(sig).containsExactly(expected);
        }
    }

    @Test
    void headerTimeAndBitsFollowTheJobRules() {
        WorkTemplate t = new WorkTemplate(5, 0x20000000, Sha256Hash.ZERO, 0x1d00ffffL, 1_700_000_100L,
                1_700_000_000L, 1L, List.of(), Optional.empty(), true);
        TemplateJob tj = TemplateJob.of(t, PAY, time -> time > 1_700_001_300L ? 0x207fffffL : 0x1d00ffffL);
        assertThat(tj.job().minTime()).isEqualTo(1_700_000_100L);
        assertThat(tj.header(0, 1_700_000_200L).bits()).isEqualTo(0x1d00ffffL);
        assertThat(tj.header(0, 1_700_001_301L).bits()).isEqualTo(0x207fffffL);
    }

    @Test
    void minesTwentyRegtestBlocksThatTheChainConnects() throws Exception {
        ChainManager chain = ChainManager.open(Networks.REGTEST, new MemoryKeyValueStore(), new RejectSpendsVerifier(),
                ChainOptions.defaults(), () -> 1_700_000_000L);
        BlockTemplateBuilder builder = new BlockTemplateBuilder(chain, TransactionSource.empty(),
                BlockTemplateBuilder.DEFAULT_BLOCK_MAX_WEIGHT);
        BlockingQueue<Solution> solutions = new LinkedBlockingQueue<>();
        try (CpuMiner miner = CpuMiner.builder().threads(2).clockSeconds(chain::now).onSolution(solutions::add).build()) {
            miner.start();
            for (int i = 1; i <= 20; i++) {
                BlockTemplate template = builder.build();
                TemplateJob tj = TemplateJob.of(WorkTemplate.from(template), PAY,
                        TemplateJob.chainBits(chain, template.previousBlockHash()));
                miner.submit(tj.job());
                Solution s = solutions.poll(30, TimeUnit.SECONDS);
                assertThat(s).isNotNull();
                Block block = tj.block(s);
                assertThat(Difficulty.checkProofOfWork(block.hash(), block.header().bits(), Networks.REGTEST.powLimit()))
                        .isTrue();
                assertThat(chain.processBlock(block)).isEqualTo(BlockAcceptance.CONNECTED);
            }
        }
        assertThat(chain.tip().height()).isEqualTo(20);
    }

    private static Transaction dummyTx(int i) {
        Sha256Hash prev = Hashes.hash256(ByteBuffer.allocate(4).putInt(i).array());
        return new Transaction(2, List.of(new TxIn(new OutPoint(prev, i), Script.EMPTY, TxIn.SEQUENCE_FINAL)),
                List.of(new TxOut(1000 + i, PAY)), 0);
    }

    private static List<Transaction> concat(Transaction first, List<Transaction> rest) {
        List<Transaction> all = new ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return all;
    }
}
