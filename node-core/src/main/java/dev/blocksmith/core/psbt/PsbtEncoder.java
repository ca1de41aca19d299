package dev.blocksmith.core.psbt;

import dev.blocksmith.core.primitives.ByteWriter;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;

/**
 * Serializes a version 0 PSBT in bitcoind's record order, so a PSBT bitcoind wrote comes back byte
 * for byte and a PSBT written here is the one bitcoind would write. As in bitcoind, a finalized input
 * drops its signing data (BIP174 lets the finalizer remove it) and non-witness UTXOs are written
 * without their witnesses.
 */
public final class PsbtEncoder {
    private PsbtEncoder() {
    }

    public static byte[] encode(Psbt psbt) {
        ByteWriter w = new ByteWriter(512);
        w.bytes(PsbtDecoder.MAGIC);
        record(w, new byte[] {0x00}, psbt.unsignedTx().serialize(false));
        for (GlobalXpub x : psbt.xpubs()) {
            record(w, concat(new byte[] {0x01}, x.extendedKey().toByteArray()), keyOrigin(x.origin()));
        }
        proprietary(w, psbt.proprietary());
        unknown(w, psbt.unknown());
        w.u8(0);
        for (PsbtInput in : psbt.inputs()) input(w, in);
        for (PsbtOutput out : psbt.outputs()) output(w, out);
        return w.toByteArray();
    }

    private static void input(ByteWriter w, PsbtInput in) {
        in.nonWitnessUtxo().ifPresent(tx -> record(w, new byte[] {0x00}, tx.serialize(false)));
        in.witnessUtxo().ifPresent(o -> {
            ByteWriter v = new ByteWriter(64);
            o.write(v);
            record(w, new byte[] {0x01}, v.toByteArray());
        });
        if (!in.isFinalized()) {
            in.partialSignatures().values().forEach(s -> record(w, concat(new byte[] {0x02}, s.publicKey().toByteArray()), s.signature().toByteArray()));
            in.sighashType().ifPresent(t -> record(w, new byte[] {0x03}, new ByteWriter(4).i32le(t).toByteArray()));
            in.redeemScript().ifPresent(s -> record(w, new byte[] {0x04}, s.rawBytes()));
            in.witnessScript().ifPresent(s -> record(w, new byte[] {0x05}, s.rawBytes()));
            derivations(w, 0x06, in.bip32Derivations());
            preimages(w, 0x0a, in.ripemd160Preimages());
            preimages(w, 0x0b, in.sha256Preimages());
            preimages(w, 0x0c, in.hash160Preimages());
            preimages(w, 0x0d, in.hash256Preimages());
            in.tapKeySig().ifPresent(s -> record(w, new byte[] {0x13}, s.toByteArray()));
            in.tapScriptSigs().forEach((k, s) -> record(w,
                    concat(new byte[] {0x14}, concat(k.xOnlyKey().toByteArray(), k.leafHash().toByteArray())), s.toByteArray()));
            in.tapLeafScripts().forEach((leaf, blocks) -> {
                byte[] value = concat(leaf.script().toByteArray(), new byte[] {(byte) leaf.leafVersion()});
                for (Bytes block : blocks) record(w, concat(new byte[] {0x15}, block.toByteArray()), value);
            });
            tapDerivations(w, 0x16, in.tapBip32Derivations());
            in.tapInternalKey().ifPresent(k -> record(w, new byte[] {0x17}, k.toByteArray()));
            in.tapMerkleRoot().ifPresent(k -> record(w, new byte[] {0x18}, k.toByteArray()));
        }
        in.finalScriptSig().ifPresent(s -> record(w, new byte[] {0x07}, s.rawBytes()));
        in.finalScriptWitness().ifPresent(wit -> {
            ByteWriter v = new ByteWriter(128);
            wit.write(v);
            record(w, new byte[] {0x08}, v.toByteArray());
        });
        proprietary(w, in.proprietary());
        unknown(w, in.unknown());
        w.u8(0);
    }

    private static void output(ByteWriter w, PsbtOutput out) {
        out.redeemScript().ifPresent(s -> record(w, new byte[] {0x00}, s.rawBytes()));
        out.witnessScript().ifPresent(s -> record(w, new byte[] {0x01}, s.rawBytes()));
        derivations(w, 0x02, out.bip32Derivations());
        // bitcoind writes an output's proprietary records before its taproot fields.
        proprietary(w, out.proprietary());
        out.tapInternalKey().ifPresent(k -> record(w, new byte[] {0x05}, k.toByteArray()));
        if (!out.tapTree().isEmpty()) {
            ByteWriter v = new ByteWriter(128);
            for (TapTreeLeaf leaf : out.tapTree()) v.u8(leaf.depth()).u8(leaf.leafVersion()).varBytes(leaf.script().toByteArray());
            record(w, new byte[] {0x06}, v.toByteArray());
        }
        tapDerivations(w, 0x07, out.tapBip32Derivations());
        unknown(w, out.unknown());
        w.u8(0);
    }

    private static void derivations(ByteWriter w, int type, Map<Bytes, Bip32Origin> map) {
        map.forEach((pubkey, origin) -> record(w, concat(new byte[] {(byte) type}, pubkey.toByteArray()), keyOrigin(origin)));
    }

    private static void tapDerivations(ByteWriter w, int type, Map<Bytes, TapKeyOrigin> map) {
        map.forEach((xonly, o) -> {
            ByteWriter v = new ByteWriter(64);
            v.compactSize(o.leafHashes().size());
            for (Bytes h : o.leafHashes()) v.bytes(h.toByteArray());
            v.bytes(keyOrigin(o.origin()));
            record(w, concat(new byte[] {(byte) type}, xonly.toByteArray()), v.toByteArray());
        });
    }

    private static void preimages(ByteWriter w, int type, Map<Bytes, Bytes> map) {
        map.forEach((hash, preimage) -> record(w, concat(new byte[] {(byte) type}, hash.toByteArray()), preimage.toByteArray()));
    }

    private static void proprietary(ByteWriter w, SortedSet<ProprietaryRecord> records) {
        for (ProprietaryRecord r : records) record(w, r.key().toByteArray(), r.value().toByteArray());
    }

    private static void unknown(ByteWriter w, Map<Bytes, Bytes> map) {
        map.forEach((k, v) -> record(w, k.toByteArray(), v.toByteArray()));
    }

    /** The fingerprint's four bytes, then each path step as a little-endian uint32. */
    static byte[] keyOrigin(Bip32Origin origin) {
        ByteWriter v = new ByteWriter(4 + 4 * origin.path().size());
        v.u16be(origin.fingerprint() >>> 16).u16be(origin.fingerprint());
        List<Integer> path = origin.path();
        for (int step : path) v.i32le(step);
        return v.toByteArray();
    }

    private static void record(ByteWriter w, byte[] key, byte[] value) {
        w.varBytes(key).varBytes(value);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
