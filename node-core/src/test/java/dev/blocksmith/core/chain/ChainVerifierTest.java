package dev.blocksmith.core.chain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.consensus.ParallelScriptVerifier;
import dev.blocksmith.core.consensus.ValidationException;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.params.Networks;
import dev.blocksmith.core.primitives.Hex;
import dev.blocksmith.core.script.ScriptValidation;
import dev.blocksmith.core.store.MemoryKeyValueStore;
import dev.blocksmith.core.store.StoreSegment;
import dev.blocksmith.core.store.WriteBatch;
import dev.blocksmith.core.testing.TestBlocks;
import dev.blocksmith.core.testing.TestWallet;
import dev.blocksmith.core.testing.TestWallet.Kind;
import dev.blocksmith.core.testing.TestWallet.Utxo;
import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.core.tx.TxOut;
import dev.blocksmith.core.script.Script;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** verifychain on a regtest chain with signed spends, intact and with each kind of damage. */
class ChainVerifierTest {
    private static final NetworkParams PARAMS = Networks.REGTEST;
    private static final long FEE = 1_000;

    private final TestWallet wallet = new TestWallet();
    private final ParallelScriptVerifier verifier = new ParallelScriptVerifier(ScriptValidation.uncached(), 2);
    private final MemoryKeyValueStore store = new MemoryKeyValueStore();
    private final MemoryBlockFiles files = new MemoryBlockFiles();
    private ChainManager cm;
    /** The blocks with spends, oldest first; each spends a P2WPKH output of the previous one. */
    private final List<Block> spendBlocks = new ArrayList<>();
    private int tag = 1;

    @BeforeEach
    void buildChain() throws ValidationException {
        cm = ChainManager.open(PARAMS, store, FlatFileBlockStore.inMemory(files, PARAMS.magic(), FlatFileBlockStore.MAX_BLOCKFILE_SIZE),
                verifier, ChainOptions.defaults(), () -> 1_900_000_000L);
        List<Utxo> coinbases = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            Block b = mine(List.of(), 0);
            coinbases.add(new Utxo(new OutPoint(b.coinbase().txid(), 0), b.coinbase().output(0), Kind.P2PKH));
        }
        Utxo prev = coinbases.get(0);
        for (int i = 0; i < 12; i++) {
            Transaction tx = wallet.sign(new Transaction(2, List.of(new TxIn(prev.outPoint(), Script.EMPTY, TxIn.SEQUENCE_FINAL)),
                    List.of(new TxOut(prev.output().value() - FEE, wallet.scriptPubKey(Kind.P2WPKH))), 0), List.of(prev));
            spendBlocks.add(mine(List.of(tx), FEE));
            prev = new Utxo(new OutPoint(tx.txid(), 0), tx.output(0), Kind.P2WPKH);
        }
    }

    @AfterEach
    void close() {
        verifier.close();
    }

    private Block mine(List<Transaction> txs, long fees) throws ValidationException {
        Block b = TestBlocks.nextBlock(PARAMS, cm.tip().index(), wallet.mainScript(), txs, fees, tag++);
        cm.processBlock(b);
        return b;
    }

    private TreeMap<String, String> snapshot() {
        TreeMap<String, String> all = new TreeMap<>();
        for (StoreSegment seg : StoreSegment.values()) {
            store.scan(seg, new byte[0], (k, v) -> {
                all.put(seg + ":" + Hex.encode(k), Hex.encode(v));
                return true;
            });
        }
        return all;
    }

    private void damage(Consumer<WriteBatch> change) {
        // The damage is to the database: the coins cache is written there (and emptied) first.
        cm.flushCoins();
        try (WriteBatch b = store.newBatch()) {
            change.accept(b);
            b.commit();
        }
    }

    /**
     * Writes {@code replacement} as the record at the block's position in its blk file (the tip's record is the
     * last one, so it may grow).
     */
    private void overwriteBlock(Block block, byte[] replacement) throws Exception {
        FlatFilePos pos = cm.index(block.hash()).orElseThrow().dataPos().orElseThrow();
        String name = String.format("blk%05d.dat", pos.file());
        files.write(name, pos.pos() - 4, new byte[] {(byte) replacement.length, (byte) (replacement.length >>> 8),
                (byte) (replacement.length >>> 16), (byte) (replacement.length >>> 24)});
        files.write(name, pos.pos(), replacement);
    }

    /** Writes {@code undo} (of the same length as what is there) with a valid checksum over the block's undo record. */
    private void overwriteUndo(Block block, BlockUndo undo) throws Exception {
        BlockIndex idx = cm.index(block.hash()).orElseThrow();
        FlatFilePos pos = idx.undoPos().orElseThrow();
        byte[] raw = undo.serialize();
        assertThat(raw).hasSize(idx.undoSize());
        byte[] hashed = new byte[32 + raw.length];
        idx.prev().hash().copyInto(hashed, 0);
        System.arraycopy(raw, 0, hashed, 32, raw.length);
        String name = String.format("rev%05d.dat", pos.file());
        files.write(name, pos.pos(), raw);
        files.write(name, pos.pos() + raw.length, dev.blocksmith.core.crypto.Hashes.sha256d(hashed));
    }

    private Block tipBlock() {
        return spendBlocks.get(spendBlocks.size() - 1);
    }

    @Test
    void intactChainPassesEveryLevelWithoutChangingTheDatabase() {
        TreeMap<String, String> before = snapshot();
        for (int level = 0; level <= 4; level++) {
            assertThat(cm.verifyChain(level, ChainManager.DEFAULT_CHECK_BLOCKS)).as("level %d", level).isTrue();
            assertThat(cm.verifyChain(level, 0)).as("level %d, all blocks", level).isTrue();
        }
        // Out-of-range arguments are clamped as in Core.
        assertThat(cm.verifyChain(9, 10_000)).isTrue();
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void level0DetectsABlockThatDoesNotHashToItsIndexEntry() throws Exception {
        Block other = spendBlocks.get(0);
        overwriteBlock(tipBlock(), other.serialize());
        assertThat(cm.verifyChain(0, 6)).isFalse();
    }

    @Test
    void level1DetectsABlockFailingCheckBlock() throws Exception {
        // Same header, different transactions: the hash matches, the merkle root does not.
        Block mutated = new Block(tipBlock().header(), tipBlock().transactions().subList(0, 1));
        overwriteBlock(tipBlock(), mutated.serialize());
        assertThat(cm.verifyChain(0, 6)).isTrue();
        assertThat(cm.verifyChain(1, 6)).isFalse();
    }

    @Test
    void level2DetectsDamagedUndoDataOnlyWithinTheCheckedDepth() throws Exception {
        Block deep = spendBlocks.get(spendBlocks.size() - 10);
        // One byte of its undo record flipped: the checksum no longer matches, so it cannot be read.
        FlatFilePos pos = cm.index(deep.hash()).orElseThrow().undoPos().orElseThrow();
        byte[] one = files.read("rev00000.dat", pos.pos() + 2, 1);
        files.write("rev00000.dat", pos.pos() + 2, new byte[] {(byte) (one[0] ^ 1)});
        assertThat(cm.verifyChain(1, 0)).isTrue();
        assertThat(cm.verifyChain(2, 6)).isTrue();
        assertThat(cm.verifyChain(2, 10)).isFalse();
        assertThat(cm.verifyChain(2, 0)).isFalse();
    }

    @Test
    void level3DetectsAUtxoSetThatDisagreesWithTheBlocks() {
        Transaction spend = tipBlock().transactions().get(1);
        damage(b -> ChainDb.deleteCoin(b, new OutPoint(spend.txid(), 0)));
        assertThat(cm.verifyChain(2, 6)).isTrue();
        assertThat(cm.verifyChain(3, 6)).isFalse();
    }

    @Test
    void level3DetectsASpentCoinStillInTheUtxoSet() {
        Transaction spend = tipBlock().transactions().get(1);
        OutPoint spentPrevout = spend.input(0).prevout();
        Coin restored = cm.undo(tipBlock().hash()).orElseThrow().spentByTx().get(0).get(0);
        damage(b -> ChainDb.putCoin(b, spentPrevout, restored));
        assertThat(cm.verifyChain(3, 1)).isFalse();
    }

    @Test
    void level4DetectsUndoDataThatBreaksTheSignatures() throws Exception {
        // The undo data claims the spent output was worth one satoshi more. Within 3 blocks, disconnecting
        // is consistent (the block creating that output is not reached) but the BIP143 signature no
        // longer verifies when the block is connected again; 4 blocks reach the creating block, whose
        // output then disagrees with the restored coin.
        Block target = spendBlocks.get(spendBlocks.size() - 3);
        BlockUndo undo = cm.undo(target.hash()).orElseThrow();
        Coin c = undo.spentByTx().get(0).get(0);
        Coin richer = new Coin(new TxOut(c.output().value() + 1, c.output().scriptPubKey()), c.height(), c.coinbase());
        BlockUndo forged = new BlockUndo(List.of(List.of(richer)));
        overwriteUndo(target, forged);
        assertThat(cm.verifyChain(3, 3)).isTrue();
        assertThat(cm.verifyChain(4, 2)).isTrue();
        assertThat(cm.verifyChain(4, 3)).isFalse();
        assertThat(cm.verifyChain(3, 4)).isFalse();
    }

    @Test
    void levelThreeIsSkippedAndReportedWhenTheViewOutgrowsItsCap() {
        // Disconnecting a spend block changes 3 outpoints (coinbase output, new output, restored input):
        // a cap of 5 stops disconnecting after two blocks.
        assertThat(new ChainVerifier(cm, 5).verify(2, 6)).isTrue();
        assertThat(new ChainVerifier(cm, 5).verify(3, 1)).isTrue();
        assertThat(new ChainVerifier(cm, 5).verify(3, 6)).isFalse();
        assertThat(new ChainVerifier(cm, 5).verify(4, 6)).isFalse();
    }
}
