package dev.blocksmith.core.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.blocksmith.core.consensus.ParallelScriptVerifier;
import dev.blocksmith.core.crypto.SignatureCache;
import dev.blocksmith.core.params.Networks;
import dev.blocksmith.core.script.ScriptValidation;
import dev.blocksmith.core.store.MemoryKeyValueStore;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Imports real main-network blocks from genesis with full validation (scripts included). The block
 * file is third-party data that developers may not commit; the test runs when it is present at
 * {@code ../shared/vectors/mainnet/blocks1-256.dat} or at the path in {@code BLOCKSMITH_MAINNET_BLOCKS}
 * (blk*.dat layout holding blocks 1..256 of the main chain, e.g. btcd's database/testdata/blocks1-256.bz2
 * decompressed), and is skipped with that reason otherwise.
 */
class MainnetImportTest {
    @Test
    void importsTheFirstMainnetBlocksWithFullValidation() throws Exception {
        Path file = Path.of(System.getenv().getOrDefault("BLOCKSMITH_MAINNET_BLOCKS", "../../shared/vectors/mainnet/blocks1-256.dat"));
        assumeTrue(Files.isRegularFile(file), "no main-network block file at " + file.toAbsolutePath()
                + " (third-party data, not committed; see the class comment)");
        try (ParallelScriptVerifier verifier = new ParallelScriptVerifier(new ScriptValidation(new SignatureCache(1000)), 2)) {
            ChainManager cm = ChainManager.open(Networks.MAIN, new MemoryKeyValueStore(), verifier, ChainOptions.defaults(),
                    () -> System.currentTimeMillis() / 1000);
            BlockFileImporter.Result r = new BlockFileImporter(cm).importFile(file);
            assertThat(r.invalid()).isZero();
            assertThat(cm.tip().height()).isEqualTo(r.imported());
            // No early block paid fees to itself, so the UTXO total is exactly the subsidies (genesis excluded).
            assertThat(cm.utxoStats().totalAmount()).isEqualTo(r.imported() * 50_0000_0000L);
            System.out.printf("mainnet import: %d blocks, tip %s, txouts %d, total %d sat%n", r.imported(), cm.tip().hash(),
                    cm.utxoStats().txouts(), cm.utxoStats().totalAmount());
        }
    }
}
