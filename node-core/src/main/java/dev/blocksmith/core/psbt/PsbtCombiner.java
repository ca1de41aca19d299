package dev.blocksmith.core.psbt;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The BIP174 Combiner (Core's CombinePSBTs): merges PSBTs of the same unsigned transaction, keeping for
 * every key the first value seen; single-valued fields are taken from the first PSBT that has them.
 */
public final class PsbtCombiner {
    private PsbtCombiner() {
    }

    /** The merged PSBT, or empty when they are not all of the same transaction (same txid). */
    public static Optional<Psbt> combine(List<Psbt> psbts) {
        if (psbts.isEmpty()) throw new IllegalArgumentException("nothing to combine");
        Psbt out = psbts.get(0);
        for (Psbt other : psbts.subList(1, psbts.size())) {
            if (!out.unsignedTx().txid().equals(other.unsignedTx().txid())) return Optional.empty();
            out = merge(out, other);
        }
        return Optional.of(out);
    }

    private static Psbt merge(Psbt a, Psbt b) {
        List<PsbtInput> inputs = new ArrayList<>();
        for (int i = 0; i < a.inputs().size(); i++) inputs.add(merge(a.input(i), b.input(i)));
        List<PsbtOutput> outputs = new ArrayList<>();
        for (int i = 0; i < a.outputs().size(); i++) outputs.add(merge(a.output(i), b.output(i)));
        TreeSet<ProprietaryRecord> proprietary = new TreeSet<>(a.proprietary());
        proprietary.addAll(b.proprietary());
        TreeMap<Bytes, Bytes> unknown = new TreeMap<>(b.unknown());
        unknown.putAll(a.unknown());
        return new Psbt(a.unsignedTx(), mergeXpubs(a.xpubs(), b.xpubs()), proprietary, unknown, inputs, outputs);
    }

    /** Xpubs are a set per origin; within one origin an xpub with the same key and chain code is the same one. */
    static List<GlobalXpub> mergeXpubs(List<GlobalXpub> a, List<GlobalXpub> b) {
        List<GlobalXpub> out = new ArrayList<>(a);
        for (GlobalXpub x : b) {
            if (out.stream().noneMatch(y -> y.origin().equals(x.origin()) && y.sameKey(x))) out.add(x);
        }
        return out;
    }

    /** Core's PSBTInput::Merge. */
    static PsbtInput merge(PsbtInput a, PsbtInput b) {
        PsbtInput.Builder m = a.toBuilder();
        if (a.nonWitnessUtxo().isEmpty()) m.nonWitnessUtxo(b.nonWitnessUtxo());
        if (a.witnessUtxo().isEmpty()) m.witnessUtxo(b.witnessUtxo());
        b.partialSignatures().forEach(m::addPartialSignature);
        b.ripemd160Preimages().forEach(m::addRipemd160Preimage);
        b.sha256Preimages().forEach(m::addSha256Preimage);
        b.hash160Preimages().forEach(m::addHash160Preimage);
        b.hash256Preimages().forEach(m::addHash256Preimage);
        b.bip32Derivations().forEach(m::addBip32Derivation);
        b.proprietary().forEach(m::addProprietary);
        b.unknown().forEach(m::addUnknown);
        b.tapScriptSigs().forEach(m::addTapScriptSig);
        // A leaf already present keeps its control blocks (Core inserts whole map entries).
        b.tapLeafScripts().forEach((leaf, blocks) -> {
            if (!a.tapLeafScripts().containsKey(leaf)) m.addTapLeafScript(leaf, blocks);
        });
        b.tapBip32Derivations().forEach(m::addTapBip32Derivation);
        if (a.redeemScript().isEmpty()) m.redeemScript(b.redeemScript());
        if (a.witnessScript().isEmpty()) m.witnessScript(b.witnessScript());
        if (a.finalScriptSig().isEmpty()) m.finalScriptSig(b.finalScriptSig());
        if (a.finalScriptWitness().isEmpty()) m.finalScriptWitness(b.finalScriptWitness());
        if (a.tapKeySig().isEmpty()) m.tapKeySig(b.tapKeySig());
        if (a.tapInternalKey().isEmpty()) m.tapInternalKey(b.tapInternalKey());
        if (a.tapMerkleRoot().isEmpty()) m.tapMerkleRoot(b.tapMerkleRoot());
        return m.build();
    }

    /** Core's PSBTOutput::Merge. */
    static PsbtOutput merge(PsbtOutput a, PsbtOutput b) {
        PsbtOutput.Builder m = a.toBuilder();
        b.bip32Derivations().forEach(m::addBip32Derivation);
        b.proprietary().forEach(m::addProprietary);
        b.unknown().forEach(m::addUnknown);
        b.tapBip32Derivations().forEach(m::addTapBip32Derivation);
        if (a.redeemScript().isEmpty()) m.redeemScript(b.redeemScript());
        if (a.witnessScript().isEmpty()) m.witnessScript(b.witnessScript());
        if (a.tapInternalKey().isEmpty()) m.tapInternalKey(b.tapInternalKey());
        if (a.tapTree().isEmpty()) m.tapTree(b.tapTree());
        return m.build();
    }
}
