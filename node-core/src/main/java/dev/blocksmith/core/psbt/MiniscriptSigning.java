package dev.blocksmith.core.psbt;

import dev.blocksmith.core.miniscript.Fragment;
import dev.blocksmith.core.miniscript.MiniscriptContext;
import dev.blocksmith.core.miniscript.MiniscriptNode;
import dev.blocksmith.core.miniscript.MsKey;
import dev.blocksmith.core.miniscript.Satisfier;
import dev.blocksmith.core.miniscript.SatisfierContext;
import dev.blocksmith.core.miniscript.ScriptDecoder;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.script.SigVersion;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Satisfies a P2WSH witness script or a tapscript leaf read as miniscript (bitcoind's WshSatisfier and
 * TapSatisfier in script/sign.cpp): keys of pk_h are found through the signing data and the provider, and
 * a key hash nobody knows is recorded as a missing public key; signatures are made or reused as for the
 * script templates; hash preimages come from the PSBT input; timelocks are checked against the transaction.
 */
final class MiniscriptSigning {
    private MiniscriptSigning() {
    }

    /** The witness items (without the script) satisfying a P2WSH witness script, if it is miniscript and satisfiable. */
    static Optional<List<byte[]>> witnessScript(SigningProvider provider, SignatureCreator creator, SigningState s, Script ws) {
        ScriptDecoder.KeyDecoder keys = new ScriptDecoder.KeyDecoder() {
            @Override
            public Optional<MsKey> fromPkBytes(byte[] b) {
                return b.length == 33 && (b[0] == 2 || b[0] == 3) ? Optional.of(MsKey.of(b)) : Optional.empty();
            }

            @Override
            public Optional<MsKey> fromPkhBytes(byte[] hash160) {
                return knownKey(provider, s, hash160).map(k -> MsKey.of(k.toByteArray()));
            }
        };
        Optional<MiniscriptNode> node = new ScriptDecoder(MiniscriptContext.P2WSH, keys).decode(ws);
        return node.flatMap(n -> Satisfier.satisfy(n, new Context(creator, s) {
            @Override
            public Optional<byte[]> sign(MsKey key) {
                return ScriptSolver.createSig(provider, creator, s, Bytes.of(key.bytes()), ws, SigVersion.WITNESS_V0).map(Bytes::toByteArray);
            }
        }));
    }

    /** The witness items (without script and control block) satisfying a tapscript leaf, if it is miniscript and satisfiable. */
    static Optional<List<byte[]>> tapscript(SigningProvider provider, SignatureCreator creator, SigningState s, byte[] script, Bytes leafHash) {
        ScriptDecoder.KeyDecoder keys = new ScriptDecoder.KeyDecoder() {
            @Override
            public Optional<MsKey> fromPkBytes(byte[] b) {
                return b.length == 32 ? Optional.of(MsKey.of(b)) : Optional.empty();
            }

            @Override
            public Optional<MsKey> fromPkhBytes(byte[] hash160) {
                return knownKey(provider, s, hash160).map(k -> MsKey.of(Arrays.copyOfRange(k.toByteArray(), 1, 33)));
            }
        };
        Optional<MiniscriptNode> node = new ScriptDecoder(MiniscriptContext.TAPSCRIPT, keys).decode(Script.of(script));
        return node.flatMap(n -> Satisfier.satisfy(n, new Context(creator, s) {
            @Override
            public Optional<byte[]> sign(MsKey key) {
                return TapscriptSatisfier.sign(provider, creator, s, Bytes.of(key.bytes()), leafHash).map(Bytes::toByteArray);
            }
        }));
    }

    /** bitcoind's CPubFromPKHBytes: the key of a hash from the signing data or the provider, else recorded as missing. */
    private static Optional<Bytes> knownKey(SigningProvider provider, SigningState s, byte[] hash160) {
        Bytes keyId = Bytes.of(hash160);
        Optional<Bytes> key = ScriptSolver.publicKey(provider, s, keyId);
        if (key.isEmpty()) s.missingPubkeys.add(keyId);
        return key;
    }

    /** What both contexts share: key bytes as written, preimages from the input, timelocks from the checker. */
    private abstract static class Context implements SatisfierContext {
        private final SignatureCreator creator;
        private final SigningState s;

        Context(SignatureCreator creator, SigningState s) {
            this.creator = creator;
            this.s = s;
        }

        @Override
        public byte[] keyBytes(MsKey key) {
            return key.bytes();
        }

        @Override
        public Optional<byte[]> preimage(Fragment fragment, byte[] hash) {
            Map<Bytes, Bytes> known = switch (fragment) {
                case SHA256 -> s.sha256Preimages;
                case HASH256 -> s.hash256Preimages;
                case RIPEMD160 -> s.ripemd160Preimages;
                default -> s.hash160Preimages;
            };
            return Optional.ofNullable(known.get(Bytes.of(hash))).map(Bytes::toByteArray);
        }

        @Override
        public boolean checkAfter(long value) {
            return creator.checker().checkLockTime(value);
        }

        @Override
        public boolean checkOlder(long value) {
            return creator.checker().checkSequence(value);
        }
    }
}
