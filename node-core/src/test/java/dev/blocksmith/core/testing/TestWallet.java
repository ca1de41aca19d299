package dev.blocksmith.core.testing;

import dev.blocksmith.core.crypto.Hashes;
import dev.blocksmith.core.crypto.Secp256k1Verifier;
import dev.blocksmith.core.primitives.ByteWriter;
import dev.blocksmith.core.script.Opcodes;
import dev.blocksmith.core.script.PrecomputedTransactionData;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.script.ScriptBuilder;
import dev.blocksmith.core.script.ScriptExecutionData;
import dev.blocksmith.core.script.ScriptInterpreter;
import dev.blocksmith.core.script.SigVersion;
import dev.blocksmith.core.script.SignatureHasher;
import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.core.tx.TxOut;
import dev.blocksmith.core.tx.Witness;
import fr.acinq.secp256k1.Secp256k1;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Keys, output scripts and signing for every standard output type, signing with libsecp256k1 over
 * node-core's own sighashes (node-core tests cannot use node-wallet). Options produce deliberately
 * wrong signatures for consensus tests.
 */
public final class TestWallet {
    private static final Secp256k1 SECP = Secp256k1.get();
    private static final BigInteger CURVE_ORDER =
            new BigInteger("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", 16);

    /** Output types the wallet can create and spend. */
    public enum Kind {
        P2PKH, P2SH_MULTISIG, P2WPKH, P2WSH_MULTISIG, P2SH_P2WPKH, P2TR_KEY, P2TR_SCRIPT
    }

    /** A spendable output and how to spend it. */
    public record Utxo(OutPoint outPoint, TxOut output, Kind kind) {
    }

    /**
     * How to sign: the hash type byte, a value added to the amount committed to (segwit and taproot
     * sign amounts), a high-S ECDSA signature, or a corrupted signature.
     */
    public record SignOptions(int hashType, long amountDelta, boolean highS, boolean corrupt) {
        public static final SignOptions DEFAULT = new SignOptions(SignatureHasher.SIGHASH_ALL, 0, false, false);

        public SignOptions withHashType(int h) {
            return new SignOptions(h, amountDelta, highS, corrupt);
        }

        public SignOptions withAmountDelta(long d) {
            return new SignOptions(hashType, d, highS, corrupt);
        }

        public SignOptions withHighS() {
            return new SignOptions(hashType, amountDelta, true, corrupt);
        }

        public SignOptions corrupted() {
            return new SignOptions(hashType, amountDelta, highS, true);
        }
    }

    private final byte[] key = priv("main");
    private final byte[][] multisigKeys = {priv("m1"), priv("m2"), priv("m3")};
    private final byte[] internalKey = priv("internal");
    private final byte[] leafKey = priv("leaf");

    private static byte[] priv(String label) {
        return Hashes.sha256(("blocksmith test wallet " + label).getBytes());
    }

    private static byte[] pub(byte[] priv) {
        return SECP.pubKeyCompress(SECP.pubkeyCreate(priv));
    }

    private static byte[] xOnly(byte[] priv) {
        return Arrays.copyOfRange(pub(priv), 1, 33);
    }

    public static Script p2pkh(byte[] pubkey) {
        return new ScriptBuilder().op(Opcodes.OP_DUP).op(Opcodes.OP_HASH160).data(Hashes.hash160(pubkey))
                .op(Opcodes.OP_EQUALVERIFY).op(Opcodes.OP_CHECKSIG).build();
    }

    private static Script p2sh(Script redeem) {
        return new ScriptBuilder().op(Opcodes.OP_HASH160).data(Hashes.hash160(redeem.bytes())).op(Opcodes.OP_EQUAL).build();
    }

    /** Pay-to-witness-script-hash of {@code witnessScript}. */
    public static Script p2wsh(Script witnessScript) {
        return new ScriptBuilder().op(Opcodes.OP_0).data(Hashes.sha256(witnessScript.bytes())).build();
    }

    private Script multisig(int m, int n) {
        ScriptBuilder b = new ScriptBuilder().number(m);
        for (int i = 0; i < n; i++) b.data(pub(multisigKeys[i]));
        return b.number(n).op(Opcodes.OP_CHECKMULTISIG).build();
    }

    private Script p2wpkhProgram() {
        return new ScriptBuilder().op(Opcodes.OP_0).data(Hashes.hash160(pub(key))).build();
    }

    /** The single tapscript leaf: {@code <leaf key> OP_CHECKSIG}. */
    private Script leafScript() {
        return new ScriptBuilder().data(xOnly(leafKey)).op(Opcodes.OP_CHECKSIG).build();
    }

    private byte[] leafHash() {
        return ScriptInterpreter.tapleafHash(0xc0, leafScript().bytes());
    }

    /** BIP341 output key: internal key tweaked by the script tree root (none for key-path outputs). */
    private byte[] outputKey(Kind kind) {
        byte[] root = kind == Kind.P2TR_SCRIPT ? leafHash() : new byte[0];
        return Secp256k1Verifier.INSTANCE.tweakXOnly(xOnly(internalKey), root).orElseThrow();
    }

    /** The main key's P2PKH script: where test coinbases pay. */
    public Script mainScript() {
        return scriptPubKey(Kind.P2PKH);
    }

    public Script scriptPubKey(Kind kind) {
        return switch (kind) {
            case P2PKH -> p2pkh(pub(key));
            case P2SH_MULTISIG -> p2sh(multisig(2, 3));
            case P2WPKH -> p2wpkhProgram();
            case P2WSH_MULTISIG -> p2wsh(multisig(2, 2));
            case P2SH_P2WPKH -> p2sh(p2wpkhProgram());
            case P2TR_KEY, P2TR_SCRIPT -> new ScriptBuilder().op(Opcodes.OP_1).data(Arrays.copyOfRange(outputKey(kind), 1, 33)).build();
        };
    }

    /** Signs every input of {@code unsigned} (which spends {@code spent}, in order) with default options. */
    public Transaction sign(Transaction unsigned, List<Utxo> spent) {
        return sign(unsigned, spent, SignOptions.DEFAULT);
    }

    /** Signs every input; {@code options} apply to all of them. */
    public Transaction sign(Transaction unsigned, List<Utxo> spent, SignOptions options) {
        List<TxOut> prevouts = spent.stream().map(Utxo::output).toList();
        List<TxOut> signedPrevouts = new ArrayList<>();
        for (TxOut p : prevouts) signedPrevouts.add(new TxOut(p.value() + options.amountDelta(), p.scriptPubKey()));
        PrecomputedTransactionData data = new PrecomputedTransactionData(unsigned, signedPrevouts);
        List<TxIn> ins = new ArrayList<>();
        for (int i = 0; i < unsigned.inputs().size(); i++) {
            TxIn in = unsigned.input(i);
            Utxo u = spent.get(i);
            long amount = u.output().value() + options.amountDelta();
            ins.add(switch (u.kind()) {
                case P2PKH -> in.withScriptSig(new ScriptBuilder()
                        .data(ecdsa(key, SignatureHasher.legacy(u.output().scriptPubKey(), unsigned, i, options.hashType()), options))
                        .data(pub(key)).build());
                case P2SH_MULTISIG -> {
                    Script redeem = multisig(2, 3);
                    byte[] h = SignatureHasher.legacy(redeem, unsigned, i, options.hashType());
                    yield in.withScriptSig(new ScriptBuilder().op(Opcodes.OP_0).data(ecdsa(multisigKeys[0], h, options))
                            .data(ecdsa(multisigKeys[2], h, options)).data(redeem.bytes()).build());
                }
                case P2WPKH -> in.withWitness(p2wpkhWitness(unsigned, i, amount, data, options));
                case P2SH_P2WPKH -> in.withScriptSig(new ScriptBuilder().data(p2wpkhProgram().bytes()).build())
                        .withWitness(p2wpkhWitness(unsigned, i, amount, data, options));
                case P2WSH_MULTISIG -> {
                    Script ws = multisig(2, 2);
                    byte[] h = SignatureHasher.witnessV0(ws, unsigned, i, options.hashType(), amount, data);
                    yield in.withWitness(Witness.of(new byte[0], ecdsa(multisigKeys[0], h, options),
                            ecdsa(multisigKeys[1], h, options), ws.bytes()));
                }
                case P2TR_KEY -> in.withWitness(Witness.of(schnorr(tweakedInternalKey(new byte[0]),
                        taprootHash(unsigned, i, SigVersion.TAPROOT, Optional.empty(), data, options), options)));
                case P2TR_SCRIPT -> {
                    byte[] q = outputKey(Kind.P2TR_SCRIPT);
                    byte[] control = new ByteWriter(33).u8(0xc0 | (q[0] & 1)).bytes(xOnly(internalKey)).toByteArray();
                    byte[] sig = schnorr(leafKey, taprootHash(unsigned, i, SigVersion.TAPSCRIPT, Optional.of(leafHash()), data, options), options);
                    yield in.withWitness(Witness.of(sig, leafScript().bytes(), control));
                }
            });
        }
        return new Transaction(unsigned.version(), ins, unsigned.outputs(), unsigned.lockTime());
    }

    private Witness p2wpkhWitness(Transaction tx, int i, long amount, PrecomputedTransactionData data, SignOptions o) {
        byte[] h = SignatureHasher.witnessV0(p2pkh(pub(key)), tx, i, o.hashType(), amount, data);
        return Witness.of(ecdsa(key, h, o), pub(key));
    }

    private byte[] tweakedInternalKey(byte[] merkleRoot) {
        byte[] even = (pub(internalKey)[0] & 1) == 1 ? SECP.privKeyNegate(internalKey) : internalKey;
        return SECP.privKeyTweakAdd(even, Hashes.taggedHash("TapTweak", xOnly(internalKey), merkleRoot));
    }

    /**
     * The BIP341 message; an undefined hash type has no message, so it is signed as SIGHASH_DEFAULT
     * and only the appended byte carries the undefined type (what an attacker could put in a block).
     */
    private static byte[] taprootHash(Transaction tx, int i, SigVersion v, Optional<byte[]> leaf,
                                      PrecomputedTransactionData data, SignOptions o) {
        ScriptExecutionData exec = ScriptExecutionData.forSighash(Optional.empty(), leaf, ScriptExecutionData.NO_CODESEPARATOR);
        return SignatureHasher.taproot(tx, i, o.hashType(), v, exec, data)
                .or(() -> SignatureHasher.taproot(tx, i, SignatureHasher.SIGHASH_DEFAULT, v, exec, data)).orElseThrow();
    }

    private static byte[] schnorr(byte[] priv, byte[] hash, SignOptions o) {
        byte[] sig = SECP.signSchnorr(hash, priv, null);
        if (o.corrupt()) sig[10] ^= 1;
        if (o.hashType() == SignatureHasher.SIGHASH_DEFAULT) return sig;
        byte[] out = Arrays.copyOf(sig, 65);
        out[64] = (byte) o.hashType();
        return out;
    }

    private static byte[] ecdsa(byte[] priv, byte[] hash, SignOptions o) {
        byte[] compact = SECP.sign(hash, priv);
        if (o.highS()) {
            BigInteger s = new BigInteger(1, Arrays.copyOfRange(compact, 32, 64));
            byte[] high = CURVE_ORDER.subtract(s).toByteArray();
            Arrays.fill(compact, 32, 64, (byte) 0);
            int len = Math.min(32, high.length);
            System.arraycopy(high, high.length - len, compact, 64 - len, len);
        }
        byte[] der = SECP.compact2der(compact);
        if (o.corrupt()) der[der.length - 1] ^= 1;
        byte[] out = Arrays.copyOf(der, der.length + 1);
        out[der.length] = (byte) o.hashType();
        return out;
    }
}
