package dev.blocksmith.core.consensus;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.block.BlockHeader;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.core.tx.TxOut;
import dev.blocksmith.core.tx.Witness;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BlockMutationTest {
    private static Transaction coinbase() {
        TxIn in = new TxIn(new OutPoint(Sha256Hash.ZERO, 0xffffffffL), Script.of(new byte[]{0x01, 0x01}), 0xffffffffL);
        return new Transaction(2, List.of(in), List.of(new TxOut(1, Script.of(new byte[]{0x51}))), 0);
    }

    private static Transaction spend(int tag, boolean witness) {
        byte[] prev = new byte[32];
        prev[0] = (byte) tag;
        TxIn in = new TxIn(new OutPoint(Sha256Hash.wrap(prev), 0), Script.of(new byte[0]), 0, witness ? Witness.of(new byte[]{1}) : Witness.EMPTY);
        return new Transaction(2, List.of(in), List.of(new TxOut(tag, Script.of(new byte[]{0x51}))), 0);
    }

    private static Block rooted(List<Transaction> txs) {
        Block b = new Block(new BlockHeader(1, Sha256Hash.ZERO, Sha256Hash.ZERO, 0, 0x207fffff, 0), txs);
        return new Block(b.header().withMerkleRoot(b.computeMerkle().root()), txs);
    }

    @Test
    void matchingBlockIsNotMutated() {
        assertThat(BlockMutation.isMutated(rooted(List.of(coinbase(), spend(1, false))), true)).isFalse();
    }

    @Test
    void transactionsThatDoNotMatchTheMerkleRootAreAMutation() {
        Block good = rooted(List.of(coinbase(), spend(1, false), spend(2, false)));
        Block swapped = new Block(good.header(), List.of(good.transactions().get(0), good.transactions().get(2), good.transactions().get(1)));
        assertThat(BlockMutation.isMutated(swapped, true)).isTrue();
    }

    @Test
    void duplicatedLastTransactionIsAMutation() {
        // CVE-2012-2459: [cb, a, b, b] has the merkle root of [cb, a, b].
        Transaction b = spend(2, false);
        Block three = rooted(List.of(coinbase(), spend(1, false), b));
        Block four = new Block(three.header(), List.of(three.transactions().get(0), three.transactions().get(1), b, b));
        assertThat(BlockMutation.isMutated(four, true)).isTrue();
    }

    @Test
    void witnessDataWithoutACommitmentIsAMutation() {
        Block block = rooted(new ArrayList<>(List.of(coinbase(), spend(1, true))));
        assertThat(BlockMutation.isMutated(block, true)).isTrue();
        assertThat(BlockMutation.isMutated(block, false)).isTrue();
    }

    /** The state text bitcoind logs as "Block mutated: ..." (p2p_mutated_blocks and feature_block read it). */
    @Test
    void theFailedCheckIsNamedAsBitcoindLogsIt() {
        Block good = rooted(List.of(coinbase(), spend(1, false), spend(2, false)));
        Block swapped = new Block(good.header(), List.of(good.transactions().get(0), good.transactions().get(2), good.transactions().get(1)));
        assertThat(BlockMutation.check(swapped, true).state()).contains("bad-txnmrklroot, hashMerkleRoot mismatch");
        Transaction b = spend(2, false);
        Block three = rooted(List.of(coinbase(), spend(1, false), b));
        Block four = new Block(three.header(), List.of(three.transactions().get(0), three.transactions().get(1), b, b));
        assertThat(BlockMutation.check(four, true).state()).contains("bad-txns-duplicate, duplicate transaction");
        assertThat(BlockMutation.check(rooted(List.of(coinbase(), spend(1, true))), true).state())
                .contains("unexpected-witness, CheckWitnessMalleation : unexpected witness data found");
    }

    /** No transactions and a zero merkle root: not mutated (the root of nothing is zero) but invalid (bad-blk-length). */
    @Test
    void aBlockWithoutTransactionsAndAZeroRootIsNotMutated() {
        Block empty = new Block(new BlockHeader(1, Sha256Hash.ZERO, Sha256Hash.ZERO, 0, 0x207fffff, 0), List.of());
        assertThat(BlockMutation.isMutated(empty, true)).isFalse();
        Block emptyWithRoot = new Block(empty.header().withMerkleRoot(coinbase().txid()), List.of());
        assertThat(BlockMutation.isMutated(emptyWithRoot, true)).isTrue();
    }
}
