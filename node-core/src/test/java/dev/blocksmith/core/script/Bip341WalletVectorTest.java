package dev.blocksmith.core.script;


import dev.blocksmith.core.crypto.Hashes;
import dev.blocksmith.core.crypto.Secp256k1Verifier;
import dev.blocksmith.core.primitives.Hex;
import dev.blocksmith.core.testsupport.VectorReport;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxOut;
import fr.acinq.secp256k1.Secp256k1;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * BIP341's wallet test vectors (bip341_wallet_vectors.json): output construction (leaf hashes, merkle
 * root, tweak, tweaked key, scriptPubKey, control blocks) and key-path spending (intermediate hashes,
 * sighash, signature), plus verification of the fully signed transaction by the interpreter.
 */
class Bip341WalletVectorTest {
    private static final Secp256k1 SECP = Secp256k1.get();

    @SuppressWarnings("unchecked")
    private static Map<String, Object> vectors() {
        return (Map<String, Object>) TestJson.load("/vectors/bitcoin-core/bip341_wallet_vectors.json");
    }

    @Test
    @SuppressWarnings("unchecked")
    void scriptPubKeyConstruction() {
        VectorReport report = new VectorReport("bip341_wallet_vectors.json scriptPubKey");
        for (Object o : (List<?>) vectors().get("scriptPubKey")) {
            Map<String, Object> v = (Map<String, Object>) o;
            Map<String, Object> given = (Map<String, Object>) v.get("given");
            Map<String, Object> inter = (Map<String, Object>) v.get("intermediary");
            Map<String, Object> expected = (Map<String, Object>) v.get("expected");
            byte[] internal = Hex.decode((String) given.get("internalPubkey"));
            Object tree = given.get("scriptTree");

            TreeMap<Integer, Leaf> leaves = new TreeMap<>();
            byte[] merkleRoot = tree == null ? new byte[0] : walk(tree, leaves);
            List<String> problems = new ArrayList<>();
            if (tree != null) {
                List<String> leafHashes = leaves.values().stream().map(l -> Hex.encode(l.hash)).toList();
                if (!leafHashes.equals(inter.get("leafHashes"))) problems.add("leaf hashes " + leafHashes);
                if (!Hex.encode(merkleRoot).equals(inter.get("merkleRoot"))) problems.add("merkle root");
            } else if (inter.get("merkleRoot") != null) {
                problems.add("expected a merkle root for an empty tree");
            }
            byte[] tweak = Hashes.taggedHash("TapTweak", internal, merkleRoot);
            if (!Hex.encode(tweak).equals(inter.get("tweak"))) problems.add("tweak");
            byte[] q = Secp256k1Verifier.INSTANCE.tweakXOnly(internal, merkleRoot).orElseThrow();
            String tweaked = Hex.encode(Arrays.copyOfRange(q, 1, 33));
            if (!tweaked.equals(inter.get("tweakedPubkey"))) problems.add("tweaked pubkey " + tweaked);
            if (!("5120" + tweaked).equals(expected.get("scriptPubKey"))) problems.add("scriptPubKey");
            if (tree != null) {
                List<String> controls = new ArrayList<>();
                for (Leaf l : leaves.values()) {
                    StringBuilder c = new StringBuilder();
                    c.append(String.format("%02x", l.version | (q[0] & 1))).append(Hex.encode(internal));
                    for (byte[] p : l.path) c.append(Hex.encode(p));
                    controls.add(c.toString());
                    // The interpreter must accept the same commitment.
                    if (!Secp256k1Verifier.INSTANCE.checkTapTweak(internal, merkleRoot, Arrays.copyOfRange(q, 1, 33), (q[0] & 1) == 1)) {
                        problems.add("checkTapTweak rejects");
                    }
                }
                if (!controls.equals(expected.get("scriptPathControlBlocks"))) problems.add("control blocks " + controls);
            }
            report.check(problems.isEmpty(), given + " " + problems);
        }
        report.finish();
    }

    private static final class Leaf {
        final byte[] hash;
        final int version;
        final List<byte[]> path = new ArrayList<>();

        Leaf(byte[] hash, int version) {
            this.hash = hash;
            this.version = version;
        }
    }

    /** Returns the node hash; records each leaf with its merkle path (siblings bottom-up). */
    @SuppressWarnings("unchecked")
    private static byte[] walk(Object node, TreeMap<Integer, Leaf> leaves) {
        if (node instanceof Map<?, ?> m) {
            int version = ((BigDecimal) m.get("leafVersion")).intValueExact();
            byte[] script = Hex.decode((String) m.get("script"));
            Leaf leaf = new Leaf(ScriptInterpreter.tapleafHash(version, script), version);
            leaves.put(((BigDecimal) m.get("id")).intValueExact(), leaf);
            return leaf.hash;
        }
        List<Object> pair = (List<Object>) node;
        TreeMap<Integer, Leaf> left = new TreeMap<>();
        TreeMap<Integer, Leaf> right = new TreeMap<>();
        byte[] l = walk(pair.get(0), left);
        byte[] r = walk(pair.get(1), right);
        left.values().forEach(x -> x.path.add(r));
        right.values().forEach(x -> x.path.add(l));
        leaves.putAll(left);
        leaves.putAll(right);
        return ScriptInterpreter.tapBranchHash(l, r);
    }

    @Test
    @SuppressWarnings("unchecked")
    void keyPathSpending() {
        VectorReport report = new VectorReport("bip341_wallet_vectors.json keyPathSpending");
        for (Object o : (List<?>) vectors().get("keyPathSpending")) {
            Map<String, Object> v = (Map<String, Object>) o;
            Map<String, Object> given = (Map<String, Object>) v.get("given");
            Map<String, Object> inter = (Map<String, Object>) v.get("intermediary");
            Transaction tx = Transaction.fromHex((String) given.get("rawUnsignedTx"));
            List<TxOut> spent = new ArrayList<>();
            for (Object u : (List<?>) given.get("utxosSpent")) {
                Map<String, Object> m = (Map<String, Object>) u;
                spent.add(new TxOut(((BigDecimal) m.get("amountSats")).longValueExact(), Script.fromHex((String) m.get("scriptPubKey"))));
            }
            PrecomputedTransactionData data = new PrecomputedTransactionData(tx, spent);
            report.check(Hex.encode(data.spentAmountsSha()).equals(inter.get("hashAmounts"))
                    && Hex.encode(data.outputsSha()).equals(inter.get("hashOutputs"))
                    && Hex.encode(data.prevoutsSha()).equals(inter.get("hashPrevouts"))
                    && Hex.encode(data.spentScriptsSha()).equals(inter.get("hashScriptPubkeys"))
                    && Hex.encode(data.sequencesSha()).equals(inter.get("hashSequences")), "precomputed hashes");

            for (Object io : (List<?>) v.get("inputSpending")) {
                Map<String, Object> in = (Map<String, Object>) io;
                Map<String, Object> g = (Map<String, Object>) in.get("given");
                Map<String, Object> im = (Map<String, Object>) in.get("intermediary");
                List<String> wit = (List<String>) ((Map<String, Object>) in.get("expected")).get("witness");
                int index = ((BigDecimal) g.get("txinIndex")).intValueExact();
                int hashType = ((BigDecimal) g.get("hashType")).intValueExact();
                byte[] priv = Hex.decode((String) g.get("internalPrivkey"));
                byte[] merkleRoot = g.get("merkleRoot") == null ? new byte[0] : Hex.decode((String) g.get("merkleRoot"));
                List<String> problems = new ArrayList<>();

                byte[] pub = SECP.pubKeyCompress(SECP.pubkeyCreate(priv));
                byte[] internal = Arrays.copyOfRange(pub, 1, 33);
                if (!Hex.encode(internal).equals(im.get("internalPubkey"))) problems.add("internal pubkey");
                byte[] tweak = Hashes.taggedHash("TapTweak", internal, merkleRoot);
                if (!Hex.encode(tweak).equals(im.get("tweak"))) problems.add("tweak");
                // BIP341 signing: negate the key if its point has odd Y, then add the tweak.
                byte[] evenPriv = (pub[0] & 1) == 1 ? SECP.privKeyNegate(priv) : priv;
                byte[] tweakedPriv = SECP.privKeyTweakAdd(evenPriv, tweak);
                if (!Hex.encode(tweakedPriv).equals(im.get("tweakedPrivkey"))) problems.add("tweaked private key");

                ScriptExecutionData exec = ScriptExecutionData.forSighash(Optional.empty(), Optional.empty(), ScriptExecutionData.NO_CODESEPARATOR);
                byte[] sighash = SignatureHasher.taproot(tx, index, hashType, SigVersion.TAPROOT, exec, data).orElseThrow();
                if (!Hex.encode(sighash).equals(im.get("sigHash"))) problems.add("sighash " + Hex.encode(sighash));

                byte[] expectedSig = Hex.decode(wit.get(0));
                byte[] sig64 = Arrays.copyOf(expectedSig, 64);
                byte[] outputKey = spent.get(index).scriptPubKey().witnessProgram();
                if (!Secp256k1Verifier.INSTANCE.verifySchnorr(sig64, sighash, outputKey)) problems.add("signature does not verify");
                // The vectors were signed without auxiliary randomness, which makes signing deterministic.
                byte[] mySig = SECP.signSchnorr(sighash, tweakedPriv, null);
                byte[] withType = hashType == 0 ? mySig : concat(mySig, new byte[] {(byte) hashType});
                if (!Arrays.equals(withType, expectedSig)) problems.add("signature differs: " + Hex.encode(withType));
                report.check(problems.isEmpty(), "input " + index + " " + problems);
            }

            // End to end: every input of the fully signed transaction passes the interpreter with all flags.
            Transaction signed = Transaction.fromHex((String) ((Map<String, Object>) v.get("auxiliary")).get("fullySignedTx"));
            PrecomputedTransactionData sd = new PrecomputedTransactionData(signed, spent);
            for (int i = 0; i < signed.inputs().size(); i++) {
                ScriptError e = ScriptInterpreter.verify(signed.input(i).scriptSig(), spent.get(i).scriptPubKey(), signed.input(i).witness(),
                        ScriptFlags.STANDARD, new TransactionSignatureChecker(signed, i, spent.get(i).value(), sd));
                report.check(e == ScriptError.OK, "signed input " + i + ": " + e);
            }
        }
        report.finish();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
