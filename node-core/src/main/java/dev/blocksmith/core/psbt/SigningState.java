package dev.blocksmith.core.psbt;

import dev.blocksmith.core.crypto.Hashes;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.tx.Witness;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the solver knows and produces for one script (Core's SignatureData): the signatures and scripts
 * gathered from the PSBT and the signer, the scriptSig and witness built from them, and what was
 * missing. Mutable and confined to one signing attempt.
 */
final class SigningState {
    Script scriptSig = Script.EMPTY;
    Witness scriptWitness = Witness.EMPTY;
    /** The script is a witness spend (segwit v0, taproot, or a future version). */
    boolean witness;
    /** The scriptSig and witness are final and pass the checker. */
    boolean complete;

    Optional<Script> redeemScript = Optional.empty();
    Optional<Script> witnessScript = Optional.empty();
    /** Key id to public key and signature. */
    final TreeMap<Bytes, PartialSignature> signatures = new TreeMap<>();
    /** Key id to public key with its BIP32 origin. */
    final TreeMap<Bytes, KeyWithOrigin> miscPubkeys = new TreeMap<>();
    /** hash160 of an x-only key to the key, for P2PKH-style lookups of taproot keys. */
    final TreeMap<Bytes, Bytes> tapPubkeys = new TreeMap<>();
    Optional<Bytes> taprootKeyPathSig = Optional.empty();
    final TreeMap<TapScriptSigKey, Bytes> taprootScriptSigs = new TreeMap<>();
    final TreeMap<Bytes, TapKeyOrigin> taprootMiscPubkeys = new TreeMap<>();
    Optional<Bytes> internalKey = Optional.empty();
    Optional<Bytes> merkleRoot = Optional.empty();
    /** The script tree's shape, when a provider knows it (written to PSBT_OUT_TAP_TREE). */
    List<TapTreeLeaf> tapTree = List.of();
    final TreeMap<TapLeafScript, SortedSet<Bytes>> tapScripts = new TreeMap<>();
    /** Hash to preimage, per hash function (miniscript hashlocks). */
    final TreeMap<Bytes, Bytes> sha256Preimages = new TreeMap<>();
    final TreeMap<Bytes, Bytes> hash256Preimages = new TreeMap<>();
    final TreeMap<Bytes, Bytes> ripemd160Preimages = new TreeMap<>();
    final TreeMap<Bytes, Bytes> hash160Preimages = new TreeMap<>();

    final List<Bytes> missingPubkeys = new ArrayList<>();
    final List<Bytes> missingSigs = new ArrayList<>();
    Optional<Bytes> missingRedeemScript = Optional.empty();
    Optional<Bytes> missingWitnessScript = Optional.empty();

    /** A public key and where it was derived from. */
    record KeyWithOrigin(Bytes publicKey, Bip32Origin origin) {
    }

    /** Core's PSBTInput::FillSignatureData. */
    static SigningState of(PsbtInput in) {
        SigningState s = new SigningState();
        if (in.finalScriptSig().isPresent()) {
            s.scriptSig = in.finalScriptSig().get();
            s.complete = true;
        }
        if (in.finalScriptWitness().isPresent()) {
            s.scriptWitness = in.finalScriptWitness().get();
            s.complete = true;
        }
        if (s.complete) return s;
        s.signatures.putAll(in.partialSignatures());
        s.redeemScript = in.redeemScript();
        s.witnessScript = in.witnessScript();
        in.bip32Derivations().forEach((pk, origin) -> s.miscPubkeys.put(Bytes.of(Hashes.hash160(pk.toByteArray())), new KeyWithOrigin(pk, origin)));
        s.sha256Preimages.putAll(in.sha256Preimages());
        s.hash256Preimages.putAll(in.hash256Preimages());
        s.ripemd160Preimages.putAll(in.ripemd160Preimages());
        s.hash160Preimages.putAll(in.hash160Preimages());
        s.taprootKeyPathSig = in.tapKeySig();
        s.taprootScriptSigs.putAll(in.tapScriptSigs());
        s.internalKey = in.tapInternalKey();
        s.merkleRoot = in.tapMerkleRoot();
        in.tapLeafScripts().forEach(s::addScript);
        in.tapBip32Derivations().forEach((x, o) -> {
            s.taprootMiscPubkeys.put(x, o);
            s.tapPubkeys.put(Bytes.of(Hashes.hash160(x.toByteArray())), x);
        });
        return s;
    }

    /** Core's PSBTOutput::FillSignatureData (the tree's spend data is not rebuilt: outputs are never signed). */
    static SigningState of(PsbtOutput out) {
        SigningState s = new SigningState();
        s.redeemScript = out.redeemScript();
        s.witnessScript = out.witnessScript();
        out.bip32Derivations().forEach((pk, origin) -> s.miscPubkeys.put(Bytes.of(Hashes.hash160(pk.toByteArray())), new KeyWithOrigin(pk, origin)));
        if (!out.tapTree().isEmpty()) s.internalKey = out.tapInternalKey();
        out.tapBip32Derivations().forEach((x, o) -> {
            s.taprootMiscPubkeys.put(x, o);
            s.tapPubkeys.put(Bytes.of(Hashes.hash160(x.toByteArray())), x);
        });
        return s;
    }

    void addScript(TapLeafScript leaf, SortedSet<Bytes> controlBlocks) {
        tapScripts.computeIfAbsent(leaf, l -> new TreeSet<>(Bytes.SHORTEST_FIRST)).addAll(controlBlocks);
    }

    /** Core's TaprootSpendData::Merge: fill what is unknown, add scripts. */
    void merge(TaprootSpendData data) {
        if (internalKey.isEmpty()) internalKey = data.internalKey();
        if (merkleRoot.isEmpty()) merkleRoot = data.merkleRoot();
        data.scripts().forEach(this::addScript);
        if (tapTree.isEmpty()) tapTree = data.tree();
    }

    /** Core's PSBTInput::FromSignatureData. */
    void writeTo(PsbtInput.Builder b) {
        if (complete) {
            b.finalizeWith(scriptSig, scriptWitness);
            return;
        }
        signatures.forEach(b::addPartialSignature);
        if (b.redeemScript().isEmpty()) b.redeemScript(redeemScript);
        if (b.witnessScript().isEmpty()) b.witnessScript(witnessScript);
        miscPubkeys.values().forEach(k -> b.addBip32Derivation(k.publicKey(), k.origin()));
        if (taprootKeyPathSig.isPresent()) b.tapKeySig(taprootKeyPathSig);
        taprootScriptSigs.forEach(b::addTapScriptSig);
        if (internalKey.isPresent()) b.tapInternalKey(internalKey);
        if (merkleRoot.isPresent()) b.tapMerkleRoot(merkleRoot);
        tapScripts.forEach((leaf, blocks) -> {
            if (!b.tapLeafScripts().containsKey(leaf)) b.addTapLeafScript(leaf, blocks);
        });
        taprootMiscPubkeys.forEach(b::addTapBip32Derivation);
    }

    /** Core's PSBTOutput::FromSignatureData. */
    void writeTo(PsbtOutput.Builder b) {
        if (b.redeemScript().isEmpty()) b.redeemScript(redeemScript);
        if (b.witnessScript().isEmpty()) b.witnessScript(witnessScript);
        miscPubkeys.values().forEach(k -> b.addBip32Derivation(k.publicKey(), k.origin()));
        if (internalKey.isPresent()) b.tapInternalKey(internalKey);
        // Core's PSBTOutput::FromSignatureData: the tree of an output whose scripts the provider knows.
        if (b.tapTree().isEmpty() && !tapTree.isEmpty()) b.tapTree(tapTree);
        taprootMiscPubkeys.forEach(b::addTapBip32Derivation);
    }
}
