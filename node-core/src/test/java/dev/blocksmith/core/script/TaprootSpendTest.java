package dev.blocksmith.core.script;

import dev.blocksmith.core.primitives.Hex;
import static org.assertj.core.api.Assertions.assertThat;

import dev.blocksmith.core.crypto.Hashes;
import dev.blocksmith.core.crypto.Secp256k1Verifier;
import dev.blocksmith.core.primitives.ByteWriter;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.core.tx.TxOut;
import dev.blocksmith.core.tx.Witness;
import fr.acinq.secp256k1.Secp256k1;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * BIP341 key-path and script-path spends and BIP342 tapscript rules, with real Schnorr signatures made
 * by libsecp256k1 over our own sighashes. Core's script_tests.json has only four unsigned tapscript
 * cases, so these cover signatures, annex, code separators, OP_SUCCESSx, leaf versions and the
 * validation-weight budget.
 */
class TaprootSpendTest {
    private static final Secp256k1 SECP = Secp256k1.get();
    private static final byte[] INTERNAL_PRIV = Hashes.sha256("internal".getBytes());
    private static final byte[] PRIV_A = Hashes.sha256("alice".getBytes());
    private static final byte[] PRIV_B = Hashes.sha256("bob".getBytes());
    private static final int FLAGS = ScriptFlags.STANDARD;
    private static final long AMOUNT = 123_456L;

    private static byte[] xOnly(byte[] priv) {
        return Arrays.copyOfRange(SECP.pubKeyCompress(SECP.pubkeyCreate(priv)), 1, 33);
    }

    /** A taproot output committing to {@code leaf} (and a dummy sibling leaf), spent by one transaction. */
    private static final class Spend {
        final byte[] script;
        final int leafVersion;
        final byte[] sibling = ScriptInterpreter.tapleafHash(0xc0, new byte[] {(byte) Opcodes.OP_RETURN});
        final byte[] leafHash;
        final byte[] merkleRoot;
        final byte[] outputKey;
        final byte[] control;
        final TxOut prev;
        final Transaction unsigned;

        Spend(byte[] script, int leafVersion) {
            this.script = script;
            this.leafVersion = leafVersion;
            leafHash = ScriptInterpreter.tapleafHash(leafVersion, script);
            merkleRoot = ScriptInterpreter.tapBranchHash(leafHash, sibling);
            byte[] internal = xOnly(INTERNAL_PRIV);
            byte[] q = Secp256k1Verifier.INSTANCE.tweakXOnly(internal, merkleRoot).orElseThrow();
            outputKey = Arrays.copyOfRange(q, 1, 33);
            ByteWriter c = new ByteWriter(65);
            c.u8(leafVersion | (q[0] & 1)).bytes(internal).bytes(sibling);
            control = c.toByteArray();
            prev = new TxOut(AMOUNT, Script.fromHex("5120" + Hex.encode(outputKey)));
            TxIn in = new TxIn(new OutPoint(Sha256Hash.wrap(Hashes.sha256("funding".getBytes())), 1), Script.EMPTY, 0xfffffffdL);
            unsigned = new Transaction(2, List.of(in), List.of(new TxOut(AMOUNT - 500, Script.fromHex("0014" + "11".repeat(20)))), 0);
        }

        byte[] sighash(int hashType, Optional<byte[]> annex, long codesepPos) {
            PrecomputedTransactionData data = new PrecomputedTransactionData(unsigned, List.of(prev));
            ScriptExecutionData exec = ScriptExecutionData.forSighash(annex.map(TaprootSpendTest::annexHash), Optional.of(leafHash), codesepPos);
            return SignatureHasher.taproot(unsigned, 0, hashType, SigVersion.TAPSCRIPT, exec, data).orElseThrow();
        }

        byte[] sign(byte[] priv, Optional<byte[]> annex) {
            return SECP.signSchnorr(sighash(0, annex, ScriptExecutionData.NO_CODESEPARATOR), priv, null);
        }

        ScriptError run(int flags, byte[]... witness) {
            Transaction tx = new Transaction(2, List.of(unsigned.input(0).withWitness(Witness.of(witness))), unsigned.outputs(), 0);
            PrecomputedTransactionData data = new PrecomputedTransactionData(tx, List.of(prev));
            return ScriptInterpreter.verify(Script.EMPTY, prev.scriptPubKey(), tx.input(0).witness(), flags,
                    new TransactionSignatureChecker(tx, 0, AMOUNT, data));
        }
    }

    static byte[] annexHash(byte[] annex) {
        ByteWriter w = new ByteWriter(annex.length + 3);
        w.varBytes(annex);
        return Hashes.sha256(w.toByteArray());
    }

    private static byte[] twoOfTwo() {
        return new ScriptBuilder().data(xOnly(PRIV_A)).op(Opcodes.OP_CHECKSIG).data(xOnly(PRIV_B)).op(Opcodes.OP_CHECKSIGADD)
                .number(2).op(Opcodes.OP_NUMEQUAL).build().bytes();
    }

    @Test
    void checksigaddTwoOfTwo() {
        Spend s = new Spend(twoOfTwo(), 0xc0);
        byte[] sigA = s.sign(PRIV_A, Optional.empty());
        byte[] sigB = s.sign(PRIV_B, Optional.empty());
        assertThat(s.run(FLAGS, sigB, sigA, s.script, s.control)).isEqualTo(ScriptError.OK);
        // Consensus flags alone accept it too.
        assertThat(s.run(ScriptFlags.MANDATORY, sigB, sigA, s.script, s.control)).isEqualTo(ScriptError.OK);

        byte[] bad = sigA.clone();
        bad[10] ^= 1;
        assertThat(s.run(FLAGS, sigB, bad, s.script, s.control)).isEqualTo(ScriptError.SCHNORR_SIG);
        // An empty signature is a valid "no": the count stays 1 and NUMEQUAL fails.
        assertThat(s.run(FLAGS, sigB, new byte[0], s.script, s.control)).isEqualTo(ScriptError.EVAL_FALSE);
        // Explicit SIGHASH_DEFAULT byte is forbidden; SIGHASH_ALL byte changes the hash.
        assertThat(s.run(FLAGS, sigB, concat(sigA, 0), s.script, s.control)).isEqualTo(ScriptError.SCHNORR_SIG_HASHTYPE);
        assertThat(s.run(FLAGS, sigB, concat(sigA, 1), s.script, s.control)).isEqualTo(ScriptError.SCHNORR_SIG);
        assertThat(s.run(FLAGS, sigB, concat(sigA, 4), s.script, s.control)).isEqualTo(ScriptError.SCHNORR_SIG_HASHTYPE);
        byte[] sigAll = concat(SECP.signSchnorr(s.sighash(1, Optional.empty(), ScriptExecutionData.NO_CODESEPARATOR), PRIV_A, null), 1);
        assertThat(s.run(FLAGS, sigB, sigAll, s.script, s.control)).isEqualTo(ScriptError.OK);
        assertThat(s.run(FLAGS, sigB, Arrays.copyOf(sigA, 63), s.script, s.control)).isEqualTo(ScriptError.SCHNORR_SIG_SIZE);
    }

    @Test
    void controlBlockIsChecked() {
        Spend s = new Spend(twoOfTwo(), 0xc0);
        byte[] sigA = s.sign(PRIV_A, Optional.empty());
        byte[] sigB = s.sign(PRIV_B, Optional.empty());
        byte[] wrongParity = s.control.clone();
        wrongParity[0] ^= 1;
        assertThat(s.run(FLAGS, sigB, sigA, s.script, wrongParity)).isEqualTo(ScriptError.WITNESS_PROGRAM_MISMATCH);
        byte[] wrongPath = s.control.clone();
        wrongPath[40] ^= 1;
        assertThat(s.run(FLAGS, sigB, sigA, s.script, wrongPath)).isEqualTo(ScriptError.WITNESS_PROGRAM_MISMATCH);
        assertThat(s.run(FLAGS, sigB, sigA, s.script, Arrays.copyOf(s.control, 64))).isEqualTo(ScriptError.TAPROOT_WRONG_CONTROL_SIZE);
        assertThat(s.run(FLAGS, sigB, sigA, s.script, Arrays.copyOf(s.control, 32))).isEqualTo(ScriptError.TAPROOT_WRONG_CONTROL_SIZE);
        assertThat(s.run(FLAGS)).isEqualTo(ScriptError.WITNESS_PROGRAM_WITNESS_EMPTY);
    }

    @Test
    void annexIsCommittedTo() {
        Spend s = new Spend(twoOfTwo(), 0xc0);
        byte[] annex = {0x50, 1, 2, 3};
        byte[] sigA = s.sign(PRIV_A, Optional.of(annex));
        byte[] sigB = s.sign(PRIV_B, Optional.of(annex));
        assertThat(s.run(FLAGS, sigB, sigA, s.script, s.control, annex)).isEqualTo(ScriptError.OK);
        byte[] noAnnexA = s.sign(PRIV_A, Optional.empty());
        byte[] noAnnexB = s.sign(PRIV_B, Optional.empty());
        assertThat(s.run(FLAGS, noAnnexB, noAnnexA, s.script, s.control, annex)).isEqualTo(ScriptError.SCHNORR_SIG);
    }

    @Test
    void codeSeparatorPositionIsSigned() {
        byte[] script = new ScriptBuilder().op(Opcodes.OP_CODESEPARATOR).data(xOnly(PRIV_A)).op(Opcodes.OP_CHECKSIG).build().bytes();
        Spend s = new Spend(script, 0xc0);
        byte[] atZero = SECP.signSchnorr(s.sighash(0, Optional.empty(), 0), PRIV_A, null);
        assertThat(s.run(FLAGS, atZero, s.script, s.control)).isEqualTo(ScriptError.OK);
        assertThat(s.run(FLAGS, s.sign(PRIV_A, Optional.empty()), s.script, s.control)).isEqualTo(ScriptError.SCHNORR_SIG);
    }

    @Test
    void opSuccessLeafVersionsAndMultisig() {
        Spend success = new Spend(new byte[] {(byte) Opcodes.OP_RETURN, (byte) 0x50}, 0xc0);
        assertThat(success.run(FLAGS & ~ScriptFlags.DISCOURAGE_OP_SUCCESS, success.script, success.control)).isEqualTo(ScriptError.OK);
        assertThat(success.run(FLAGS, success.script, success.control)).isEqualTo(ScriptError.DISCOURAGE_OP_SUCCESS);
        // OP_SUCCESSx wins even over a parse failure later in the script... but not over one before it.
        Spend truncated = new Spend(new byte[] {0x4c}, 0xc0);
        assertThat(truncated.run(FLAGS, truncated.script, truncated.control)).isEqualTo(ScriptError.BAD_OPCODE);

        Spend future = new Spend(new byte[] {(byte) Opcodes.OP_RETURN}, 0xc2);
        assertThat(future.run(FLAGS & ~ScriptFlags.DISCOURAGE_UPGRADABLE_TAPROOT_VERSION, future.script, future.control)).isEqualTo(ScriptError.OK);
        assertThat(future.run(FLAGS, future.script, future.control)).isEqualTo(ScriptError.DISCOURAGE_UPGRADABLE_TAPROOT_VERSION);

        Spend multisig = new Spend(new byte[] {0, 0, 0, (byte) Opcodes.OP_CHECKMULTISIG}, 0xc0);
        assertThat(multisig.run(FLAGS, multisig.script, multisig.control)).isEqualTo(ScriptError.TAPSCRIPT_CHECKMULTISIG);

        Spend minimalIf = new Spend(new byte[] {(byte) Opcodes.OP_IF, (byte) Opcodes.OP_1, (byte) Opcodes.OP_ENDIF}, 0xc0);
        assertThat(minimalIf.run(ScriptFlags.MANDATORY, new byte[] {2}, minimalIf.script, minimalIf.control)).isEqualTo(ScriptError.TAPSCRIPT_MINIMALIF);

        Spend emptyKey = new Spend(new byte[] {0, 0, (byte) Opcodes.OP_CHECKSIG}, 0xc0);
        // bitcoind reports an empty tapscript key as PUBKEYTYPE.
        assertThat(emptyKey.run(FLAGS, emptyKey.script, emptyKey.control)).isEqualTo(ScriptError.PUBKEYTYPE);
        assertThat(ScriptError.PUBKEYTYPE.message()).isEqualTo("Public key is neither compressed or uncompressed");
        Spend unknownKey = new Spend(new byte[] {0, 2, 7, 7, (byte) Opcodes.OP_CHECKSIG, (byte) Opcodes.OP_NOT}, 0xc0);
        assertThat(unknownKey.run(ScriptFlags.MANDATORY, unknownKey.script, unknownKey.control)).isEqualTo(ScriptError.OK);
        assertThat(unknownKey.run(FLAGS, unknownKey.script, unknownKey.control)).isEqualTo(ScriptError.DISCOURAGE_UPGRADABLE_PUBKEYTYPE);
    }

    @Test
    void validationWeightBudget() {
        assertThat(repeatedChecks(3)).isEqualTo(ScriptError.OK);
        assertThat(repeatedChecks(20)).isEqualTo(ScriptError.TAPSCRIPT_VALIDATION_WEIGHT);
    }

    /** {@code n} checks of the same signature: each costs 50 units, each adds only 35 witness bytes. */
    private static ScriptError repeatedChecks(int n) {
        ScriptBuilder b = new ScriptBuilder();
        for (int i = 0; i < n - 1; i++) b.op(Opcodes.OP_DUP).data(xOnly(PRIV_A)).op(Opcodes.OP_CHECKSIGVERIFY);
        b.data(xOnly(PRIV_A)).op(Opcodes.OP_CHECKSIG);
        Spend s = new Spend(b.build().bytes(), 0xc0);
        return s.run(FLAGS, s.sign(PRIV_A, Optional.empty()), s.script, s.control);
    }

    @Test
    void keyPath() {
        Spend s = new Spend(twoOfTwo(), 0xc0);
        byte[] internalPub = SECP.pubKeyCompress(SECP.pubkeyCreate(INTERNAL_PRIV));
        byte[] even = (internalPub[0] & 1) == 1 ? SECP.privKeyNegate(INTERNAL_PRIV) : INTERNAL_PRIV;
        byte[] tweaked = SECP.privKeyTweakAdd(even, Hashes.taggedHash("TapTweak", xOnly(INTERNAL_PRIV), s.merkleRoot));
        PrecomputedTransactionData data = new PrecomputedTransactionData(s.unsigned, List.of(s.prev));
        ScriptExecutionData exec = ScriptExecutionData.forSighash(Optional.empty(), Optional.empty(), ScriptExecutionData.NO_CODESEPARATOR);
        byte[] sighash = SignatureHasher.taproot(s.unsigned, 0, 0, SigVersion.TAPROOT, exec, data).orElseThrow();
        byte[] sig = SECP.signSchnorr(sighash, tweaked, null);
        assertThat(s.run(FLAGS, sig)).isEqualTo(ScriptError.OK);
        assertThat(s.run(FLAGS, s.sign(PRIV_A, Optional.empty()))).isEqualTo(ScriptError.SCHNORR_SIG);
        // Without the TAPROOT flag (before activation) v1 outputs are anyone-can-spend.
        assertThat(s.run(ScriptFlags.P2SH | ScriptFlags.WITNESS, new byte[64])).isEqualTo(ScriptError.OK);
        assertThat(s.run(FLAGS, new byte[64])).isEqualTo(ScriptError.SCHNORR_SIG);
        List<byte[]> withAnnex = new ArrayList<>(List.of(sig, new byte[] {0x50}));
        assertThat(s.run(FLAGS, withAnnex.toArray(byte[][]::new))).isEqualTo(ScriptError.SCHNORR_SIG);
    }

    private static byte[] concat(byte[] a, int b) {
        byte[] out = Arrays.copyOf(a, a.length + 1);
        out[a.length] = (byte) b;
        return out;
    }
}
