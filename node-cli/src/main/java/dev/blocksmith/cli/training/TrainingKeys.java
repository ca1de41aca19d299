package dev.blocksmith.cli.training;

import dev.blocksmith.core.crypto.Hashes;
import dev.blocksmith.core.crypto.Secp256k1Verifier;
import dev.blocksmith.core.script.Opcodes;
import dev.blocksmith.core.script.PrecomputedTransactionData;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.script.ScriptBuilder;
import dev.blocksmith.core.script.ScriptExecutionData;
import dev.blocksmith.core.script.SigVersion;
import dev.blocksmith.core.script.SignatureHasher;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.core.tx.TxOut;
import dev.blocksmith.core.tx.Witness;
import fr.acinq.secp256k1.Secp256k1;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The training chain's keys (drawn at random), the output script of each {@link OutputKind}, and the signing of
 * transactions that spend them with SIGHASH_ALL (SIGHASH_DEFAULT, a 64-byte signature, for taproot), as a wallet does.
 */
final class TrainingKeys {
    private static final Secp256k1 SECP = Secp256k1Verifier.library();

    private final byte[] key;
    private final byte[] pubKey;
    private final byte[][] multisigKeys;
    private final Script multisig;
    private final byte[] tweakedKey;
    private final Script taprootOutput;

    private TrainingKeys(byte[] key, byte[][] multisigKeys, byte[] internalKey) {
        this.key = key;
        this.pubKey = pub(key);
        this.multisigKeys = multisigKeys;
        this.multisig = new ScriptBuilder().number(2).data(pub(multisigKeys[0])).data(pub(multisigKeys[1])).number(2)
                .op(Opcodes.OP_CHECKMULTISIG).build();
        // BIP341 key path without a script tree: the internal key tweaked by its own tagged hash.
        byte[] internalXOnly = Arrays.copyOfRange(pub(internalKey), 1, 33);
        byte[] even = (pub(internalKey)[0] & 1) == 1 ? SECP.privKeyNegate(internalKey) : internalKey;
        this.tweakedKey = SECP.privKeyTweakAdd(even, Hashes.taggedHash("TapTweak", internalXOnly, new byte[0]));
        byte[] outputKey = Secp256k1Verifier.INSTANCE.tweakXOnly(internalXOnly, new byte[0]).orElseThrow();
        this.taprootOutput = new ScriptBuilder().op(Opcodes.OP_1).data(Arrays.copyOfRange(outputKey, 1, 33)).build();
    }

    static TrainingKeys random(RandomGenerator random) {
        return new TrainingKeys(secret(random), new byte[][] {secret(random), secret(random)}, secret(random));
    }

    private static byte[] secret(RandomGenerator random) {
        byte[] k = new byte[32];
        do {
            random.nextBytes(k);
        } while (!SECP.secKeyVerify(k));
        return k;
    }

    private static byte[] pub(byte[] secret) {
        return SECP.pubKeyCompress(SECP.pubkeyCreate(secret));
    }

    private Script p2pkh() {
        return new ScriptBuilder().op(Opcodes.OP_DUP).op(Opcodes.OP_HASH160).data(Hashes.hash160(pubKey))
                .op(Opcodes.OP_EQUALVERIFY).op(Opcodes.OP_CHECKSIG).build();
    }

    private Script p2wpkh() {
        return new ScriptBuilder().op(Opcodes.OP_0).data(Hashes.hash160(pubKey)).build();
    }

    Script scriptPubKey(OutputKind kind) {
        return switch (kind) {
            case P2PKH -> p2pkh();
            case P2SH_P2WPKH -> new ScriptBuilder().op(Opcodes.OP_HASH160).data(Hashes.hash160(p2wpkh().bytes()))
                    .op(Opcodes.OP_EQUAL).build();
            case P2WPKH -> p2wpkh();
            case P2WSH_MULTISIG -> new ScriptBuilder().op(Opcodes.OP_0).data(Hashes.sha256(multisig.bytes())).build();
            case P2TR_KEY -> taprootOutput;
        };
    }

    /** Signs every input of {@code unsigned}, which spends {@code spent} in order. */
    Transaction sign(Transaction unsigned, List<Coin> spent) {
        PrecomputedTransactionData data = new PrecomputedTransactionData(unsigned, spent.stream().map(Coin::output).toList());
        List<TxIn> ins = new ArrayList<>();
        for (int i = 0; i < unsigned.inputs().size(); i++) {
            TxIn in = unsigned.input(i);
            TxOut prev = spent.get(i).output();
            ins.add(switch (spent.get(i).kind()) {
                case P2PKH -> in.withScriptSig(new ScriptBuilder()
                        .data(ecdsa(key, SignatureHasher.legacy(prev.scriptPubKey(), unsigned, i, SignatureHasher.SIGHASH_ALL)))
                        .data(pubKey).build());
                case P2SH_P2WPKH -> in.withScriptSig(new ScriptBuilder().data(p2wpkh().bytes()).build())
                        .withWitness(p2wpkhWitness(unsigned, i, prev.value(), data));
                case P2WPKH -> in.withWitness(p2wpkhWitness(unsigned, i, prev.value(), data));
                case P2WSH_MULTISIG -> {
                    byte[] h = SignatureHasher.witnessV0(multisig, unsigned, i, SignatureHasher.SIGHASH_ALL, prev.value(), data);
                    yield in.withWitness(Witness.of(new byte[0], ecdsa(multisigKeys[0], h), ecdsa(multisigKeys[1], h), multisig.bytes()));
                }
                case P2TR_KEY -> {
                    ScriptExecutionData exec = ScriptExecutionData.forSighash(Optional.empty(), Optional.empty(),
                            ScriptExecutionData.NO_CODESEPARATOR);
                    byte[] h = SignatureHasher.taproot(unsigned, i, SignatureHasher.SIGHASH_DEFAULT, SigVersion.TAPROOT, exec, data)
                            .orElseThrow();
                    yield in.withWitness(Witness.of(SECP.signSchnorr(h, tweakedKey, null)));
                }
            });
        }
        return new Transaction(unsigned.version(), ins, unsigned.outputs(), unsigned.lockTime());
    }

    private Witness p2wpkhWitness(Transaction tx, int i, long amount, PrecomputedTransactionData data) {
        byte[] h = SignatureHasher.witnessV0(p2pkh(), tx, i, SignatureHasher.SIGHASH_ALL, amount, data);
        return Witness.of(ecdsa(key, h), pubKey);
    }

    /** A low-S DER signature (libsecp256k1 signs low-S) with the SIGHASH_ALL byte. */
    private static byte[] ecdsa(byte[] secret, byte[] hash) {
        byte[] der = SECP.compact2der(SECP.sign(hash, secret));
        byte[] out = Arrays.copyOf(der, der.length + 1);
        out[der.length] = (byte) SignatureHasher.SIGHASH_ALL;
        return out;
    }
}
