package dev.blocksmith.core.consensus;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.block.BlockHeader;
import dev.blocksmith.core.crypto.Hashes;
import dev.blocksmith.core.primitives.Hex;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.script.PrecomputedTransactionData;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.script.ScriptBuilder;
import dev.blocksmith.core.script.SigVersion;
import dev.blocksmith.core.script.SignatureHasher;
import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.core.tx.TxOut;
import dev.blocksmith.core.tx.Witness;
import fr.acinq.secp256k1.Secp256k1;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A block of single-input P2WPKH spends, really signed with libsecp256k1, and the outputs they spend. */
record SignedBlockFixture(Block block, List<List<TxOut>> spent) {
    private static final Secp256k1 SECP = Secp256k1.get();

    static SignedBlockFixture p2wpkh(int count) {
        byte[] priv = Hashes.sha256("blocksmith fixture key".getBytes());
        byte[] pub = SECP.pubKeyCompress(SECP.pubkeyCreate(priv));
        Script spk = new ScriptBuilder().op(0).data(Hashes.hash160(pub)).build();
        Script scriptCode = Script.fromHex("76a914" + Hex.encode(Hashes.hash160(pub)) + "88ac");

        List<Transaction> txs = new ArrayList<>();
        List<List<TxOut>> spent = new ArrayList<>();
        TxIn cbIn = new TxIn(OutPoint.NULL, Script.fromHex("0151"), TxIn.SEQUENCE_FINAL);
        txs.add(new Transaction(2, List.of(cbIn), List.of(new TxOut(50_0000_0000L, Script.fromHex("51"))), 0));
        spent.add(List.of());
        for (int i = 0; i < count; i++) {
            long amount = 100_000L + i;
            TxOut prev = new TxOut(amount, spk);
            OutPoint op = new OutPoint(Sha256Hash.wrap(Hashes.sha256(("prev" + i).getBytes())), i % 3);
            TxIn in = new TxIn(op, Script.EMPTY, TxIn.SEQUENCE_FINAL);
            Transaction unsigned = new Transaction(2, List.of(in), List.of(new TxOut(amount - 1000, spk)), 0);
            PrecomputedTransactionData data = new PrecomputedTransactionData(unsigned, List.of(prev));
            byte[] sighash = SignatureHasher.hash(scriptCode, unsigned, 0, SignatureHasher.SIGHASH_ALL, amount, SigVersion.WITNESS_V0, data);
            byte[] der = SECP.compact2der(SECP.sign(sighash, priv));
            byte[] sig = Arrays.copyOf(der, der.length + 1);
            sig[der.length] = SignatureHasher.SIGHASH_ALL;
            txs.add(new Transaction(2, List.of(in.withWitness(Witness.of(sig, pub))), unsigned.outputs(), 0));
            spent.add(List.of(prev));
        }
        BlockHeader header = new BlockHeader(4, Sha256Hash.ZERO, Sha256Hash.ZERO, 1_700_000_000L, 0x207fffffL, 0);
        Block draft = new Block(header, txs);
        return new SignedBlockFixture(new Block(header.withMerkleRoot(draft.computeMerkle().root()), txs), spent);
    }
}
