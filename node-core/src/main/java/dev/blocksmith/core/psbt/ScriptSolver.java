package dev.blocksmith.core.psbt;

import dev.blocksmith.core.crypto.Hashes;
import dev.blocksmith.core.primitives.ByteWriter;
import dev.blocksmith.core.script.Opcodes;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.script.ScriptBuilder;
import dev.blocksmith.core.script.ScriptError;
import dev.blocksmith.core.script.ScriptFlags;
import dev.blocksmith.core.script.ScriptInterpreter;
import dev.blocksmith.core.script.ScriptType;
import dev.blocksmith.core.script.SigVersion;
import dev.blocksmith.core.tx.Witness;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Builds the scriptSig and witness that spend an output script from the signatures and scripts at
 * hand, asking a {@link SignatureCreator} for the ones missing (Core's ProduceSignature and SignStep).
 * Templates: P2PK, P2PKH, bare multisig, P2SH around any of them or around P2WPKH/P2WSH, P2WPKH, P2WSH
 * around them or around any miniscript (BIP379), and P2TR by key path or by a miniscript tapscript leaf.
 * The result is complete only when it passes the script interpreter with the standard flags and the
 * creator's checker.
 */
final class ScriptSolver {
    private ScriptSolver() {
    }

    /** What one solving step produced: the stack items and the template solved. */
    private record Step(boolean solved, List<byte[]> items, ScriptType type) {
    }

    static boolean produce(SigningProvider provider, SignatureCreator creator, Script scriptPubKey, SigningState s) {
        if (s.complete) return true;
        Step step = step(provider, creator, scriptPubKey, SigVersion.BASE, s);
        boolean solved = step.solved();
        List<byte[]> result = step.items();
        ScriptType type = step.type();
        boolean p2sh = false;
        Script subscript = Script.EMPTY;
        if (solved && type == ScriptType.SCRIPTHASH) {
            // BIP16: the redeem script is solved in turn and pushed last.
            subscript = Script.of(result.get(0));
            s.redeemScript = Optional.of(subscript);
            Step inner = step(provider, creator, subscript, SigVersion.BASE, s);
            solved = inner.solved() && inner.type() != ScriptType.SCRIPTHASH;
            result = inner.items();
            type = inner.type();
            p2sh = true;
        }
        if (solved && type == ScriptType.WITNESS_V0_KEYHASH) {
            // BIP143: P2WPKH is signed as the P2PKH script of its key hash.
            Script code = p2pkh(result.get(0));
            Step inner = step(provider, creator, code, SigVersion.WITNESS_V0, s);
            solved = inner.solved();
            s.scriptWitness = Witness.of(inner.items());
            s.witness = true;
            result = new ArrayList<>();
        } else if (solved && type == ScriptType.WITNESS_V0_SCRIPTHASH) {
            Script ws = Script.of(result.get(0));
            s.witnessScript = Optional.of(ws);
            Step inner = step(provider, creator, ws, SigVersion.WITNESS_V0, s);
            solved = inner.solved() && inner.type() != ScriptType.SCRIPTHASH && inner.type() != ScriptType.WITNESS_V0_SCRIPTHASH
                    && inner.type() != ScriptType.WITNESS_V0_KEYHASH;
            List<byte[]> stack = new ArrayList<>(inner.items());
            if (!solved && stack.isEmpty()) {
                // As bitcoind: a witness script no template solves is tried as miniscript (the stack is empty then:
                // a partly signed CHECKMULTISIG keeps its signatures for the combiner instead).
                Optional<List<byte[]>> ms = MiniscriptSigning.witnessScript(provider, creator, s, ws);
                solved = ms.isPresent();
                stack = new ArrayList<>(ms.orElse(List.of()));
            }
            // BIP141: the witness script is the last witness item.
            stack.add(ws.bytes());
            s.scriptWitness = Witness.of(stack);
            s.witness = true;
            result = new ArrayList<>();
        } else if (type == ScriptType.WITNESS_V1_TAPROOT && !p2sh) {
            s.witness = true;
            if (solved) s.scriptWitness = Witness.of(result);
            result = new ArrayList<>();
        } else if (solved && type == ScriptType.WITNESS_UNKNOWN) {
            s.witness = true;
        }
        if (!s.witness) s.scriptWitness = Witness.EMPTY;
        List<byte[]> sigItems = new ArrayList<>(result);
        if (p2sh) sigItems.add(subscript.bytes());
        s.scriptSig = pushAll(sigItems);
        s.complete = solved && ScriptInterpreter.verify(s.scriptSig, scriptPubKey, s.scriptWitness, ScriptFlags.STANDARD,
                creator.checker()) == ScriptError.OK;
        return s.complete;
    }

    private static Step step(SigningProvider provider, SignatureCreator creator, Script script, SigVersion sigVersion, SigningState s) {
        ScriptSolution sol = ScriptSolution.of(script);
        List<byte[]> ret = new ArrayList<>();
        switch (sol.type()) {
            case PUBKEY -> {
                Optional<Bytes> sig = createSig(provider, creator, s, Bytes.of(sol.data().get(0)), script, sigVersion);
                if (sig.isEmpty()) return new Step(false, ret, sol.type());
                ret.add(sig.get().toByteArray());
                return new Step(true, ret, sol.type());
            }
            case PUBKEYHASH -> {
                Bytes keyId = Bytes.of(sol.data().get(0));
                Optional<Bytes> pubkey = publicKey(provider, s, keyId);
                if (pubkey.isEmpty()) {
                    s.missingPubkeys.add(keyId);
                    return new Step(false, ret, sol.type());
                }
                Optional<Bytes> sig = createSig(provider, creator, s, pubkey.get(), script, sigVersion);
                if (sig.isEmpty()) return new Step(false, ret, sol.type());
                ret.add(sig.get().toByteArray());
                ret.add(pubkey.get().toByteArray());
                return new Step(true, ret, sol.type());
            }
            case SCRIPTHASH -> {
                Bytes h = Bytes.of(sol.data().get(0));
                Optional<Script> redeem = script(provider, s, h);
                if (redeem.isEmpty()) {
                    s.missingRedeemScript = Optional.of(h);
                    return new Step(false, ret, sol.type());
                }
                ret.add(redeem.get().bytes());
                return new Step(true, ret, sol.type());
            }
            case MULTISIG -> {
                int required = sol.required();
                // The dummy element CHECKMULTISIG pops (BIP147 NULLDUMMY requires it empty).
                ret.add(new byte[0]);
                for (byte[] key : sol.data()) {
                    // Every key is tried so that a PSBT collects all the signatures that can be made.
                    Optional<Bytes> sig = createSig(provider, creator, s, Bytes.of(key), script, sigVersion);
                    if (sig.isPresent() && ret.size() < required + 1) ret.add(sig.get().toByteArray());
                }
                boolean ok = ret.size() == required + 1;
                while (ret.size() < required + 1) ret.add(new byte[0]);
                return new Step(ok, ret, sol.type());
            }
            case WITNESS_V0_KEYHASH -> {
                ret.add(sol.data().get(0));
                return new Step(true, ret, sol.type());
            }
            case WITNESS_V0_SCRIPTHASH -> {
                byte[] program = sol.data().get(0);
                Optional<Script> ws = script(provider, s, Bytes.of(Hashes.ripemd160(program)));
                if (ws.isEmpty()) {
                    s.missingWitnessScript = Optional.of(Bytes.of(program));
                    return new Step(false, ret, sol.type());
                }
                ret.add(ws.get().bytes());
                return new Step(true, ret, sol.type());
            }
            case WITNESS_V1_TAPROOT -> {
                return taproot(provider, creator, Bytes.of(sol.data().get(0)), s);
            }
            case ANCHOR -> {
                return new Step(true, ret, sol.type());
            }
            default -> {
                return new Step(false, ret, sol.type());
            }
        }
    }

    /** BIP341: the key path when a signature can be had, else the smallest satisfiable script path. */
    private static Step taproot(SigningProvider provider, SignatureCreator creator, Bytes outputKey, SigningState s) {
        provider.taprootSpendData(outputKey).ifPresent(s::merge);
        Bytes internal = s.internalKey.orElse(Bytes.of(new byte[32]));
        if (s.internalKey.isPresent()) {
            provider.keyOriginByXOnly(internal).ifPresent(origin -> s.taprootMiscPubkeys.putIfAbsent(internal,
                    new TapKeyOrigin(new TreeSet<>(), origin)));
        }
        if (s.taprootKeyPathSig.isEmpty()) {
            s.taprootKeyPathSig = creator.schnorr(provider, internal, Optional.empty(), new SchnorrTweak.KeyPath(s.merkleRoot), SigVersion.TAPROOT);
        }
        if (s.taprootKeyPathSig.isEmpty()) {
            s.taprootKeyPathSig = creator.schnorr(provider, outputKey, Optional.empty(), new SchnorrTweak.Untweaked(), SigVersion.TAPROOT);
        }
        if (s.taprootKeyPathSig.isPresent()) {
            return new Step(true, List.of(s.taprootKeyPathSig.get().toByteArray()), ScriptType.WITNESS_V1_TAPROOT);
        }
        List<byte[]> smallest = List.of();
        long smallestSize = Long.MAX_VALUE;
        for (var e : new ArrayList<>(s.tapScripts.entrySet())) {
            TapLeafScript leaf = e.getKey();
            SortedSet<Bytes> blocks = e.getValue();
            Optional<List<byte[]>> items = TapscriptSatisfier.satisfy(provider, creator, s, leaf);
            if (items.isEmpty()) continue;
            List<byte[]> stack = new ArrayList<>(items.get());
            stack.add(leaf.script().toByteArray());
            // The shortest control block: the leaf's shallowest position in the tree.
            stack.add(blocks.first().toByteArray());
            long size = serializedSize(stack);
            if (size < smallestSize) {
                smallest = stack;
                smallestSize = size;
            }
        }
        return new Step(!smallest.isEmpty(), smallest, ScriptType.WITNESS_V1_TAPROOT);
    }

    private static long serializedSize(List<byte[]> stack) {
        long n = ByteWriter.compactSizeLength(stack.size());
        for (byte[] item : stack) n += ByteWriter.compactSizeLength(item.length) + item.length;
        return n;
    }

    /** Core's CreateSig: a known signature for the key, else one from the creator; records the key's origin. */
    static Optional<Bytes> createSig(SigningProvider provider, SignatureCreator creator, SigningState s, Bytes pubkey, Script code,
            SigVersion sigVersion) {
        Bytes keyId = Bytes.of(Hashes.hash160(pubkey.toByteArray()));
        PartialSignature known = s.signatures.get(keyId);
        if (known != null) return Optional.of(known.signature());
        provider.keyOrigin(keyId).ifPresent(origin -> s.miscPubkeys.putIfAbsent(keyId, new SigningState.KeyWithOrigin(pubkey, origin)));
        Optional<Bytes> sig = creator.ecdsa(provider, keyId, code, sigVersion);
        if (sig.isPresent()) {
            s.signatures.put(keyId, new PartialSignature(pubkey, sig.get()));
            return sig;
        }
        s.missingSigs.add(keyId);
        return Optional.empty();
    }

    /** Core's GetPubKey: from a partial signature, a BIP32 derivation, a taproot key, then the provider. */
    static Optional<Bytes> publicKey(SigningProvider provider, SigningState s, Bytes keyId) {
        PartialSignature sig = s.signatures.get(keyId);
        if (sig != null) return Optional.of(sig.publicKey());
        SigningState.KeyWithOrigin misc = s.miscPubkeys.get(keyId);
        if (misc != null) return Optional.of(misc.publicKey());
        Bytes xOnly = s.tapPubkeys.get(keyId);
        if (xOnly != null) {
            byte[] even = new byte[33];
            even[0] = 0x02;
            System.arraycopy(xOnly.toByteArray(), 0, even, 1, 32);
            return Optional.of(Bytes.of(even));
        }
        return provider.publicKey(keyId);
    }

    /** Core's GetCScript: the provider's script, else the redeem or witness script already known. */
    private static Optional<Script> script(SigningProvider provider, SigningState s, Bytes scriptId) {
        Optional<Script> p = provider.script(scriptId);
        if (p.isPresent()) return p;
        for (Optional<Script> known : List.of(s.redeemScript, s.witnessScript)) {
            if (known.isPresent() && Arrays.equals(Hashes.hash160(known.get().rawBytes()), scriptId.toByteArray())) return known;
        }
        return Optional.empty();
    }

    private static Script p2pkh(byte[] keyHash) {
        return new ScriptBuilder().op(Opcodes.OP_DUP).op(Opcodes.OP_HASH160).data(keyHash).op(Opcodes.OP_EQUALVERIFY).op(Opcodes.OP_CHECKSIG).build();
    }

    /** Core's PushAll: small numbers and the empty item as opcodes, everything else as minimal data pushes. */
    static Script pushAll(List<byte[]> items) {
        ScriptBuilder b = new ScriptBuilder();
        for (byte[] v : items) {
            if (v.length == 0) b.op(Opcodes.OP_0);
            else if (v.length == 1 && v[0] >= 1 && v[0] <= 16) b.op(Opcodes.encodeSmallInt(v[0]));
            else if (v.length == 1 && (v[0] & 0xff) == 0x81) b.op(Opcodes.OP_1NEGATE);
            else b.data(v);
        }
        return b.build();
    }
}
