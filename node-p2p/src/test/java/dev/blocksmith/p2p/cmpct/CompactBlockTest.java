package dev.blocksmith.p2p.cmpct;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.crypto.Hashes;
import dev.blocksmith.core.crypto.SipHash24;
import dev.blocksmith.core.primitives.ByteWriter;
import dev.blocksmith.core.tx.Transaction;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CompactBlockTest {

    @Test
    void shortIdsAreTheLowSixBytesOfSipHashOfTheWtxidKeyedBySha256OfHeaderAndNonce() {
        Block block = TestBlocks.block(3);
        long nonce = 0x0123456789abcdefL;
        CompactBlock cmpct = CompactBlock.of(block, nonce);
        // BIP152: k0/k1 are the first two little-endian 64-bit words of SHA256(header || nonce).
        ByteWriter w = new ByteWriter(88);
        block.header().write(w);
        w.i64le(nonce);
        byte[] key = Hashes.sha256(w.toByteArray());
        long k0 = 0;
        long k1 = 0;
        for (int i = 7; i >= 0; i--) {
            k0 = (k0 << 8) | (key[i] & 0xff);
            k1 = (k1 << 8) | (key[8 + i] & 0xff);
        }
        assertThat(cmpct.prefilled()).containsExactly(new PrefilledTransaction(0, block.coinbase()));
        assertThat(cmpct.shortIdCount()).isEqualTo(3);
        for (int i = 0; i < 3; i++) {
            long expected = SipHash24.hash(k0, k1, block.transactions().get(i + 1).wtxid().bytes()) & 0xffff_ffff_ffffL;
            assertThat(cmpct.shortIdAt(i)).isEqualTo(expected);
        }
    }

    @Test
    void blockIsRebuiltFromThePoolWithoutARoundTrip() {
        Block block = TestBlocks.block(5);
        CompactBlock cmpct = CompactBlock.of(block, 1);
        PartialBlock partial = new PartialBlock();
        List<Transaction> pool = block.transactions().subList(1, 6);
        assertThat(partial.init(cmpct, pool, List.of())).isEqualTo(ReadStatus.OK);
        assertThat(partial.missingIndexes()).isEmpty();
        PartialBlock.Filled filled = partial.fill(List.of(), true);
        assertThat(filled.status()).isEqualTo(ReadStatus.OK);
        assertThat(filled.block().orElseThrow().hash()).isEqualTo(block.hash());
        assertThat(filled.block().orElseThrow().serialize()).isEqualTo(block.serialize());
    }

    @Test
    void missingTransactionsAreAskedForAndFilledInOrder() {
        Block block = TestBlocks.block(5);
        CompactBlock cmpct = CompactBlock.of(block, 2);
        PartialBlock partial = new PartialBlock();
        List<Transaction> txs = block.transactions();
        // The pool has 1 and 4; the extra pool has 3.
        assertThat(partial.init(cmpct, List.of(txs.get(1), txs.get(4)), List.of(txs.get(3)))).isEqualTo(ReadStatus.OK);
        assertThat(partial.extraCount()).isEqualTo(1);
        assertThat(partial.missingIndexes()).containsExactly(2, 5);
        PartialBlock.Filled filled = partial.fill(List.of(txs.get(2), txs.get(5)), true);
        assertThat(filled.status()).isEqualTo(ReadStatus.OK);
        assertThat(filled.block().orElseThrow().hash()).isEqualTo(block.hash());
    }

    @Test
    void wrongTransactionsFailOnceThenAnyFurtherAnswerIsInvalid() {
        Block block = TestBlocks.block(2);
        PartialBlock partial = new PartialBlock();
        assertThat(partial.init(CompactBlock.of(block, 3), List.of(), List.of())).isEqualTo(ReadStatus.OK);
        List<Transaction> swapped = List.of(block.transactions().get(2), block.transactions().get(1));
        // Right count, wrong order: the merkle root does not match (bitcoind: a possible short-id collision).
        assertThat(partial.fill(swapped, true).status()).isEqualTo(ReadStatus.FAILED);
        assertThat(partial.awaitingTransactions()).isFalse();
        assertThat(partial.fill(swapped, true).status()).isEqualTo(ReadStatus.INVALID);
    }

    @Test
    void tooFewOrTooManyTransactionsAreInvalid() {
        Block block = TestBlocks.block(2);
        PartialBlock few = new PartialBlock();
        few.init(CompactBlock.of(block, 4), List.of(), List.of());
        assertThat(few.fill(List.of(block.transactions().get(1)), true).status()).isEqualTo(ReadStatus.INVALID);
        PartialBlock many = new PartialBlock();
        many.init(CompactBlock.of(block, 4), List.of(), List.of());
        List<Transaction> three = List.of(block.transactions().get(1), block.transactions().get(2), block.transactions().get(1));
        assertThat(many.fill(three, true).status()).isEqualTo(ReadStatus.INVALID);
    }

    @Test
    void aPrefilledIndexPastTheBlockIsInvalid() {
        Block block = TestBlocks.block(0);
        // p2p_compactblocks' test_invalid_cmpctblock_message: the coinbase at index 1 of a one-transaction block.
        CompactBlock bad = new CompactBlock(block.header(), 0, new long[0], List.of(new PrefilledTransaction(1, block.coinbase())));
        assertThat(new PartialBlock().init(bad, List.of(), List.of())).isEqualTo(ReadStatus.INVALID);
        CompactBlock empty = new CompactBlock(block.header(), 0, new long[0], List.of());
        assertThat(new PartialBlock().init(empty, List.of(), List.of())).isEqualTo(ReadStatus.INVALID);
    }

    @Test
    void interspersedPrefilledTransactionsKeepTheirPositions() {
        Block block = TestBlocks.block(5);
        List<Transaction> txs = block.transactions();
        CompactBlock full = CompactBlock.of(block, 5);
        // Prefill positions 0, 1 and 5 (differential 0, 0, 3), short ids for 2, 3, 4.
        long[] ids = {full.shortIdAt(1), full.shortIdAt(2), full.shortIdAt(3)};
        CompactBlock mixed = new CompactBlock(block.header(), 5, ids, List.of(new PrefilledTransaction(0, txs.get(0)),
                new PrefilledTransaction(0, txs.get(1)), new PrefilledTransaction(3, txs.get(5))));
        PartialBlock partial = new PartialBlock();
        assertThat(partial.init(mixed, List.of(txs.get(3)), List.of())).isEqualTo(ReadStatus.OK);
        assertThat(partial.missingIndexes()).containsExactly(2, 4);
        assertThat(partial.fill(List.of(txs.get(2), txs.get(4)), true).block().orElseThrow().hash()).isEqualTo(block.hash());
    }

    @Test
    void equalShortIdsFailAndTwoPoolMatchesLeaveTheSlotMissing() {
        Block block = TestBlocks.block(2);
        CompactBlock full = CompactBlock.of(block, 6);
        CompactBlock duplicated = new CompactBlock(block.header(), 6, new long[]{full.shortIdAt(0), full.shortIdAt(0)},
                full.prefilled());
        assertThat(new PartialBlock().init(duplicated, List.of(), List.of())).isEqualTo(ReadStatus.FAILED);
        // The same transaction in the pool and the extra pool is one match, not a collision.
        PartialBlock partial = new PartialBlock();
        Transaction tx = block.transactions().get(1);
        assertThat(partial.init(full, List.of(tx), List.of(tx))).isEqualTo(ReadStatus.OK);
        assertThat(partial.missingIndexes()).containsExactly(2);
    }
}
