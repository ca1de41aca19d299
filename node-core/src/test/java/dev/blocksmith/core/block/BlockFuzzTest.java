package dev.blocksmith.core.block;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.blocksmith.core.primitives.ByteReader;
import dev.blocksmith.core.primitives.ByteWriter;
import dev.blocksmith.core.primitives.SerializationException;
import dev.blocksmith.core.testsupport.AllocationBudget;
import dev.blocksmith.core.tx.Transaction;

import java.util.Arrays;

/**
 * Fuzzes the block parser (the block message, blocks read from disk and submitblock). Without
 * JAZZER_FUZZ=1 this replays BlockFuzzTestInputs/. Properties: only {@link SerializationException},
 * allocation in proportion to the input, the structure written afresh equals the bytes read, and the
 * merkle computation works on whatever parsed.
 */
class BlockFuzzTest {

    @FuzzTest
    void block(byte[] data) {
        ByteReader r = new ByteReader(data);
        Block block;
        try {
            block = Block.read(r);
        } catch (SerializationException expected) {
            block = null;
        }
        AllocationBudget.check(data.length, "Block.read", () -> {
            try {
                Block.read(new ByteReader(data));
            } catch (SerializationException expected) {
                // the allocation made on the way to the error counts too
            }
        });
        if (block == null) return;
        byte[] consumed = Arrays.copyOf(data, r.position());
        ByteWriter w = new ByteWriter(consumed.length);
        block.header().write(w);
        w.compactSize(block.transactions().size());
        for (Transaction tx : block.transactions()) tx.write(w, true);
        if (!Arrays.equals(w.toByteArray(), consumed)) throw new AssertionError("block re-encoding differs from its bytes");
        Block again = Block.parse(consumed);
        if (!again.hash().equals(block.hash())) throw new AssertionError("round trip changed the block hash");
        if (!block.transactions().isEmpty()) {
            block.computeMerkle();
            block.witnessMerkleRoot();
        }
    }

    @FuzzTest
    void header(byte[] data) {
        ByteReader r = new ByteReader(data);
        BlockHeader header;
        try {
            header = BlockHeader.read(r);
        } catch (SerializationException expected) {
            return;
        }
        ByteWriter w = new ByteWriter(80);
        header.write(w);
        if (!Arrays.equals(w.toByteArray(), Arrays.copyOf(data, 80))) throw new AssertionError("header re-encoding differs");
    }
}
