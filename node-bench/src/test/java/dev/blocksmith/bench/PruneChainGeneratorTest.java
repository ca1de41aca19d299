package dev.blocksmith.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.core.chain.ChainOptions;
import dev.blocksmith.core.consensus.ParallelScriptVerifier;
import dev.blocksmith.core.params.Networks;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.script.ScriptValidation;
import dev.blocksmith.core.store.MemoryKeyValueStore;
import dev.blocksmith.core.tx.Transaction;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PruneChainGeneratorTest {

    /** The -loadblock records of a generated chain. */
    private static List<Block> records(byte[] file) {
        List<Block> blocks = new ArrayList<>();
        ByteBuffer buf = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        while (buf.hasRemaining()) {
            byte[] magic = new byte[4];
            buf.get(magic);
            assertThat(magic).isEqualTo(Networks.REGTEST.magic());
            byte[] raw = new byte[buf.getInt()];
            buf.get(raw);
            blocks.add(Block.parse(raw));
        }
        return blocks;
    }

    @Test
    void chainOfAnnexSpendsConnectsWithEveryScriptChecked() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<Sha256Hash> big = new PruneChainGenerator(out).generate(101, 3, 200_000);
        List<Block> blocks = records(out.toByteArray());
        assertThat(blocks).hasSize(104);

        try (ParallelScriptVerifier verifier = new ParallelScriptVerifier(ScriptValidation.uncached(), 1)) {
            ChainManager chain = ChainManager.open(Networks.REGTEST, new MemoryKeyValueStore(), verifier,
                    ChainOptions.defaults(), () -> System.currentTimeMillis() / 1000);
            for (Block b : blocks) chain.processBlock(b);
            assertThat(chain.tip().height()).isEqualTo(104);
            assertThat(chain.tip().hash()).isEqualTo(big.get(2));
        }
        for (Block b : blocks.subList(101, 104)) {
            Transaction spend = b.transactions().get(1);
            List<byte[]> witness = spend.inputs().get(0).witness().rawItems();
            byte[] annex = witness.get(witness.size() - 1);
            assertThat(witness).hasSize(3);
            assertThat(annex).hasSize(200_000);
            assertThat(annex[0]).isEqualTo((byte) 0x50);
            assertThat(b.weight()).isBetween(200_000, 202_000);
        }
        // Each spend takes the previous one's output: one chain of coins, nothing else to keep in the UTXO set.
        assertThat(blocks.get(102).transactions().get(1).inputs().get(0).prevout().txid())
                .isEqualTo(blocks.get(101).transactions().get(1).txid());
    }

    @Test
    void aBlockWhoseAnnexWasChangedFailsItsWitnessCommitment() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new PruneChainGenerator(out).generate(101, 1, 1_000);
        List<Block> blocks = records(out.toByteArray());
        Block last = blocks.get(101);
        byte[] raw = last.serialize();
        // The annex's last byte is near the end of the block (before the locktime of 4 bytes).
        raw[raw.length - 5] ^= 1;
        Block tampered = Block.parse(raw);
        assertThat(tampered.hash()).isEqualTo(last.hash());
        try (ParallelScriptVerifier verifier = new ParallelScriptVerifier(ScriptValidation.uncached(), 1)) {
            ChainManager chain = ChainManager.open(Networks.REGTEST, new MemoryKeyValueStore(), verifier,
                    ChainOptions.defaults(), () -> System.currentTimeMillis() / 1000);
            for (Block b : blocks.subList(0, 101)) chain.processBlock(b);
            boolean rejected;
            try {
                chain.processBlock(tampered);
                rejected = !chain.tip().hash().equals(last.hash());
            } catch (Exception e) {
                rejected = true;
            }
            assertThat(rejected).isTrue();
            assertThat(Arrays.equals(raw, last.serialize())).isFalse();
        }
    }
}
