package dev.blocksmith.core.mempool;

import dev.blocksmith.core.consensus.ValidationException;
import dev.blocksmith.core.script.Opcodes;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.script.ScriptChunk;
import dev.blocksmith.core.script.ScriptType;
import dev.blocksmith.core.script.SigOpCounter;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.core.tx.TxOut;
import dev.blocksmith.core.tx.Witness;
import java.util.List;
import java.util.Optional;

/**
 * Relay standardness rules (Core 30's policy/policy.cpp): what a node relays and mines by default,
 * stricter than consensus so that future soft forks and denial-of-service limits stay safe. Every
 * failure is a {@link ValidationException.Kind#POLICY} rejection with Core's reason string.
 */
public final class StandardPolicy {
    /** Versions 1..3 are standard; 3 is TRUC (BIP431). */
    public static final int MIN_STANDARD_VERSION = 1;
    public static final int MAX_STANDARD_VERSION = 3;
    public static final int MAX_STANDARD_TX_WEIGHT = 400_000;
    /** Below 65 non-witness bytes a transaction could be confused with a 64-byte Merkle node (CVE-2017-12842). */
    public static final int MIN_STANDARD_TX_NONWITNESS_SIZE = 65;
    /** Large enough for a 15-of-15 P2SH multisig spend with compressed keys. */
    public static final int MAX_STANDARD_SCRIPTSIG_SIZE = 1650;
    public static final int MAX_STANDARD_TX_SIGOPS_COST = 16_000;
    public static final int MAX_P2SH_SIGOPS = 15;
    /** Core 30's limit on potentially executed legacy sigops per transaction (BIP54 preparation). */
    public static final int MAX_TX_LEGACY_SIGOPS = 2500;
    public static final int MAX_STANDARD_P2WSH_SCRIPT_SIZE = 3600;
    public static final int MAX_STANDARD_P2WSH_STACK_ITEMS = 100;
    public static final int MAX_STANDARD_P2WSH_STACK_ITEM_SIZE = 80;
    public static final int MAX_STANDARD_TAPSCRIPT_STACK_ITEM_SIZE = 80;
    /** One dust output is tolerated, and only on a zero-fee transaction (ephemeral dust). */
    public static final int MAX_DUST_OUTPUTS_PER_TX = 1;
    /** Bytes of virtual size charged per sigop (-bytespersigop). */
    public static final int BYTES_PER_SIGOP = 20;

    private static final int ANNEX_TAG = 0x50;
    private static final int TAPROOT_LEAF_MASK = 0xfe;
    private static final int TAPROOT_LEAF_TAPSCRIPT = 0xc0;

    private StandardPolicy() {
    }

    private static ValidationException policy(String reason, String debug) {
        return new ValidationException(ValidationException.Kind.POLICY, reason, debug);
    }

    /** bitcoind's TX_INPUTS_NOT_STANDARD failures, "bad-txns-nonstandard-inputs" with the input named. */
    private static ValidationException inputsNotStandard(String debug) {
        return new ValidationException(ValidationException.Kind.INPUTS_NOT_STANDARD, "bad-txns-nonstandard-inputs", debug);
    }

    /** Core's GetVirtualTransactionSize at the default -bytespersigop. */
    public static int virtualSize(int weight, long sigopCost) {
        return virtualSize(weight, sigopCost, BYTES_PER_SIGOP);
    }

    /** Core's GetVirtualTransactionSize: weight, or the sigop cost priced at -bytespersigop if larger. */
    public static int virtualSize(int weight, long sigopCost, int bytesPerSigop) {
        long adjusted = Math.max(weight, sigopCost * bytesPerSigop);
        return (int) ((adjusted + Transaction.WITNESS_SCALE_FACTOR - 1) / Transaction.WITNESS_SCALE_FACTOR);
    }

    /** Core's IsStandardTx: version, weight, scriptSigs, output templates, OP_RETURN budget, dust. */
    public static void checkTransaction(Transaction tx, MempoolOptions opts) throws ValidationException {
        if (tx.version() < MIN_STANDARD_VERSION || tx.version() > MAX_STANDARD_VERSION) throw policy("version", "");
        if (tx.weight() > MAX_STANDARD_TX_WEIGHT) throw policy("tx-size", "");
        for (TxIn in : tx.inputs()) {
            if (in.scriptSig().length() > MAX_STANDARD_SCRIPTSIG_SIZE) throw policy("scriptsig-size", "");
            if (!in.scriptSig().isPushOnly()) throw policy("scriptsig-not-pushonly", "");
        }
        long datacarrierLeft = Math.max(opts.maxDatacarrierBytes(), 0);
        for (TxOut out : tx.outputs()) {
            ScriptType type = ScriptType.classify(out.scriptPubKey());
            if (!isStandardOutput(out.scriptPubKey(), type)) throw policy("scriptpubkey", "");
            if (type == ScriptType.NULLDATA) {
                // Core 30: the -datacarriersize budget covers all OP_RETURN outputs together.
                int size = out.scriptPubKey().length();
                if (opts.maxDatacarrierBytes() < 0 || size > datacarrierLeft) throw policy("datacarrier", "");
                datacarrierLeft -= size;
            } else if (type == ScriptType.MULTISIG && !opts.permitBareMultisig()) {
                throw policy("bare-multisig", "");
            }
        }
        if (dustOutputs(tx, opts.dustRelayFee()) > MAX_DUST_OUTPUTS_PER_TX) throw policy("dust", "");
    }

    /** Core's IsStandard(scriptPubKey): a known template; bare multisig at most 3 keys. */
    static boolean isStandardOutput(Script spk, ScriptType type) {
        if (type == ScriptType.NONSTANDARD) return false;
        if (type == ScriptType.MULTISIG) {
            List<ScriptChunk> chunks = spk.chunks().orElseThrow();
            int m = Opcodes.decodeSmallInt(chunks.get(0).opcode());
            int n = Opcodes.decodeSmallInt(chunks.get(chunks.size() - 2).opcode());
            return m >= 1 && n >= 1 && m <= n && n <= 3;
        }
        return true;
    }

    /** Core's GetDustThreshold: the fee to spend the output at the dust relay rate; 0 if unspendable. */
    public static long dustThreshold(TxOut out, FeeRate dustRelayFee) {
        if (out.scriptPubKey().isUnspendable()) return 0;
        long size = out.serializedSize();
        if (out.scriptPubKey().isWitnessProgram()) {
            // outpoint 36 + scriptSig length 1 + witness discounted (107 / 4) + sequence 4
            size += 32 + 4 + 1 + (107 / Transaction.WITNESS_SCALE_FACTOR) + 4;
        } else {
            // outpoint 36 + a 107-byte P2PKH scriptSig with its length + sequence 4
            size += 32 + 4 + 1 + 107 + 4;
        }
        return dustRelayFee.feeFor(size);
    }

    public static boolean isDust(TxOut out, FeeRate dustRelayFee) {
        return out.value() < dustThreshold(out, dustRelayFee);
    }

    public static int dustOutputs(Transaction tx, FeeRate dustRelayFee) {
        int n = 0;
        for (TxOut out : tx.outputs()) {
            if (isDust(out, dustRelayFee)) n++;
        }
        return n;
    }

    /**
     * Core's AreInputsStandard plus Core 30's legacy sigop limit: spent outputs of a known template,
     * P2SH redeem scripts with at most 15 sigops, at most 2500 potentially executed legacy sigops.
     */
    public static void checkInputs(Transaction tx, List<TxOut> spent) throws ValidationException {
        long legacySigops = 0;
        for (int i = 0; i < tx.inputs().size(); i++) {
            Script spk = spent.get(i).scriptPubKey();
            Script scriptSig = tx.input(i).scriptSig();
            ScriptType type = ScriptType.classify(spk);
            if (type == ScriptType.NONSTANDARD || type == ScriptType.WITNESS_UNKNOWN) {
                throw inputsNotStandard( "input " + i + " spends a " + type.rpcName() + " output");
            }
            Optional<Script> redeem = Optional.empty();
            if (type == ScriptType.SCRIPTHASH) {
                redeem = redeemScript(scriptSig);
                if (redeem.isEmpty()) {
                    throw inputsNotStandard( "input " + i + ": P2SH spend without a redeem script");
                }
                if (SigOpCounter.count(redeem.get(), true) > MAX_P2SH_SIGOPS) {
                    throw inputsNotStandard( "input " + i + ": p2sh redeem script has too many sigops");
                }
            }
            legacySigops += SigOpCounter.count(scriptSig, true);
            legacySigops += SigOpCounter.count(redeem.orElse(spk), true);
        }
        if (legacySigops > MAX_TX_LEGACY_SIGOPS) {
            throw inputsNotStandard( "non-witness sigops exceed bip54 limit");
        }
    }

    /** The last element a push-only scriptSig leaves on the stack: the P2SH redeem script. */
    private static Optional<Script> redeemScript(Script scriptSig) {
        byte[] s = scriptSig.rawBytes();
        if (s.length == 0 || !scriptSig.isPushOnly()) return Optional.empty();
        byte[] last = null;
        int pc = 0;
        while (pc < s.length) {
            ScriptChunk c = Script.readChunk(s, pc);
            int small = Opcodes.decodeSmallInt(c.opcode());
            if (c.opcode() == Opcodes.OP_0) {
                last = new byte[0];
            } else if (small > 0) {
                last = new byte[] {(byte) small};
            } else if (c.opcode() == Opcodes.OP_1NEGATE) {
                last = new byte[] {(byte) 0x81};
            } else {
                last = c.data();
            }
            pc = c.end();
        }
        return Optional.of(Script.of(last));
    }

    /** Core's IsWitnessStandard: no witness stuffing, P2WSH and tapscript size limits, no annex. */
    public static void checkWitness(Transaction tx, List<TxOut> spent) throws ValidationException {
        for (int i = 0; i < tx.inputs().size(); i++) {
            Witness witness = tx.input(i).witness();
            if (witness.isEmpty()) continue;
            Script prev = spent.get(i).scriptPubKey();
            if (ScriptType.isPayToAnchor(prev)) throw policy("bad-witness-nonstandard", "witness on a pay-to-anchor input " + i);
            boolean p2sh = false;
            if (prev.isP2SH()) {
                Optional<Script> redeem = redeemScript(tx.input(i).scriptSig());
                if (redeem.isEmpty()) throw policy("bad-witness-nonstandard", "input " + i);
                prev = redeem.get();
                p2sh = true;
            }
            if (!prev.isWitnessProgram()) throw policy("bad-witness-nonstandard", "witness on a non-witness input " + i);
            int version = prev.witnessVersion();
            int programSize = prev.witnessProgram().length;
            List<byte[]> stack = witness.rawItems();
            if (version == 0 && programSize == 32) {
                if (stack.get(stack.size() - 1).length > MAX_STANDARD_P2WSH_SCRIPT_SIZE
                        || stack.size() - 1 > MAX_STANDARD_P2WSH_STACK_ITEMS) {
                    throw policy("bad-witness-nonstandard", "input " + i);
                }
                for (int j = 0; j < stack.size() - 1; j++) {
                    if (stack.get(j).length > MAX_STANDARD_P2WSH_STACK_ITEM_SIZE) throw policy("bad-witness-nonstandard", "input " + i);
                }
            }
            if (version == 1 && programSize == 32 && !p2sh) {
                int n = stack.size();
                byte[] last = stack.get(n - 1);
                // An annex has no defined meaning yet, so it stays non-standard (BIP341).
                if (n >= 2 && last.length > 0 && (last[0] & 0xff) == ANNEX_TAG) throw policy("bad-witness-nonstandard", "annex in input " + i);
                if (n >= 2) {
                    if (last.length == 0) throw policy("bad-witness-nonstandard", "empty control block in input " + i);
                    if ((last[0] & TAPROOT_LEAF_MASK) == TAPROOT_LEAF_TAPSCRIPT) {
                        for (int j = 0; j < n - 2; j++) {
                            if (stack.get(j).length > MAX_STANDARD_TAPSCRIPT_STACK_ITEM_SIZE) {
                                throw policy("bad-witness-nonstandard", "input " + i);
                            }
                        }
                    }
                }
            }
        }
    }
}
