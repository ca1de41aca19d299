package dev.blocksmith.core.script;

import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.core.tx.TxOut;
import dev.blocksmith.core.tx.Witness;
import java.util.List;

/** Signature-operation counting for the block sigop-cost limit (BIP141 "sigop cost"). */
public final class SigOpCounter {
    /** Core's MAX_PUBKEYS_PER_MULTISIG: what an inexact CHECKMULTISIG counts. */
    public static final int MAX_PUBKEYS_PER_MULTISIG = 20;

    private SigOpCounter() {
    }

    /**
     * Counts CHECKSIG-family opcodes. With {@code accurate}, a CHECKMULTISIG preceded by OP_1..OP_16
     * counts that many keys, otherwise 20. Counting stops at the first malformed push, as in Core.
     */
    public static int count(Script script, boolean accurate) {
        byte[] s = script.rawBytes();
        int n = 0;
        int pc = 0;
        int last = Opcodes.OP_INVALIDOPCODE;
        while (pc < s.length) {
            ScriptChunk c = Script.readChunk(s, pc);
            if (c == null) break;
            int op = c.opcode();
            if (op == Opcodes.OP_CHECKSIG || op == Opcodes.OP_CHECKSIGVERIFY) {
                n++;
            } else if (op == Opcodes.OP_CHECKMULTISIG || op == Opcodes.OP_CHECKMULTISIGVERIFY) {
                if (accurate && last >= Opcodes.OP_1 && last <= Opcodes.OP_16) {
                    n += Opcodes.decodeSmallInt(last);
                } else {
                    n += MAX_PUBKEYS_PER_MULTISIG;
                }
            }
            last = op;
            pc = c.end();
        }
        return n;
    }

    /** Legacy (inexact) count over every scriptSig and scriptPubKey of a transaction. */
    public static int legacyCount(Transaction tx) {
        int n = 0;
        for (TxIn in : tx.inputs()) n += count(in.scriptSig(), false);
        for (TxOut out : tx.outputs()) n += count(out.scriptPubKey(), false);
        return n;
    }

    /** The last push of a push-only scriptSig: the BIP16 redeem script; null if not push-only or empty. */
    public static byte[] lastPush(Script scriptSig) {
        byte[] s = scriptSig.rawBytes();
        byte[] data = null;
        int pc = 0;
        while (pc < s.length) {
            ScriptChunk c = Script.readChunk(s, pc);
            if (c == null) return null;
            if (c.opcode() > Opcodes.OP_16) return null;
            data = c.data() != null ? c.data() : new byte[0];
            if (c.opcode() >= Opcodes.OP_1 && c.opcode() <= Opcodes.OP_16 || c.opcode() == Opcodes.OP_1NEGATE) {
                data = new byte[0];
            }
            pc = c.end();
        }
        return data;
    }

    /** Accurate count of the redeem scripts of P2SH inputs. */
    public static int p2shCount(Transaction tx, List<TxOut> spent) {
        if (tx.isCoinbase()) return 0;
        int n = 0;
        for (int i = 0; i < tx.inputs().size(); i++) {
            if (spent.get(i).scriptPubKey().isP2SH()) {
                byte[] redeem = lastPush(tx.input(i).scriptSig());
                if (redeem != null) n += count(Script.ofOwned(redeem), true);
            }
        }
        return n;
    }

    private static int witnessProgramCount(int version, byte[] program, Witness witness) {
        if (version == 0) {
            if (program.length == 20) return 1;
            if (program.length == 32 && witness.size() > 0) {
                return count(Script.of(witness.rawItems().get(witness.size() - 1)), true);
            }
        }
        // Future witness versions (and taproot, whose sigops are budgeted separately) count zero.
        return 0;
    }

    /** Witness sigops of one input (Core's CountWitnessSigOps). */
    public static int witnessCount(Script scriptSig, Script scriptPubKey, Witness witness, int flags) {
        if ((flags & ScriptFlags.WITNESS) == 0) return 0;
        if (scriptPubKey.isWitnessProgram()) {
            return witnessProgramCount(scriptPubKey.witnessVersion(), scriptPubKey.witnessProgram(), witness);
        }
        if (scriptPubKey.isP2SH() && scriptSig.isPushOnly()) {
            byte[] redeem = lastPush(scriptSig);
            if (redeem != null) {
                Script r = Script.ofOwned(redeem);
                if (r.isWitnessProgram()) return witnessProgramCount(r.witnessVersion(), r.witnessProgram(), witness);
            }
        }
        return 0;
    }

    /** Total sigop cost of a transaction: legacy and P2SH count x4, witness x1. */
    public static long transactionCost(Transaction tx, List<TxOut> spent, int flags) {
        long cost = (long) legacyCount(tx) * Transaction.WITNESS_SCALE_FACTOR;
        if (tx.isCoinbase()) return cost;
        if ((flags & ScriptFlags.P2SH) != 0) {
            cost += (long) p2shCount(tx, spent) * Transaction.WITNESS_SCALE_FACTOR;
        }
        for (int i = 0; i < tx.inputs().size(); i++) {
            TxIn in = tx.input(i);
            cost += witnessCount(in.scriptSig(), spent.get(i).scriptPubKey(), in.witness(), flags);
        }
        return cost;
    }
}
