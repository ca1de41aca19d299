package dev.blocksmith.it;

import dev.blocksmith.core.address.Base58;
import dev.blocksmith.core.address.Bech32;
import dev.blocksmith.core.address.PrivateKeyBytes;
import dev.blocksmith.core.crypto.Hashes;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.script.ScriptBuilder;
import dev.blocksmith.core.script.SignatureHasher;
import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.core.tx.TxOut;
import dev.blocksmith.core.tx.Witness;
import dev.blocksmith.wallet.keys.Secp;
import dev.blocksmith.wallet.sign.TransactionSigner;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A key the test holds, so that the test itself can sign spends of the coins nodes mine to it. Its
 * addresses are spelled for Blocksmith/Core regtest (bcrt, version 0x6f) and for bcoin's regtest (rb,
 * version 0x3c): the same scriptPubKey either way.
 */
public record TestKey(PrivateKeyBytes key) {

    /** A fixed key derived from a label, so a failing run can be reproduced. */
    public static TestKey fromLabel(String label) {
        return new TestKey(new PrivateKeyBytes(Hashes.sha256(label.getBytes(StandardCharsets.UTF_8)), true));
    }

    public byte[] publicKey() {
        return Secp.publicKey(key.secret());
    }

    public byte[] keyHash() {
        return Hashes.hash160(publicKey());
    }

    public Script p2wpkh() {
        return new ScriptBuilder().number(0).data(keyHash()).build();
    }

    public Script p2pkh() {
        return new ScriptBuilder().op(0x76).op(0xa9).data(keyHash()).op(0x88).op(0xac).build();
    }

    /** The P2WPKH address with the given human-readable part ("bcrt" for Blocksmith, "rb" for bcoin). */
    public String segwitAddress(String hrp) {
        byte[] program = Bech32.convertBits(keyHash(), 8, 5, true).orElseThrow();
        byte[] values = new byte[program.length + 1];
        System.arraycopy(program, 0, values, 1, program.length);
        return Bech32.encode(Bech32.Encoding.BECH32, hrp, values);
    }

    /** The P2PKH address with the given version byte (0x6f for Blocksmith, 0x3c for bcoin's regtest). */
    public String legacyAddress(int version) {
        byte[] payload = new byte[21];
        payload[0] = (byte) version;
        System.arraycopy(keyHash(), 0, payload, 1, 20);
        return Base58.encodeChecked(payload);
    }

    /**
     * A signed transaction spending {@code prevouts} (all paying this key) to {@code outputs} of equal
     * value paying {@code to}, leaving {@code fee} to the miner.
     */
    public Transaction spend(List<OutPoint> prevouts, List<TxOut> spent, int outputs, Script to, long fee) throws Exception {
        long total = spent.stream().mapToLong(TxOut::value).sum() - fee;
        List<TxIn> ins = new ArrayList<>();
        for (OutPoint p : prevouts) ins.add(new TxIn(p, Script.EMPTY, 0xfffffffdL, Witness.EMPTY));
        List<TxOut> outs = new ArrayList<>();
        for (int i = 0; i < outputs; i++) outs.add(new TxOut(total / outputs + (i == 0 ? total % outputs : 0), to));
        Transaction unsigned = new Transaction(2, ins, outs, 0);
        Map<Integer, PrivateKeyBytes> keys = new java.util.HashMap<>();
        for (int i = 0; i < ins.size(); i++) keys.put(i, key);
        return TransactionSigner.sign(unsigned, spent, keys, SignatureHasher.SIGHASH_ALL);
    }

    public static OutPoint outPoint(String txid, int index) {
        return new OutPoint(Sha256Hash.fromHex(txid), index);
    }
}
