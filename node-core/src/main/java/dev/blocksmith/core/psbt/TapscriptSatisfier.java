package dev.blocksmith.core.psbt;

import dev.blocksmith.core.script.Opcodes;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.script.ScriptChunk;
import dev.blocksmith.core.script.ScriptInterpreter;
import dev.blocksmith.core.script.ScriptNum;
import dev.blocksmith.core.script.SigVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Satisfies the two standard tapscript leaves that wallets make (BIP342): a single key,
 * {@code <x> OP_CHECKSIG}, and Core's multi_a, {@code <x1> OP_CHECKSIG <x2> OP_CHECKSIGADD ... <k> OP_NUMEQUAL}.
 * Core satisfies any miniscript here; other leaf scripts are not solved.
 */
final class TapscriptSatisfier {
    private TapscriptSatisfier() {
    }

    /**
     * The witness items (without script and control block) that satisfy the leaf, or empty when the leaf
     * is not one of the two templates or the signatures are not available.
     */
    static Optional<List<byte[]>> satisfy(SigningProvider provider, SignatureCreator creator, SigningState state, TapLeafScript leaf) {
        if (leaf.leafVersion() != ScriptInterpreter.TAPROOT_LEAF_TAPSCRIPT) return Optional.empty();
        byte[] script = leaf.script().toByteArray();
        Bytes leafHash = Bytes.of(ScriptInterpreter.tapleafHash(leaf.leafVersion(), script));
        Optional<List<ScriptChunk>> parsed = Script.of(script).chunks();
        if (parsed.isEmpty()) return Optional.empty();
        List<ScriptChunk> c = parsed.get();
        if (c.size() == 2 && isKey(c.get(0)) && c.get(1).opcode() == Opcodes.OP_CHECKSIG) {
            return sign(provider, creator, state, Bytes.of(c.get(0).data()), leafHash).map(sig -> List.of(sig.toByteArray()));
        }
        return multiA(c).flatMap(m -> satisfyMultiA(provider, creator, state, m, leafHash));
    }

    private record MultiA(List<Bytes> keys, int threshold) {
    }

    private static Optional<MultiA> multiA(List<ScriptChunk> c) {
        if (c.size() < 4 || c.size() % 2 != 0) return Optional.empty();
        int keys = (c.size() - 2) / 2;
        List<Bytes> out = new ArrayList<>();
        for (int i = 0; i < keys; i++) {
            ScriptChunk key = c.get(2 * i);
            int op = c.get(2 * i + 1).opcode();
            if (!isKey(key) || op != (i == 0 ? Opcodes.OP_CHECKSIG : Opcodes.OP_CHECKSIGADD)) return Optional.empty();
            out.add(Bytes.of(key.data()));
        }
        if (c.get(c.size() - 1).opcode() != Opcodes.OP_NUMEQUAL) return Optional.empty();
        Optional<Integer> k = number(c.get(c.size() - 2));
        if (k.isEmpty() || k.get() < 1 || k.get() > keys) return Optional.empty();
        return Optional.of(new MultiA(out, k.get()));
    }

    private static Optional<Integer> number(ScriptChunk c) {
        int small = Opcodes.decodeSmallInt(c.opcode());
        if (small >= 0) return Optional.of(small);
        if (!c.isPush() || c.data().length == 0 || c.data().length > 4 || !ScriptInterpreter.isMinimalPush(c.data(), c.opcode())
                || !ScriptNum.isMinimal(c.data())) {
            return Optional.empty();
        }
        return Optional.of(ScriptNum.toInt(ScriptNum.decode(c.data(), false, 4)));
    }

    private static boolean isKey(ScriptChunk c) {
        return c.isPush() && c.data() != null && c.data().length == 32;
    }

    /** A candidate witness: its items, serialized size (each item's length plus one) and whether signatures are all there. */
    private record Stack(List<byte[]> items, long size, boolean available) {
        static final Stack EMPTY = new Stack(List.of(), 0, true);

        Stack plus(byte[] item, boolean itemAvailable) {
            List<byte[]> l = new ArrayList<>(items);
            l.add(item);
            return new Stack(l, size + item.length + 1, available && itemAvailable);
        }
    }

    /**
     * Core's miniscript satisfaction of multi_a: keys are visited last to first (the first key's signature
     * must end on top of the stack); for each count of signatures the smaller valid stack wins, and on a
     * tie the one leaving the current key unsigned.
     */
    private static Optional<List<byte[]>> satisfyMultiA(SigningProvider provider, SignatureCreator creator, SigningState state, MultiA m,
            Bytes leafHash) {
        List<Stack> sats = new ArrayList<>(List.of(Stack.EMPTY));
        for (int i = 0; i < m.keys().size(); i++) {
            Bytes key = m.keys().get(m.keys().size() - 1 - i);
            Optional<Bytes> sig = sign(provider, creator, state, key, leafHash);
            byte[] sigBytes = sig.map(Bytes::toByteArray).orElse(new byte[0]);
            List<Stack> next = new ArrayList<>();
            next.add(sats.get(0).plus(new byte[0], true));
            for (int j = 1; j < sats.size(); j++) {
                next.add(choose(sats.get(j).plus(new byte[0], true), sats.get(j - 1).plus(sigBytes, sig.isPresent())));
            }
            next.add(sats.get(sats.size() - 1).plus(sigBytes, sig.isPresent()));
            sats = next;
        }
        Stack best = sats.get(m.threshold());
        return best.available() ? Optional.of(best.items()) : Optional.empty();
    }

    private static Stack choose(Stack a, Stack b) {
        if (!a.available()) return b;
        if (!b.available()) return a;
        return a.size() <= b.size() ? a : b;
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
