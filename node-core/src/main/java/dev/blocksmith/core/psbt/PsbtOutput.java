package dev.blocksmith.core.psbt;

import dev.blocksmith.core.script.Script;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The per-output map of a version 0 PSBT (BIP174, with BIP371's taproot fields). What updaters put
 * here lets a signer recognise its own change: scripts, BIP32 origins, the taproot internal key and tree.
 */
public record PsbtOutput(
        Optional<Script> redeemScript,
        Optional<Script> witnessScript,
        SortedMap<Bytes, Bip32Origin> bip32Derivations,
        Optional<Bytes> tapInternalKey,
        List<TapTreeLeaf> tapTree,
        SortedMap<Bytes, TapKeyOrigin> tapBip32Derivations,
        SortedSet<ProprietaryRecord> proprietary,
        SortedMap<Bytes, Bytes> unknown) {

    public static final PsbtOutput EMPTY = new Builder().build();

    public PsbtOutput {
        bip32Derivations = PsbtInput.frozen(bip32Derivations);
        tapTree = List.copyOf(tapTree);
        tapBip32Derivations = PsbtInput.frozen(tapBip32Derivations);
        proprietary = Collections.unmodifiableSortedSet(new TreeSet<>(proprietary));
        unknown = PsbtInput.frozen(unknown);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Mutable copy; {@link #build()} freezes it. */
    public static final class Builder {
        private Optional<Script> redeemScript = Optional.empty();
        private Optional<Script> witnessScript = Optional.empty();
        private final TreeMap<Bytes, Bip32Origin> bip32Derivations = new TreeMap<>();
        private Optional<Bytes> tapInternalKey = Optional.empty();
        private List<TapTreeLeaf> tapTree = List.of();
        private final TreeMap<Bytes, TapKeyOrigin> tapBip32Derivations = new TreeMap<>();
        private final TreeSet<ProprietaryRecord> proprietary = new TreeSet<>();
        private final TreeMap<Bytes, Bytes> unknown = new TreeMap<>();

        public Builder() {
        }

        private Builder(PsbtOutput o) {
            redeemScript = o.redeemScript;
            witnessScript = o.witnessScript;
            bip32Derivations.putAll(o.bip32Derivations);
            tapInternalKey = o.tapInternalKey;
            tapTree = o.tapTree;
            tapBip32Derivations.putAll(o.tapBip32Derivations);
            proprietary.addAll(o.proprietary);
            unknown.putAll(o.unknown);
        }

        public Optional<Script> redeemScript() {
            return redeemScript;
        }

        public Optional<Script> witnessScript() {
            return witnessScript;
        }

        public Optional<Bytes> tapInternalKey() {
            return tapInternalKey;
        }

        public List<TapTreeLeaf> tapTree() {
            return tapTree;
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

        /** The x-only key; all zeros means unset, as Core's XOnlyPubKey::IsNull. */
        public Builder tapInternalKey(Optional<Bytes> key) {
            tapInternalKey = key.filter(k -> !k.isAllZero());
            return this;
        }

        public Builder tapTree(List<TapTreeLeaf> leaves) {
            tapTree = List.copyOf(leaves);
            return this;
        }

        public Builder addTapBip32Derivation(Bytes xOnly, TapKeyOrigin origin) {
            tapBip32Derivations.putIfAbsent(xOnly, origin);
            return this;
        }

        /** Adds a record unless one with the same key exists. */
        public Builder addProprietary(ProprietaryRecord r) {
            proprietary.add(r);
            return this;
        }

        public Builder addUnknown(Bytes key, Bytes value) {
            unknown.putIfAbsent(key, value);
            return this;
        }

        public PsbtOutput build() {
            return new PsbtOutput(redeemScript, witnessScript, bip32Derivations, tapInternalKey, tapTree, tapBip32Derivations,
                    proprietary, unknown);
        }
    }
}
