package dev.blocksmith.p2p.cmpct;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.block.BlockHeader;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.core.tx.TxOut;
import dev.blocksmith.core.tx.Witness;

import java.util.ArrayList;
import java.util.List;

/** Small blocks of distinct transactions for the compact block tests (no proof of work needed). */
final class TestBlocks {
    private TestBlocks() {
    }

    static Transaction coinbase(int tag) {
        TxIn in = new TxIn(new OutPoint(Sha256Hash.ZERO, 0xffffffffL), Script.of(new byte[]{0x02, (byte) tag, 0x01}), 0xffffffffL);
        return new Transaction(2, List.of(in), List.of(new TxOut(50_0000_0000L, Script.of(new byte[]{0x51}))), 0);
    }

    /** A coinbase committing to the witnesses of {@code spends} (BIP141), with the zero reserved value. */
    static Transaction committingCoinbase(int tag, List<Transaction> spends) {
        List<Transaction> all = new ArrayList<>();
        all.add(coinbase(tag));
        all.addAll(spends);
        Sha256Hash root = new Block(new BlockHeader(1, Sha256Hash.ZERO, Sha256Hash.ZERO, 0, 0, 0), all).witnessMerkleRoot();
        byte[] reserved = new byte[32];
        TxIn in = new TxIn(new OutPoint(Sha256Hash.ZERO, 0xffffffffL), Script.of(new byte[]{0x02, (byte) tag, 0x01}), 0xffffffffL,
                Witness.of(reserved));
        return new Transaction(2, List.of(in), List.of(new TxOut(50_0000_0000L, Script.of(new byte[]{0x51})),
                new TxOut(0, Block.witnessCommitmentScript(Block.witnessCommitment(root, reserved)))), 0);
    }

    /** A spend with a witness, so its wtxid differs from its txid. */
    static Transaction spend(int tag) {
        byte[] prev = new byte[32];
        prev[0] = (byte) tag;
        prev[1] = (byte) (tag >> 8);
        TxIn in = new TxIn(new OutPoint(Sha256Hash.wrap(prev), 0), Script.of(new byte[0]), 0xfffffffdL, Witness.of(new byte[]{(byte) tag}));
        return new Transaction(2, List.of(in), List.of(new TxOut(1000L + tag, Script.of(new byte[]{0x51}))), 0);
    }

    /** A block of a coinbase and {@code spends} spends with witnesses, its merkle root and witness commitment right. */
    static Block block(int spends) {
        List<Transaction> spent = new ArrayList<>();
        for (int i = 1; i <= spends; i++) spent.add(spend(i));
        List<Transaction> txs = new ArrayList<>();
        txs.add(committingCoinbase(spends, spent));
        txs.addAll(spent);
        Block unrooted = new Block(new BlockHeader(0x20000000, Sha256Hash.ZERO, Sha256Hash.ZERO, 1_700_000_000L, 0x207fffff, 7), txs);
        return new Block(unrooted.header().withMerkleRoot(unrooted.computeMerkle().root()), txs);
    }
}
