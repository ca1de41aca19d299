package dev.blocksmith.rpc.methods.rawtransactions;

import dev.blocksmith.core.crypto.Hashes;
import dev.blocksmith.core.primitives.Hex;
import dev.blocksmith.core.script.Opcodes;
import dev.blocksmith.core.script.PrecomputedTransactionData;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.script.ScriptBuilder;
import dev.blocksmith.core.script.ScriptChunk;
import dev.blocksmith.core.script.ScriptError;
import dev.blocksmith.core.script.ScriptFlags;
import dev.blocksmith.core.script.ScriptType;
import dev.blocksmith.core.script.ScriptValidation;
import dev.blocksmith.core.script.SigVersion;
import dev.blocksmith.core.script.TransactionSignatureChecker;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.core.tx.TxOut;
import dev.blocksmith.core.tx.Witness;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * combinerawtransaction's merge, following Core's DataFromTransaction / MergeSignatureData /
 * ProduceSignature with no keys: per input, the first variant whose input already verifies is taken as
 * it is; otherwise the signatures of a multisig (bare, P2SH, P2WSH or P2SH-P2WSH) found in all variants
 * are put together in key order. An input that can be neither completed nor assembled as multisig is
 * left unsigned, as bitcoind leaves it. Signatures are matched to keys by the in-order search of
 * DataFromTransaction; the signatures Core also records while test-running an incomplete script are
 * not collected separately, which finds the same signatures for scripts whose signatures are in key
 * order.
 */
final class SignatureCombiner {
    private static final ScriptValidation VALIDATION = ScriptValidation.uncached();

    private SignatureCombiner() {}

    /**
     * @param variants partially signed versions of one transaction; the first gives the unsigned parts
     * @param spent    the outputs spent by the first variant's inputs, in input order
     */
    static Transaction combine(List<Transaction> variants, List<TxOut> spent) {
        Transaction base = variants.get(0);
        List<TxIn> inputs = new ArrayList<>(base.inputs());
        for (int i = 0; i < inputs.size(); i++) {
            inputs.set(i, combineInput(variants, spent, i));
        }
        return new Transaction(base.version(), inputs, base.outputs(), base.lockTime());
    }

    /** What Core's SignatureData collects for one input across the variants. */
    private static final class Collected {
        Optional<Script> redeemScript = Optional.empty();
        Optional<Script> witnessScript = Optional.empty();
        /** Valid signatures by public key (hex); the first variant's signature for a key wins. */
        final Map<String, byte[]> signatures = new HashMap<>();
    }

    private static TxIn combineInput(List<Transaction> variants, List<TxOut> spent, int i) {
        TxIn unsigned = variants.get(0).input(i).withScriptSig(Script.EMPTY).withWitness(Witness.EMPTY);
        TxOut prev = spent.get(i);
        Collected c = new Collected();
        for (Transaction v : variants) {
            if (v.inputs().size() <= i) continue;
            if (v.inputs().size() == spent.size()) {
                PrecomputedTransactionData data = new PrecomputedTransactionData(v, spent);
                if (VALIDATION.verifyInput(v, i, spent, ScriptFlags.STANDARD, data, false) == ScriptError.OK) {
                    // A complete input is used as it is (Core's MergeSignatureData keeps the first complete one).
                    return unsigned.withScriptSig(v.input(i).scriptSig()).withWitness(v.input(i).witness());
                }
            }
            extract(v, i, prev, c);
        }
        return produce(unsigned, prev, c);
    }

    /** Core's DataFromTransaction for an incomplete input: scripts revealed and the signatures that verify. */
    private static void extract(Transaction v, int i, TxOut prev, Collected c) {
        Optional<List<byte[]>> pushes = pushes(v.input(i).scriptSig());
        if (pushes.isEmpty()) return;
        List<byte[]> stack = new ArrayList<>(pushes.get());
        Script next = prev.scriptPubKey();
        ScriptType type = ScriptType.classify(next);
        SigVersion sigVersion = SigVersion.BASE;
        if (type == ScriptType.SCRIPTHASH && !stack.isEmpty() && stack.get(stack.size() - 1).length > 0) {
            next = Script.of(stack.remove(stack.size() - 1));
            if (c.redeemScript.isEmpty()) c.redeemScript = Optional.of(next);
            type = ScriptType.classify(next);
        }
        List<byte[]> witness = v.input(i).witness().rawItems();
        if (type == ScriptType.WITNESS_V0_SCRIPTHASH && !witness.isEmpty() && witness.get(witness.size() - 1).length > 0) {
            next = Script.of(witness.get(witness.size() - 1));
            if (c.witnessScript.isEmpty()) c.witnessScript = Optional.of(next);
            stack = new ArrayList<>(witness.subList(0, witness.size() - 1));
            type = ScriptType.classify(next);
            sigVersion = SigVersion.WITNESS_V0;
        }
        if (type != ScriptType.MULTISIG || stack.isEmpty()) return;
        List<byte[]> keys = multisigKeys(next);
        TransactionSignatureChecker checker = new TransactionSignatureChecker(v, i, prev.value(),
                new PrecomputedTransactionData(v, List.of()));
        // Signatures appear in key order, so each search resumes after the last matched key. Matching is
        // within this variant only; the variants' findings are merged afterwards, the first one per key winning.
        Map<String, byte[]> found = new HashMap<>();
        int lastMatched = 0;
        for (byte[] sig : stack) {
            for (int k = lastMatched; k < keys.size(); k++) {
                if (checker.checkEcdsaSignature(sig, keys.get(k), next, sigVersion)) {
                    found.put(Hex.encode(keys.get(k)), sig);
                    lastMatched = k + 1;
                    break;
                }
            }
        }
        found.forEach(c.signatures::putIfAbsent);
    }

    /** Core's ProduceSignature with no keys: rebuilds the input from what was collected. */
    private static TxIn produce(TxIn unsigned, TxOut prev, Collected c) {
        Script spk = prev.scriptPubKey();
        ScriptType type = ScriptType.classify(spk);
        Optional<Script> p2shRedeem = Optional.empty();
        if (type == ScriptType.SCRIPTHASH) {
            byte[] hash = Arrays.copyOfRange(spk.rawBytes(), 2, 22);
            if (c.redeemScript.isEmpty() || !Arrays.equals(Hashes.hash160(c.redeemScript.get().rawBytes()), hash)) return unsigned;
            p2shRedeem = c.redeemScript;
            spk = c.redeemScript.get();
            type = ScriptType.classify(spk);
        }
        List<byte[]> scriptSigItems = new ArrayList<>();
        Witness witness = Witness.EMPTY;
        if (type == ScriptType.WITNESS_V0_SCRIPTHASH) {
            byte[] program = spk.witnessProgram();
            if (c.witnessScript.isEmpty() || !Arrays.equals(Hashes.sha256(c.witnessScript.get().rawBytes()), program)) {
                return unsigned;
            }
            Script ws = c.witnessScript.get();
            if (ScriptType.classify(ws) != ScriptType.MULTISIG) return unsigned;
            List<byte[]> items = multisigItems(ws, c);
            items.add(ws.rawBytes());
            witness = Witness.of(items.toArray(new byte[0][]));
        } else if (type == ScriptType.MULTISIG) {
            scriptSigItems.addAll(multisigItems(spk, c));
        } else {
            return unsigned;
        }
        p2shRedeem.ifPresent(r -> scriptSigItems.add(r.rawBytes()));
        return unsigned.withScriptSig(pushAll(scriptSigItems)).withWitness(witness);
    }

    /** OP_0 dummy, then the collected signatures in key order up to the threshold, empty pushes for the rest. */
    private static List<byte[]> multisigItems(Script multisig, Collected c) {
        List<ScriptChunk> chunks = multisig.chunks().orElseThrow();
        int required = Opcodes.decodeSmallInt(chunks.get(0).opcode());
        List<byte[]> items = new ArrayList<>();
        items.add(new byte[0]);
        for (byte[] key : multisigKeys(multisig)) {
            byte[] sig = c.signatures.get(Hex.encode(key));
            if (sig != null && items.size() < required + 1) items.add(sig);
        }
        while (items.size() < required + 1) items.add(new byte[0]);
        return items;
    }

    private static List<byte[]> multisigKeys(Script multisig) {
        List<ScriptChunk> chunks = multisig.chunks().orElseThrow();
        List<byte[]> keys = new ArrayList<>();
        for (int k = 1; k < chunks.size() - 2; k++) keys.add(chunks.get(k).data());
        return keys;
    }

    /** The pushed items of a push-only script; empty for a script with other opcodes. */
    private static Optional<List<byte[]>> pushes(Script script) {
        Optional<List<ScriptChunk>> chunks = script.chunks();
        if (chunks.isEmpty()) return Optional.empty();
        List<byte[]> out = new ArrayList<>();
        for (ScriptChunk ch : chunks.get()) {
            int op = ch.opcode();
            if (ch.data() != null) {
                out.add(ch.data());
            } else if (op == Opcodes.OP_0) {
                out.add(new byte[0]);
            } else if (op == Opcodes.OP_1NEGATE) {
                out.add(new byte[] {(byte) 0x81});
            } else if (op >= Opcodes.OP_1 && op <= Opcodes.OP_16) {
                out.add(new byte[] {(byte) (op - Opcodes.OP_1 + 1)});
            } else {
                return Optional.empty();
            }
        }
        return Optional.of(out);
    }

    /** Core's PushAll: empty items as OP_0, single bytes 1..16 as OP_n, the rest as minimal data pushes. */
    private static Script pushAll(List<byte[]> items) {
        ScriptBuilder b = new ScriptBuilder();
        for (byte[] item : items) {
            if (item.length == 0) {
                b.op(Opcodes.OP_0);
            } else if (item.length == 1 && item[0] >= 1 && item[0] <= 16) {
                b.op(Opcodes.OP_1 + item[0] - 1);
            } else {
                b.data(item);
            }
        }
        return b.build();
    }
}
