package dev.blocksmith.core.chain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.consensus.BlockScriptVerifier;
import dev.blocksmith.core.consensus.ParallelScriptVerifier;
import dev.blocksmith.core.consensus.ValidationException;
import dev.blocksmith.core.crypto.SignatureCache;
import dev.blocksmith.core.params.Networks;
import dev.blocksmith.core.script.ScriptValidation;
import dev.blocksmith.core.store.MemoryKeyValueStore;
import dev.blocksmith.core.testing.MainnetBlocks;
import dev.blocksmith.core.testing.RejectSpendsVerifier;
import dev.blocksmith.core.tx.TxOut;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Imports real main-network blocks from genesis with full validation, scripts included, and compares the
 * result with what Bitcoin reports for the same blocks ({@link MainnetBlocks}).
 */
class MainnetImportTest {
    private static final Path BLOCKS = MainnetBlocks.file();

    @Test
    void importsTheFirstMainnetBlocksWithFullValidationAndMatchesBitcoin() throws Exception {
        assertThat(BLOCKS).as("the build unpacks the main-network block file").isRegularFile();
        try (ParallelScriptVerifier scripts = new ParallelScriptVerifier(new ScriptValidation(new SignatureCache(1000)), 2)) {
            CountingVerifier counting = new CountingVerifier(scripts);
            ChainManager cm = open(counting);
            BlockFileImporter.Result r = new BlockFileImporter(cm).importFile(BLOCKS);

            assertThat(r.invalid()).isZero();
            // The genesis block is already the chain's first block, so the file adds 438 and repeats one.
            assertThat(r.imported()).isEqualTo(MainnetBlocks.TIP_HEIGHT);
            assertThat(r.duplicates()).isEqualTo(1);
            assertThat(r.orphansLeft()).isZero();
            assertThat(cm.tip().height()).isEqualTo(MainnetBlocks.TIP_HEIGHT);
            assertThat(cm.tip().hash().toHex()).isEqualTo(MainnetBlocks.TIP_HASH);
            // Every input of the file's 7 spending transactions (blocks 170 to 248) went through the script interpreter.
            assertThat(counting.inputs.get()).isEqualTo(MainnetBlocks.SPENDING_INPUTS);

            UtxoStats serialized = cm.utxoStats(UtxoSetStatistics.HashType.HASH_SERIALIZED_3);
            assertThat(serialized.txouts()).isEqualTo(MainnetBlocks.TXOUTS);
            assertThat(serialized.transactions()).isEqualTo(MainnetBlocks.TRANSACTIONS);
            assertThat(serialized.bogoSize()).isEqualTo(MainnetBlocks.BOGOSIZE);
            assertThat(serialized.totalAmount()).isEqualTo(MainnetBlocks.TOTAL_SATS);
            assertThat(serialized.hash().orElseThrow().toHex()).isEqualTo(MainnetBlocks.HASH_SERIALIZED_3);
            assertThat(cm.utxoStats(UtxoSetStatistics.HashType.MUHASH).hash().orElseThrow().toHex()).isEqualTo(MainnetBlocks.MUHASH);
            System.out.printf("mainnet import: %d blocks, tip %s, txouts %d, total %d sat, %d script inputs%n",
                    r.imported(), cm.tip().hash(), serialized.txouts(), serialized.totalAmount(), counting.inputs.get());
        }
    }

    @Test
    void aBlockWhoseScriptsFailStopsTheImportAtThatBlock() throws Exception {
        // With a verifier that refuses every spend, block 170 (the first with a non-coinbase transaction) is
        // invalid: the import keeps 169 blocks and the chain state stays at block 169.
        ChainManager cm = open(new RejectSpendsVerifier());
        BlockFileImporter.Result r = new BlockFileImporter(cm).importFile(BLOCKS);
        assertThat(cm.tip().height()).isEqualTo(169);
        assertThat(r.invalid()).isPositive();
        assertThat(cm.utxoStats().txouts()).isEqualTo(169);
    }

    private static ChainManager open(BlockScriptVerifier verifier) throws Exception {
        assertThat(Files.isRegularFile(BLOCKS)).isTrue();
        return ChainManager.open(Networks.MAIN, new MemoryKeyValueStore(), verifier, ChainOptions.defaults(),
                () -> System.currentTimeMillis() / 1000);
    }

    /** Counts the inputs handed to the real verifier. */
    private static final class CountingVerifier implements BlockScriptVerifier {
        final AtomicLong inputs = new AtomicLong();
        private final BlockScriptVerifier delegate;

        CountingVerifier(BlockScriptVerifier delegate) {
            this.delegate = delegate;
        }

        @Override
        public void verify(Block block, List<List<TxOut>> spentOutputs, int flags) throws ValidationException {
            delegate.verify(block, spentOutputs, flags);
            inputs.addAndGet(spentOutputs.stream().mapToLong(List::size).sum());
        }
    }
}
