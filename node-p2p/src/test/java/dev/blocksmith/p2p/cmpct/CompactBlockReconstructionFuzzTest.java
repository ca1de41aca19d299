package dev.blocksmith.p2p.cmpct;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.primitives.SerializationException;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.p2p.message.Message;
import dev.blocksmith.p2p.message.MessageCodec;
import dev.blocksmith.p2p.message.OversizedMessage;

import java.util.Arrays;
import java.util.List;

/**
 * Fuzzes BIP152 reconstruction with what a peer controls: a cmpctblock (short ids, prefilled positions) and
 * the blocktxn answer, against a fixed mempool and extra pool. Input: two bytes (big-endian) giving the
 * cmpctblock payload's length, that payload, then the blocktxn payload. Without JAZZER_FUZZ=1 this replays
 * CompactBlockReconstructionFuzzTestInputs/reconstruction/ (seeds built from TestBlocks' blocks, whose
 * transactions the pools hold, so the fuzzer starts from short ids that match).
 * <p>
 * Properties: no exception from {@link PartialBlock} whatever the peer sent (only the decoders' typed ones);
 * the missing positions are ascending, in range and account, with the prefilled and pool-matched ones, for
 * every transaction; filling is possible once; a block reported OK has the announced transaction count and
 * the header's merkle root.
 */
class CompactBlockReconstructionFuzzTest {
    /** TestBlocks.block(n) spends 1..n: the mempool holds spends 1 to 6, the extra pool 7 and 8. */
    private static final List<Transaction> MEMPOOL = List.of(TestBlocks.spend(1), TestBlocks.spend(2),
            TestBlocks.spend(3), TestBlocks.spend(4), TestBlocks.spend(5), TestBlocks.spend(6));
    private static final List<Transaction> EXTRA = List.of(TestBlocks.spend(7), TestBlocks.spend(8));

    @FuzzTest
    void reconstruction(byte[] data) {
        if (data.length < 2) return;
        int cmpctLength = Math.min((data[0] & 0xff) << 8 | (data[1] & 0xff), data.length - 2);
        byte[] cmpctPayload = Arrays.copyOfRange(data, 2, 2 + cmpctLength);
        byte[] blockTxnPayload = Arrays.copyOfRange(data, 2 + cmpctLength, data.length);
        CompactBlock cmpct;
        List<Transaction> answer;
        try {
            cmpct = ((Message.CmpctBlock) MessageCodec.decode("cmpctblock", cmpctPayload)).block();
            answer = ((Message.BlockTxn) MessageCodec.decode("blocktxn", blockTxnPayload)).transactions();
        } catch (SerializationException | OversizedMessage expected) {
            return;
        }

        PartialBlock partial = new PartialBlock();
        if (partial.init(cmpct, MEMPOOL, EXTRA) != ReadStatus.OK) return;
        int count = cmpct.transactionCount();
        List<Integer> missing = partial.missingIndexes();
        int previous = -1;
        for (int index : missing) {
            if (index <= previous || index >= count) throw new AssertionError("missing positions out of order or range: " + missing);
            if (partial.isAvailable(index)) throw new AssertionError("position " + index + " both missing and available");
            previous = index;
        }
        if (partial.prefilledCount() + partial.mempoolCount() + missing.size() != count) {
            throw new AssertionError("prefilled " + partial.prefilledCount() + " + pool " + partial.mempoolCount()
                    + " + missing " + missing.size() + " != " + count + " transactions");
        }

        PartialBlock.Filled filled = partial.fill(answer, true);
        if (partial.awaitingTransactions()) throw new AssertionError("still awaiting transactions after fill");
        if (partial.fill(answer, true).status() != ReadStatus.INVALID) throw new AssertionError("filled twice");
        if (filled.status() == ReadStatus.OK) {
            Block block = filled.block().orElseThrow(() -> new AssertionError("OK without a block"));
            if (block.transactions().size() != count) throw new AssertionError("block has the wrong transaction count");
            if (!block.computeMerkle().root().equals(cmpct.header().merkleRoot())) {
                throw new AssertionError("reconstructed block does not match its header's merkle root");
            }
        } else if (filled.block().isPresent()) {
            throw new AssertionError(filled.status() + " with a block");
        }
    }
}
