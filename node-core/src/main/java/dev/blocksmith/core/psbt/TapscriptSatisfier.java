package dev.blocksmith.core.psbt;

import dev.blocksmith.core.script.ScriptInterpreter;
import dev.blocksmith.core.script.SigVersion;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Satisfies a tapscript leaf (BIP342) as bitcoind's SignTaprootScript: leaf version 0xc0 only, the script read
 * as miniscript (BIP379) and satisfied with the signatures, preimages and timelocks at hand.
 */
final class TapscriptSatisfier {
    private TapscriptSatisfier() {
    }

    /** The witness items (without script and control block) that satisfy the leaf, or empty. */
    static Optional<List<byte[]>> satisfy(SigningProvider provider, SignatureCreator creator, SigningState state, TapLeafScript leaf) {
        if (leaf.leafVersion() != ScriptInterpreter.TAPROOT_LEAF_TAPSCRIPT) return Optional.empty();
        byte[] script = leaf.script().toByteArray();
        Bytes leafHash = Bytes.of(ScriptInterpreter.tapleafHash(leaf.leafVersion(), script));
        return MiniscriptSigning.tapscript(provider, creator, state, script, leafHash);
    }

    /** Core's CreateTaprootScriptSig: record the key's origin for this leaf, reuse a known signature or ask the creator. */
    static Optional<Bytes> sign(SigningProvider provider, SignatureCreator creator, SigningState state, Bytes xOnly, Bytes leafHash) {
        provider.keyOriginByXOnly(xOnly).ifPresent(origin -> {
            TapKeyOrigin known = state.taprootMiscPubkeys.get(xOnly);
            TreeSet<Bytes> hashes = new TreeSet<>(known == null ? Set.of() : known.leafHashes());
            hashes.add(leafHash);
            state.taprootMiscPubkeys.put(xOnly, new TapKeyOrigin(hashes, known == null ? origin : known.origin()));
        });
        TapScriptSigKey k = new TapScriptSigKey(xOnly, leafHash);
        Bytes existing = state.taprootScriptSigs.get(k);
        if (existing != null) return Optional.of(existing);
        Optional<Bytes> sig = creator.schnorr(provider, xOnly, Optional.of(leafHash), new SchnorrTweak.Untweaked(), SigVersion.TAPSCRIPT);
        sig.ifPresent(s -> state.taprootScriptSigs.put(k, s));
        return sig;
    }
}
