package dev.blocksmith.core.psbt;

import dev.blocksmith.core.crypto.Hashes;
import dev.blocksmith.core.crypto.Secp256k1Verifier;
import dev.blocksmith.core.primitives.ByteWriter;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.script.ScriptInterpreter;
import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.core.tx.TxOut;
import dev.blocksmith.core.tx.Witness;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * A PSBT with a record of every type this codec knows, in all three maps, plus proprietary and unknown
 * records: real public keys (derived from fixed secrets) so that bitcoind accepts it too.
 */
public final class EveryFieldPsbt {
    private EveryFieldPsbt() {
    }

    static Bytes pubkey(String label) {
        byte[] secret = Hashes.sha256(("every field " + label).getBytes());
        return Bytes.of(Secp256k1Verifier.library().pubKeyCompress(Secp256k1Verifier.library().pubkeyCreate(secret)));
    }

    static Bytes xOnly(String label) {
        byte[] c = pubkey(label).toByteArray();
        return Bytes.of(java.util.Arrays.copyOfRange(c, 1, 33));
    }

    private static ProprietaryRecord proprietary(String id, int subtype, String keyData, String value) {
        ByteWriter k = new ByteWriter(32);
        k.u8(0xfc).varBytes(id.getBytes()).compactSize(subtype).bytes(keyData.getBytes());
        return new ProprietaryRecord(Bytes.of(k.toByteArray()), Bytes.of(id.getBytes()), subtype, Bytes.of(value.getBytes()));
    }

    public static Psbt build() {
        Transaction prev = new Transaction(2, List.of(new TxIn(new OutPoint(Sha256Hash.wrap(Hashes.sha256("prev".getBytes())), 1), Script.EMPTY,
                TxIn.SEQUENCE_FINAL)), List.of(new TxOut(100_000, Script.fromHex("0014" + "11".repeat(20))),
                new TxOut(200_000, Script.fromHex("a914" + "22".repeat(20) + "87"))), 0);
        Transaction unsigned = new Transaction(2, List.of(new TxIn(new OutPoint(prev.txid(), 0), Script.EMPTY, 0xfffffffdL),
                new TxIn(new OutPoint(prev.txid(), 1), Script.EMPTY, 0xfffffffdL)),
                List.of(new TxOut(90_000, Script.fromHex("5120" + xOnly("out").toHex())), new TxOut(190_000, Script.fromHex("0014" + "33".repeat(20)))), 0);
        Bip32Origin origin = new Bip32Origin(0xd90c6a4f, List.of(Bip32Origin.HARDENED | 86, Bip32Origin.HARDENED | 1, Bip32Origin.HARDENED, 0, 7));
        Script leafScript = Script.fromHex("20" + xOnly("leaf").toHex() + "ac");
        Bytes leafHash = Bytes.of(ScriptInterpreter.tapleafHash(0xc0, leafScript.rawBytes()));
        Bytes control = Bytes.fromHex("c0" + xOnly("internal").toHex());
        Bytes preimage = Bytes.of("preimage".getBytes());
        PsbtInput in0 = new PsbtInput.Builder()
                .nonWitnessUtxo(Optional.of(prev))
                .witnessUtxo(Optional.of(prev.output(0)))
                .addPartialSignature(Bytes.of(Hashes.hash160(pubkey("a").toByteArray())), new PartialSignature(pubkey("a"),
                        Bytes.fromHex("3044022012345678901234567890123456789012345678901234567890123456789012340220"
                                + "1234567890123456789012345678901234567890123456789012345678901234" + "01")))
                .sighashType(Optional.of(1))
                .redeemScript(Optional.of(Script.fromHex("0014" + "44".repeat(20))))
                .witnessScript(Optional.of(Script.fromHex("21" + pubkey("b").toHex() + "ac")))
                .addBip32Derivation(pubkey("a"), origin)
                .addRipemd160Preimage(Bytes.of(Hashes.ripemd160(preimage.toByteArray())), preimage)
                .addSha256Preimage(Bytes.of(Hashes.sha256(preimage.toByteArray())), preimage)
                .addHash160Preimage(Bytes.of(Hashes.hash160(preimage.toByteArray())), preimage)
                .addHash256Preimage(Bytes.of(Hashes.sha256d(preimage.toByteArray())), preimage)
                .tapKeySig(Optional.of(Bytes.of(new byte[64])))
                .addTapScriptSig(new TapScriptSigKey(xOnly("leaf"), leafHash), Bytes.of(new byte[65]))
                .addTapLeafScript(new TapLeafScript(Bytes.of(leafScript.rawBytes()), 0xc0), List.of(control))
                .addTapBip32Derivation(xOnly("leaf"), new TapKeyOrigin(new TreeSet<>(List.of(leafHash)), origin))
                .tapInternalKey(Optional.of(xOnly("internal")))
                .tapMerkleRoot(Optional.of(leafHash))
                .addProprietary(proprietary("blocksmith", 1, "in", "value-in"))
                .addUnknown(Bytes.fromHex("f0" + "ab"), Bytes.fromHex("cd"))
                .build();
        PsbtInput in1 = new PsbtInput.Builder()
                .witnessUtxo(Optional.of(prev.output(1)))
                .finalScriptSig(Optional.of(Script.fromHex("160014" + "55".repeat(20))))
                .finalScriptWitness(Optional.of(Witness.of(new byte[71], pubkey("c").toByteArray())))
                .addUnknown(Bytes.fromHex("f1"), Bytes.EMPTY)
                .build();
        PsbtOutput out0 = new PsbtOutput.Builder()
                .tapInternalKey(Optional.of(xOnly("internal")))
                .tapTree(List.of(new TapTreeLeaf(1, 0xc0, Bytes.of(leafScript.rawBytes())), new TapTreeLeaf(1, 0xc0, Bytes.fromHex("51"))))
                .addTapBip32Derivation(xOnly("internal"), new TapKeyOrigin(new TreeSet<>(), origin))
                .addProprietary(proprietary("blocksmith", 2, "out", "value-out"))
                .addUnknown(Bytes.fromHex("f2"), Bytes.fromHex("00"))
                .build();
        PsbtOutput out1 = new PsbtOutput.Builder()
                .redeemScript(Optional.of(Script.fromHex("0014" + "66".repeat(20))))
                .witnessScript(Optional.of(Script.fromHex("51")))
                .addBip32Derivation(pubkey("d"), origin)
                .build();
        Bytes xpub = Bytes.fromHex("043587cf" + "03" + "d90c6a4f" + "80000000" + "77".repeat(32) + pubkey("xpub").toHex());
        GlobalXpub global = new GlobalXpub(xpub, new Bip32Origin(0xd90c6a4f, List.of(Bip32Origin.HARDENED | 86, Bip32Origin.HARDENED | 1,
                Bip32Origin.HARDENED)));
        return new Psbt(unsigned, List.of(global), new TreeSet<>(List.of(proprietary("blocksmith", 0, "global", "value"))),
                new java.util.TreeMap<>(java.util.Map.of(Bytes.fromHex("f3"), Bytes.fromHex("ff"))), List.of(in0, in1), List.of(out0, out1));
    }
}
