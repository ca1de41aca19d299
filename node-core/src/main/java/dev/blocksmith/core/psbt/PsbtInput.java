package dev.blocksmith.core.psbt;

import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxOut;
import dev.blocksmith.core.tx.Witness;
import java.util.Collection;
import java.util.Collections;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The per-input map of a version 0 PSBT (BIP174, with the BIP371 taproot fields). Absent fields are
 * empty; as in bitcoind an empty script, an empty witness, an all-zero x-only key or merkle root
 * mean "not set". Maps are kept in the order bitcoind serializes them: partial signatures by the
 * hash160 of their key, everything else by key bytes.
 *
 * @param partialSignatures PSBT_IN_PARTIAL_SIG, keyed by the key id (hash160 of the public key)
 * @param bip32Derivations PSBT_IN_BIP32_DERIVATION, keyed by the serialized public key
 * @param tapLeafScripts PSBT_IN_TAP_LEAF_SCRIPT: each leaf with its control blocks, shortest first
 * @param tapBip32Derivations PSBT_IN_TAP_BIP32_DERIVATION, keyed by the x-only key
 * @param unknown records of types this implementation does not know, key bytes to value bytes
 */
public record PsbtInput(
        Optional<Transaction> nonWitnessUtxo,
        Optional<TxOut> witnessUtxo,
        SortedMap<Bytes, PartialSignature> partialSignatures,
        Optional<Integer> sighashType,
        Optional<Script> redeemScript,
        Optional<Script> witnessScript,
        SortedMap<Bytes, Bip32Origin> bip32Derivations,
        Optional<Script> finalScriptSig,
        Optional<Witness> finalScriptWitness,
        SortedMap<Bytes, Bytes> ripemd160Preimages,
        SortedMap<Bytes, Bytes> sha256Preimages,
        SortedMap<Bytes, Bytes> hash160Preimages,
        SortedMap<Bytes, Bytes> hash256Preimages,
        Optional<Bytes> tapKeySig,
        SortedMap<TapScriptSigKey, Bytes> tapScriptSigs,
        SortedMap<TapLeafScript, SortedSet<Bytes>> tapLeafScripts,
        SortedMap<Bytes, TapKeyOrigin> tapBip32Derivations,
        Optional<Bytes> tapInternalKey,
        Optional<Bytes> tapMerkleRoot,
        SortedSet<ProprietaryRecord> proprietary,
        SortedMap<Bytes, Bytes> unknown) {

    public static final PsbtInput EMPTY = new Builder().build();

    public PsbtInput {
        partialSignatures = frozen(partialSignatures);
        bip32Derivations = frozen(bip32Derivations);
        ripemd160Preimages = frozen(ripemd160Preimages);
        sha256Preimages = frozen(sha256Preimages);
        hash160Preimages = frozen(hash160Preimages);
        hash256Preimages = frozen(hash256Preimages);
        tapScriptSigs = frozen(tapScriptSigs);
        TreeMap<TapLeafScript, SortedSet<Bytes>> leaves = new TreeMap<>();
        tapLeafScripts.forEach((leaf, blocks) -> {
            TreeSet<Bytes> copy = new TreeSet<>(Bytes.SHORTEST_FIRST);
            copy.addAll(blocks);
            leaves.put(leaf, Collections.unmodifiableSortedSet(copy));
        });
        tapLeafScripts = Collections.unmodifiableSortedMap(leaves);
        tapBip32Derivations = frozen(tapBip32Derivations);
        proprietary = Collections.unmodifiableSortedSet(new TreeSet<>(proprietary));
        unknown = frozen(unknown);
    }

    static <K, V> SortedMap<K, V> frozen(SortedMap<K, V> m) {
        return Collections.unmodifiableSortedMap(new TreeMap<>(m));
    }

    /** BIP174 Input Finalizer output is present: the input carries its final scriptSig or witness (Core's PSBTInputSigned). */
    public boolean isFinalized() {
        return finalScriptSig.isPresent() || finalScriptWitness.isPresent();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Mutable copy for updaters, signers and combiners; {@link #build()} freezes it. */
    public static final class Builder {
        private Optional<Transaction> nonWitnessUtxo = Optional.empty();
        private Optional<TxOut> witnessUtxo = Optional.empty();
        private final TreeMap<Bytes, PartialSignature> partialSignatures = new TreeMap<>();
        private Optional<Integer> sighashType = Optional.empty();
        private Optional<Script> redeemScript = Optional.empty();
        private Optional<Script> witnessScript = Optional.empty();
        private final TreeMap<Bytes, Bip32Origin> bip32Derivations = new TreeMap<>();
        private Optional<Script> finalScriptSig = Optional.empty();
        private Optional<Witness> finalScriptWitness = Optional.empty();
        private final TreeMap<Bytes, Bytes> ripemd160Preimages = new TreeMap<>();
        private final TreeMap<Bytes, Bytes> sha256Preimages = new TreeMap<>();
        private final TreeMap<Bytes, Bytes> hash160Preimages = new TreeMap<>();
        private final TreeMap<Bytes, Bytes> hash256Preimages = new TreeMap<>();
        private Optional<Bytes> tapKeySig = Optional.empty();
        private final TreeMap<TapScriptSigKey, Bytes> tapScriptSigs = new TreeMap<>();
        private final TreeMap<TapLeafScript, SortedSet<Bytes>> tapLeafScripts = new TreeMap<>();
        private final TreeMap<Bytes, TapKeyOrigin> tapBip32Derivations = new TreeMap<>();
        private Optional<Bytes> tapInternalKey = Optional.empty();
        private Optional<Bytes> tapMerkleRoot = Optional.empty();
        private final TreeSet<ProprietaryRecord> proprietary = new TreeSet<>();
        private final TreeMap<Bytes, Bytes> unknown = new TreeMap<>();

        public Builder() {
        }

        private Builder(PsbtInput in) {
            nonWitnessUtxo = in.nonWitnessUtxo;
            witnessUtxo = in.witnessUtxo;
            partialSignatures.putAll(in.partialSignatures);
            sighashType = in.sighashType;
            redeemScript = in.redeemScript;
            witnessScript = in.witnessScript;
            bip32Derivations.putAll(in.bip32Derivations);
            finalScriptSig = in.finalScriptSig;
            finalScriptWitness = in.finalScriptWitness;
            ripemd160Preimages.putAll(in.ripemd160Preimages);
            sha256Preimages.putAll(in.sha256Preimages);
            hash160Preimages.putAll(in.hash160Preimages);
            hash256Preimages.putAll(in.hash256Preimages);
            tapKeySig = in.tapKeySig;
            tapScriptSigs.putAll(in.tapScriptSigs);
            in.tapLeafScripts.forEach((leaf, blocks) -> addTapLeafScript(leaf, blocks));
            tapBip32Derivations.putAll(in.tapBip32Derivations);
            tapInternalKey = in.tapInternalKey;
            tapMerkleRoot = in.tapMerkleRoot;
            proprietary.addAll(in.proprietary);
            unknown.putAll(in.unknown);
        }

        public Optional<Transaction> nonWitnessUtxo() {
            return nonWitnessUtxo;
        }

        public Optional<TxOut> witnessUtxo() {
            return witnessUtxo;
        }

        public Optional<Script> redeemScript() {
            return redeemScript;
        }

        public Optional<Script> witnessScript() {
            return witnessScript;
        }

        public Optional<Script> finalScriptSig() {
            return finalScriptSig;
        }

        public Optional<Witness> finalScriptWitness() {
            return finalScriptWitness;
        }

        public Optional<Bytes> tapKeySig() {
            return tapKeySig;
        }

        public Optional<Bytes> tapInternalKey() {
            return tapInternalKey;
        }

        public Optional<Bytes> tapMerkleRoot() {
            return tapMerkleRoot;
        }

        public SortedMap<Bytes, PartialSignature> partialSignatures() {
            return Collections.unmodifiableSortedMap(partialSignatures);
        }

        public SortedMap<Bytes, Bip32Origin> bip32Derivations() {
            return Collections.unmodifiableSortedMap(bip32Derivations);
        }

        public SortedMap<Bytes, Bytes> ripemd160Preimages() {
            return Collections.unmodifiableSortedMap(ripemd160Preimages);
        }

        public SortedMap<Bytes, Bytes> sha256Preimages() {
            return Collections.unmodifiableSortedMap(sha256Preimages);
        }

        public SortedMap<Bytes, Bytes> hash160Preimages() {
            return Collections.unmodifiableSortedMap(hash160Preimages);
        }

        public SortedMap<Bytes, Bytes> hash256Preimages() {
            return Collections.unmodifiableSortedMap(hash256Preimages);
        }

        public SortedMap<TapLeafScript, SortedSet<Bytes>> tapLeafScripts() {
            return Collections.unmodifiableSortedMap(tapLeafScripts);
        }

        public Optional<Integer> sighashType() {
            return sighashType;
        }

        public SortedMap<TapScriptSigKey, Bytes> tapScriptSigs() {
            return Collections.unmodifiableSortedMap(tapScriptSigs);
        }

        public SortedMap<Bytes, TapKeyOrigin> tapBip32Derivations() {
            return Collections.unmodifiableSortedMap(tapBip32Derivations);
        }

        public SortedSet<ProprietaryRecord> proprietary() {
            return Collections.unmodifiableSortedSet(proprietary);
        }

        public SortedMap<Bytes, Bytes> unknown() {
            return Collections.unmodifiableSortedMap(unknown);
        }

        public Builder nonWitnessUtxo(Optional<Transaction> tx) {
            nonWitnessUtxo = tx;
            return this;
        }

        public Builder witnessUtxo(Optional<TxOut> out) {
            witnessUtxo = out;
            return this;
        }

        /** Adds a signature unless one is already stored for the same key id (Core's map insert). */
        public Builder addPartialSignature(Bytes keyId, PartialSignature sig) {
            partialSignatures.putIfAbsent(keyId, sig);
            return this;
        }

        public Builder clearPartialSignatures() {
            partialSignatures.clear();
            return this;
        }

        public Builder sighashType(Optional<Integer> type) {
            sighashType = type;
            return this;
        }

        public Builder redeemScript(Optional<Script> s) {
            redeemScript = s.filter(x -> !x.isEmpty());
            return this;
        }

        public Builder witnessScript(Optional<Script> s) {
            witnessScript = s.filter(x -> !x.isEmpty());
            return this;
        }

        public Builder addBip32Derivation(Bytes publicKey, Bip32Origin origin) {
            bip32Derivations.putIfAbsent(publicKey, origin);
            return this;
        }

        public Builder clearBip32Derivations() {
            bip32Derivations.clear();
            return this;
        }

        public Builder finalScriptSig(Optional<Script> s) {
            finalScriptSig = s.filter(x -> !x.isEmpty());
            return this;
        }

        public Builder finalScriptWitness(Optional<Witness> w) {
            finalScriptWitness = w.filter(x -> !x.isEmpty());
            return this;
        }

        public Builder addRipemd160Preimage(Bytes hash, Bytes preimage) {
            ripemd160Preimages.putIfAbsent(hash, preimage);
            return this;
        }

        public Builder addSha256Preimage(Bytes hash, Bytes preimage) {
            sha256Preimages.putIfAbsent(hash, preimage);
            return this;
        }

        public Builder addHash160Preimage(Bytes hash, Bytes preimage) {
            hash160Preimages.putIfAbsent(hash, preimage);
            return this;
        }

        public Builder addHash256Preimage(Bytes hash, Bytes preimage) {
            hash256Preimages.putIfAbsent(hash, preimage);
            return this;
        }

        public Builder tapKeySig(Optional<Bytes> sig) {
            tapKeySig = sig.filter(x -> !x.isEmpty());
            return this;
        }

        public Builder addTapScriptSig(TapScriptSigKey key, Bytes sig) {
            tapScriptSigs.putIfAbsent(key, sig);
            return this;
        }

        /** Adds control blocks for a leaf, merging with those already known (Core's map of sets). */
        public Builder addTapLeafScript(TapLeafScript leaf, Collection<Bytes> controlBlocks) {
            SortedSet<Bytes> set = tapLeafScripts.computeIfAbsent(leaf, l -> new TreeSet<>(Bytes.SHORTEST_FIRST));
            set.addAll(controlBlocks);
            return this;
        }

        public Builder addTapBip32Derivation(Bytes xOnly, TapKeyOrigin origin) {
            tapBip32Derivations.putIfAbsent(xOnly, origin);
            return this;
        }

        /** The x-only key; all zeros means unset, as Core's XOnlyPubKey::IsNull. */
        public Builder tapInternalKey(Optional<Bytes> key) {
            tapInternalKey = key.filter(k -> !k.isAllZero());
            return this;
        }

        public Builder tapMerkleRoot(Optional<Bytes> root) {
            tapMerkleRoot = root.filter(k -> !k.isAllZero());
            return this;
        }

        /** Adds a record unless one with the same key exists (records are a set ordered by key). */
        public Builder addProprietary(ProprietaryRecord r) {
            proprietary.add(r);
            return this;
        }

        public Builder addUnknown(Bytes key, Bytes value) {
            unknown.putIfAbsent(key, value);
            return this;
        }

        /**
         * The Input Finalizer's result: the final scriptSig and witness, with everything BIP174 lets the
         * finalizer drop dropped (bitcoind keeps only the UTXOs, proprietary and unknown records of a
         * finalized input when it writes it).
         */
        public Builder finalizeWith(Script scriptSig, Witness witness) {
            partialSignatures.clear();
            sighashType = Optional.empty();
            redeemScript = Optional.empty();
            witnessScript = Optional.empty();
            bip32Derivations.clear();
            ripemd160Preimages.clear();
            sha256Preimages.clear();
            hash160Preimages.clear();
            hash256Preimages.clear();
            tapKeySig = Optional.empty();
            tapScriptSigs.clear();
            tapLeafScripts.clear();
            tapBip32Derivations.clear();
            tapInternalKey = Optional.empty();
            tapMerkleRoot = Optional.empty();
            finalScriptSig(Optional.of(scriptSig));
            finalScriptWitness(Optional.of(witness));
            return this;
        }

        public PsbtInput build() {
            return new PsbtInput(nonWitnessUtxo, witnessUtxo, partialSignatures, sighashType, redeemScript, witnessScript,
                    bip32Derivations, finalScriptSig, finalScriptWitness, ripemd160Preimages, sha256Preimages, hash160Preimages,
                    hash256Preimages, tapKeySig, tapScriptSigs, tapLeafScripts, tapBip32Derivations, tapInternalKey, tapMerkleRoot,
                    proprietary, unknown);
        }
    }
}
