package dev.blocksmith.cli.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.core.chain.ChainOptions;
import dev.blocksmith.core.consensus.ParallelScriptVerifier;
import dev.blocksmith.core.params.Networks;
import dev.blocksmith.core.script.ScriptValidation;
import dev.blocksmith.core.store.MemoryKeyValueStore;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TrainingChainTest {
    /** The chain the archive's training run imports must be valid, every script checked, or the run trains nothing. */
    @Test
    void chainIsValidWithEveryScriptCheckedAndSpendsEveryOutputType() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TrainingChain.Summary summary = TrainingChain.write(out, new Random(7), 2_000);
        assertThat(summary.inputs()).isGreaterThanOrEqualTo(2_000);
        assertThat(summary.spentByKind()).containsOnlyKeys(OutputKind.values()).allSatisfy((kind, n) -> assertThat(n).isPositive());

        try (ParallelScriptVerifier verifier = new ParallelScriptVerifier(ScriptValidation.uncached(), 2)) {
            ChainManager chain = ChainManager.open(Networks.REGTEST, new MemoryKeyValueStore(), verifier,
                    ChainOptions.defaults(), () -> System.currentTimeMillis() / 1000);
            ByteBuffer file = ByteBuffer.wrap(out.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
            Block last = null;
            while (file.hasRemaining()) {
                byte[] magic = new byte[4];
                file.get(magic);
                assertThat(magic).isEqualTo(Networks.REGTEST.magic());
                byte[] raw = new byte[file.getInt()];
                file.get(raw);
                last = Block.parse(raw);
                chain.processBlock(last);
                assertThat(chain.tip().hash()).isEqualTo(last.hash());
            }
            assertThat(chain.tip().height()).isEqualTo(summary.blocks()).isGreaterThan(110);
            assertThat(last.transactions()).as("the last block spends coins").hasSizeGreaterThan(1);
        }
    }
}
