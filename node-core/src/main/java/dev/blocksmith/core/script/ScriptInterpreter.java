package dev.blocksmith.core.script;

import static dev.blocksmith.core.script.Opcodes.*;

import dev.blocksmith.core.crypto.EcdsaSignature;
import dev.blocksmith.core.crypto.Hashes;
import dev.blocksmith.core.crypto.PublicKeys;
import dev.blocksmith.core.crypto.Secp256k1Verifier;
import dev.blocksmith.core.primitives.ByteWriter;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.core.tx.Witness;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The Bitcoin script interpreter: Core's VerifyScript / EvalScript with every consensus rule
 * (BIP16 P2SH, BIP65/BIP112 lock times, BIP66 strict DER, BIP141/BIP143 segwit v0, BIP341/BIP342
 * taproot) and every policy flag of {@link ScriptFlags}. Stateless; safe to call from many threads.
 */
public final class ScriptInterpreter {
    /** Largest stack element (BIP141 also applies it to witness stack items). */
    public static final int MAX_SCRIPT_ELEMENT_SIZE = 520;
    /** Non-push opcodes per script (legacy and segwit v0 only). */
    public static final int MAX_OPS_PER_SCRIPT = 201;
    /** Stack plus altstack items. */
    public static final int MAX_STACK_SIZE = 1000;
    public static final int MAX_PUBKEYS_PER_MULTISIG = 20;
    /** BIP341 annex marker: first byte of the last witness item. */
    public static final int ANNEX_TAG = 0x50;
    /** The witness program of a pay-to-anchor output (OP_1 0x4e73). */
    private static final byte[] PAY_TO_ANCHOR_PROGRAM = {0x4e, 0x73};
    public static final int TAPROOT_LEAF_MASK = 0xfe;
    public static final int TAPROOT_LEAF_TAPSCRIPT = 0xc0;
    public static final int TAPROOT_CONTROL_BASE_SIZE = 33;
    public static final int TAPROOT_CONTROL_NODE_SIZE = 32;
    public static final int TAPROOT_CONTROL_MAX_NODE_COUNT = 128;
    public static final int TAPROOT_CONTROL_MAX_SIZE = TAPROOT_CONTROL_BASE_SIZE + TAPROOT_CONTROL_NODE_SIZE * TAPROOT_CONTROL_MAX_NODE_COUNT;

    private static final byte[] FALSE = new byte[0];
    private static final byte[] TRUE = {1};

    private ScriptInterpreter() {
    }

    /**
     * Verifies that {@code scriptSig} (plus {@code witness}) satisfies {@code scriptPubKey}.
     *
     * @return {@link ScriptError#OK} when valid, otherwise the first error Core would report
     */
    public static ScriptError verify(Script scriptSig, Script scriptPubKey, Witness witness, int flags, SignatureChecker checker) {
        try {
            verifyOrThrow(scriptSig, scriptPubKey, witness, flags, checker);
            return ScriptError.OK;
        } catch (ScriptException e) {
            return e.error();
        }
    }

    private static void verifyOrThrow(Script scriptSig, Script scriptPubKey, Witness witness, int flags, SignatureChecker checker) {
        if ((flags & ScriptFlags.SIGPUSHONLY) != 0 && !scriptSig.isPushOnly()) throw fail(ScriptError.SIG_PUSHONLY);

        List<byte[]> stack = new ArrayList<>();
        eval(stack, scriptSig, flags, checker, SigVersion.BASE, new ScriptExecutionData());
        List<byte[]> stackCopy = (flags & ScriptFlags.P2SH) != 0 ? new ArrayList<>(stack) : null;
        eval(stack, scriptPubKey, flags, checker, SigVersion.BASE, new ScriptExecutionData());
        if (stack.isEmpty() || !ScriptNum.castToBool(stack.get(stack.size() - 1))) throw fail(ScriptError.EVAL_FALSE);

        boolean hadWitness = false;
        if ((flags & ScriptFlags.WITNESS) != 0 && scriptPubKey.isWitnessProgram()) {
            hadWitness = true;
            // BIP141: native witness programs must have an empty scriptSig, or they could be malleated.
            if (!scriptSig.isEmpty()) throw fail(ScriptError.WITNESS_MALLEATED);
            verifyWitnessProgram(witness, scriptPubKey.witnessVersion(), scriptPubKey.witnessProgram(), flags, checker, false);
            // The stack is not clean for witness programs; keep one element so CLEANSTACK passes.
            truncateToOne(stack);
        }

        if ((flags & ScriptFlags.P2SH) != 0 && scriptPubKey.isP2SH()) {
            // BIP16: the scriptSig must be push-only so the redeem script is data, not code.
            if (!scriptSig.isPushOnly()) throw fail(ScriptError.SIG_PUSHONLY);
            stack = stackCopy;
            // Non-empty: an empty stack would have failed the HASH160 EQUAL evaluation above.
            byte[] serialized = stack.remove(stack.size() - 1);
            Script redeem = Script.of(serialized);
            eval(stack, redeem, flags, checker, SigVersion.BASE, new ScriptExecutionData());
            if (stack.isEmpty() || !ScriptNum.castToBool(stack.get(stack.size() - 1))) throw fail(ScriptError.EVAL_FALSE);

            if ((flags & ScriptFlags.WITNESS) != 0 && redeem.isWitnessProgram()) {
                hadWitness = true;
                // BIP141 P2SH-wrapped: the scriptSig must be exactly one canonical push of the redeem script.
                if (!Arrays.equals(scriptSig.rawBytes(), pushOf(serialized))) {
                    throw fail(ScriptError.WITNESS_MALLEATED_P2SH);
                }
                verifyWitnessProgram(witness, redeem.witnessVersion(), redeem.witnessProgram(), flags, checker, true);
                truncateToOne(stack);
            }
        }

        // After P2SH, so that CLEANSTACK applies to the redeem script's stack.
        if ((flags & ScriptFlags.CLEANSTACK) != 0 && stack.size() != 1) throw fail(ScriptError.CLEANSTACK);

        if ((flags & ScriptFlags.WITNESS) != 0 && !hadWitness && !witness.isEmpty()) throw fail(ScriptError.WITNESS_UNEXPECTED);
    }

    private static void truncateToOne(List<byte[]> stack) {
        while (stack.size() > 1) stack.remove(stack.size() - 1);
    }

    // ---------------------------------------------------------------------------------------------
    // Witness programs (BIP141, BIP341)

    private static void verifyWitnessProgram(Witness witness, int version, byte[] program, int flags, SignatureChecker checker,
            boolean isP2sh) {
        List<byte[]> stack = new ArrayList<>(witness.rawItems());
        ScriptExecutionData execData = new ScriptExecutionData();
        if (version == 0) {
            if (program.length == 32) {
                // P2WSH: the last witness item is the script, committed to by SHA256.
                if (stack.isEmpty()) throw fail(ScriptError.WITNESS_PROGRAM_WITNESS_EMPTY);
                byte[] scriptBytes = stack.remove(stack.size() - 1);
                if (!Arrays.equals(Hashes.sha256(scriptBytes), program)) throw fail(ScriptError.WITNESS_PROGRAM_MISMATCH);
                executeWitnessScript(stack, Script.of(scriptBytes), flags, SigVersion.WITNESS_V0, checker, execData);
            } else if (program.length == 20) {
                // P2WPKH: exactly signature and key, run through the implied P2PKH script.
                if (stack.size() != 2) throw fail(ScriptError.WITNESS_PROGRAM_MISMATCH);
                Script script = new ScriptBuilder().op(OP_DUP).op(OP_HASH160).data(program).op(OP_EQUALVERIFY).op(OP_CHECKSIG).build();
                executeWitnessScript(stack, script, flags, SigVersion.WITNESS_V0, checker, execData);
            } else {
                throw fail(ScriptError.WITNESS_PROGRAM_WRONG_LENGTH);
            }
            return;
        }
        if (version == 1 && program.length == 32 && !isP2sh) {
            if ((flags & ScriptFlags.TAPROOT) == 0) return;
            if (stack.isEmpty()) throw fail(ScriptError.WITNESS_PROGRAM_WITNESS_EMPTY);
            if (stack.size() >= 2) {
                byte[] last = stack.get(stack.size() - 1);
                if (last.length > 0 && (last[0] & 0xff) == ANNEX_TAG) {
                    stack.remove(stack.size() - 1);
                    ByteWriter w = new ByteWriter(last.length + 5);
                    w.varBytes(last);
                    execData.annex(Hashes.sha256(w.toByteArray()));
                } else {
                    execData.annex(null);
                }
            } else {
                execData.annex(null);
            }
            if (stack.size() == 1) {
                // BIP341 key path: one Schnorr signature for the output key itself.
                ScriptError err = checker.checkSchnorrSignature(stack.get(0), program, SigVersion.TAPROOT, execData);
                if (err != ScriptError.OK) throw fail(err);
                return;
            }
            // BIP341 script path.
            byte[] control = stack.remove(stack.size() - 1);
            byte[] scriptBytes = stack.remove(stack.size() - 1);
            if (control.length < TAPROOT_CONTROL_BASE_SIZE || control.length > TAPROOT_CONTROL_MAX_SIZE
                    || (control.length - TAPROOT_CONTROL_BASE_SIZE) % TAPROOT_CONTROL_NODE_SIZE != 0) {
                throw fail(ScriptError.TAPROOT_WRONG_CONTROL_SIZE);
            }
            int leafVersion = control[0] & TAPROOT_LEAF_MASK;
            byte[] tapleafHash = tapleafHash(leafVersion, scriptBytes);
            if (!verifyTaprootCommitment(control, program, tapleafHash)) throw fail(ScriptError.WITNESS_PROGRAM_MISMATCH);
            execData.tapleafHash(tapleafHash);
            if (leafVersion == TAPROOT_LEAF_TAPSCRIPT) {
                // BIP342: the signature-check budget is the serialized witness size plus 50.
                ByteWriter w = new ByteWriter(64);
                witness.write(w);
                execData.validationWeightLeft(w.size() + ScriptExecutionData.VALIDATION_WEIGHT_OFFSET);
                executeWitnessScript(stack, Script.of(scriptBytes), flags, SigVersion.TAPSCRIPT, checker, execData);
                return;
            }
            // Unknown leaf versions are anyone-can-spend, reserved for future soft forks.
            if ((flags & ScriptFlags.DISCOURAGE_UPGRADABLE_TAPROOT_VERSION) != 0) {
                throw fail(ScriptError.DISCOURAGE_UPGRADABLE_TAPROOT_VERSION);
            }
            return;
        }
        // Pay-to-anchor (v1 program 0x4e73, bitcoind 28+): anyone can spend it, and unlike other
        // unknown programs its spend is not discouraged by policy; nested in P2SH it is not an anchor.
        if (version == 1 && !isP2sh && Arrays.equals(program, PAY_TO_ANCHOR_PROGRAM)) return;
        // Higher versions (and v1 with other lengths or inside P2SH) are reserved for future soft forks.
        if ((flags & ScriptFlags.DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM) != 0) {
            throw fail(ScriptError.DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM);
        }
    }

    /** BIP341 leaf hash: hashTapLeaf(leaf_version || compact_size(script) || script). */
    public static byte[] tapleafHash(int leafVersion, byte[] script) {
        ByteWriter w = new ByteWriter(script.length + 6);
        w.u8(leafVersion);
        w.varBytes(script);
        return Hashes.taggedHash("TapLeaf", w.toByteArray());
    }

    /** BIP341 branch hash with the children sorted lexicographically. */
    public static byte[] tapBranchHash(byte[] a, byte[] b) {
        return Arrays.compareUnsigned(a, b) < 0 ? Hashes.taggedHash("TapBranch", a, b) : Hashes.taggedHash("TapBranch", b, a);
    }

    private static boolean verifyTaprootCommitment(byte[] control, byte[] program, byte[] tapleafHash) {
        byte[] internalKey = Arrays.copyOfRange(control, 1, TAPROOT_CONTROL_BASE_SIZE);
        byte[] k = tapleafHash;
        int nodes = (control.length - TAPROOT_CONTROL_BASE_SIZE) / TAPROOT_CONTROL_NODE_SIZE;
        for (int i = 0; i < nodes; i++) {
            int off = TAPROOT_CONTROL_BASE_SIZE + TAPROOT_CONTROL_NODE_SIZE * i;
            k = tapBranchHash(k, Arrays.copyOfRange(control, off, off + TAPROOT_CONTROL_NODE_SIZE));
        }
        return Secp256k1Verifier.INSTANCE.checkTapTweak(internalKey, k, program, (control[0] & 1) == 1);
    }

    /** BIP342 OP_SUCCESSx opcodes: any script containing one succeeds unconditionally. */
    public static boolean isOpSuccess(int op) {
        return op == 80 || op == 98 || (op >= 126 && op <= 129) || (op >= 131 && op <= 134) || (op >= 137 && op <= 138)
                || (op >= 141 && op <= 142) || (op >= 149 && op <= 153) || (op >= 187 && op <= 254);
    }

    private static void executeWitnessScript(List<byte[]> stack, Script script, int flags, SigVersion sigVersion,
            SignatureChecker checker, ScriptExecutionData execData) {
        if (sigVersion == SigVersion.TAPSCRIPT) {
            // OP_SUCCESSx is found by a pre-scan, before anything else, so it can redefine all rules.
            byte[] s = script.rawBytes();
            int pc = 0;
            while (pc < s.length) {
                ScriptChunk c = Script.readChunk(s, pc);
                if (c == null) throw fail(ScriptError.BAD_OPCODE);
                if (isOpSuccess(c.opcode())) {
                    if ((flags & ScriptFlags.DISCOURAGE_OP_SUCCESS) != 0) throw fail(ScriptError.DISCOURAGE_OP_SUCCESS);
                    return;
                }
                pc = c.end();
            }
            // BIP342: the initial stack counts against the stack limit.
            if (stack.size() > MAX_STACK_SIZE) throw fail(ScriptError.STACK_SIZE);
        }
        for (byte[] item : stack) {
            if (item.length > MAX_SCRIPT_ELEMENT_SIZE) throw fail(ScriptError.PUSH_SIZE);
        }
        eval(stack, script, flags, checker, sigVersion, execData);
        // Witness scripts must leave exactly one true element (implicit CLEANSTACK).
        if (stack.size() != 1) throw fail(ScriptError.CLEANSTACK);
        if (!ScriptNum.castToBool(stack.get(0))) throw fail(ScriptError.EVAL_FALSE);
    }

    // ---------------------------------------------------------------------------------------------
    // Script evaluation

    /**
     * Runs one script on {@code stack} (Core's EvalScript), for callers that need the raw evaluation.
     *
     * @return OK, or the error that stopped execution
     */
    public static ScriptError evalScript(List<byte[]> stack, Script script, int flags, SignatureChecker checker, SigVersion sigVersion) {
        try {
            eval(stack, script, flags, checker, sigVersion, new ScriptExecutionData());
            return ScriptError.OK;
        } catch (ScriptException e) {
            return e.error();
        }
    }

    private static void eval(List<byte[]> stack, Script script, int flags, SignatureChecker checker, SigVersion sigVersion,
            ScriptExecutionData execData) {
        byte[] s = script.rawBytes();
        boolean legacyLimits = sigVersion == SigVersion.BASE || sigVersion == SigVersion.WITNESS_V0;
        if (legacyLimits && s.length > Script.MAX_SCRIPT_SIZE) throw fail(ScriptError.SCRIPT_SIZE);
        boolean requireMinimal = (flags & ScriptFlags.MINIMALDATA) != 0;
        List<byte[]> altstack = new ArrayList<>();
        ConditionStack cond = new ConditionStack();
        int pc = 0;
        int codeHashBegin = 0;
        int opCount = 0;
        long opcodePos = 0;

        for (; pc < s.length; opcodePos++) {
            boolean exec = cond.allTrue();
            ScriptChunk chunk = Script.readChunk(s, pc);
            if (chunk == null) throw fail(ScriptError.BAD_OPCODE);
            int op = chunk.opcode();
            pc = chunk.end();
            byte[] data = chunk.data();
            if (data != null && data.length > MAX_SCRIPT_ELEMENT_SIZE) throw fail(ScriptError.PUSH_SIZE);

            if (legacyLimits && op > OP_16 && ++opCount > MAX_OPS_PER_SCRIPT) throw fail(ScriptError.OP_COUNT);

            // Disabled opcodes (CVE-2010-5137 and friends) fail even in unexecuted branches.
            if (isDisabled(op)) throw fail(ScriptError.DISABLED_OPCODE);
            // CONST_SCRIPTCODE forbids OP_CODESEPARATOR in legacy scripts, executed or not.
            if (op == OP_CODESEPARATOR && sigVersion == SigVersion.BASE && (flags & ScriptFlags.CONST_SCRIPTCODE) != 0) {
                throw fail(ScriptError.OP_CODESEPARATOR);
            }

            if (exec && op <= OP_PUSHDATA4) {
                if (requireMinimal && !isMinimalPush(data, op)) throw fail(ScriptError.MINIMALDATA);
                stack.add(data);
            } else if (exec || (op >= OP_IF && op <= OP_ENDIF)) {
                switch (op) {
                    case OP_1NEGATE, OP_1, OP_2, OP_3, OP_4, OP_5, OP_6, OP_7, OP_8, OP_9, OP_10, OP_11, OP_12, OP_13, OP_14, OP_15,
                            OP_16 -> stack.add(ScriptNum.encode(op - (OP_1 - 1)));
                    case OP_NOP -> {
                    }
                    case OP_CHECKLOCKTIMEVERIFY -> {
                        // Not enabled: a plain NOP2. Not discouraged, so that removing any flag never
                        // invalidates a script that passed with it (flags stay backward compatible).
                        if ((flags & ScriptFlags.CHECKLOCKTIMEVERIFY) == 0) break;
                        need(stack, 1);
                        // 5-byte operand: times beyond 2^31 must be expressible (BIP65).
                        long lockTime = ScriptNum.decode(top(stack, -1), requireMinimal, 5);
                        if (lockTime < 0) throw fail(ScriptError.NEGATIVE_LOCKTIME);
                        if (!checker.checkLockTime(lockTime)) throw fail(ScriptError.UNSATISFIED_LOCKTIME);
                    }
                    case OP_CHECKSEQUENCEVERIFY -> {
                        // Not enabled: a plain NOP3. Not discouraged, so that removing any flag never
                        // invalidates a script that passed with it (flags stay backward compatible).
                        if ((flags & ScriptFlags.CHECKSEQUENCEVERIFY) == 0) break;
                        need(stack, 1);
                        long sequence = ScriptNum.decode(top(stack, -1), requireMinimal, 5);
                        if (sequence < 0) throw fail(ScriptError.NEGATIVE_LOCKTIME);
                        // BIP112: with the disable flag the operand is not a relative lock time; behaves as NOP.
                        if ((sequence & TxIn.SEQUENCE_LOCKTIME_DISABLE_FLAG) != 0) break;
                        if (!checker.checkSequence(sequence)) throw fail(ScriptError.UNSATISFIED_LOCKTIME);
                    }
                    case OP_NOP1, OP_NOP4, OP_NOP5, OP_NOP6, OP_NOP7, OP_NOP8, OP_NOP9, OP_NOP10 -> discourageNop(flags);
                    case OP_IF, OP_NOTIF -> {
                        boolean value = false;
                        if (exec) {
                            if (stack.isEmpty()) throw fail(ScriptError.UNBALANCED_CONDITIONAL);
                            byte[] v = top(stack, -1);
                            boolean minimal = v.length == 0 || (v.length == 1 && v[0] == 1);
                            // BIP342 makes MINIMALIF consensus in tapscript; in segwit v0 it is policy.
                            if (sigVersion == SigVersion.TAPSCRIPT && !minimal) throw fail(ScriptError.TAPSCRIPT_MINIMALIF);
                            if (sigVersion == SigVersion.WITNESS_V0 && (flags & ScriptFlags.MINIMALIF) != 0 && !minimal) {
                                throw fail(ScriptError.MINIMALIF);
                            }
                            value = ScriptNum.castToBool(v);
                            if (op == OP_NOTIF) value = !value;
                            pop(stack);
                        }
                        cond.push(value);
                    }
                    case OP_ELSE -> {
                        if (cond.isEmpty()) throw fail(ScriptError.UNBALANCED_CONDITIONAL);
                        cond.toggleTop();
                    }
                    case OP_ENDIF -> {
                        if (cond.isEmpty()) throw fail(ScriptError.UNBALANCED_CONDITIONAL);
                        cond.pop();
                    }
                    case OP_VERIFY -> {
                        need(stack, 1);
                        if (!ScriptNum.castToBool(top(stack, -1))) throw fail(ScriptError.VERIFY);
                        pop(stack);
                    }
                    case OP_RETURN -> throw fail(ScriptError.OP_RETURN);
                    case OP_TOALTSTACK -> {
                        need(stack, 1);
                        altstack.add(pop(stack));
                    }
                    case OP_FROMALTSTACK -> {
                        if (altstack.isEmpty()) throw fail(ScriptError.INVALID_ALTSTACK_OPERATION);
                        stack.add(altstack.remove(altstack.size() - 1));
                    }
                    case OP_2DROP -> {
                        need(stack, 2);
                        pop(stack);
                        pop(stack);
                    }
                    case OP_2DUP -> {
                        need(stack, 2);
                        byte[] a = top(stack, -2);
                        byte[] b = top(stack, -1);
                        stack.add(a);
                        stack.add(b);
                    }
                    case OP_3DUP -> {
                        need(stack, 3);
                        byte[] a = top(stack, -3);
                        byte[] b = top(stack, -2);
                        byte[] c = top(stack, -1);
                        stack.add(a);
                        stack.add(b);
                        stack.add(c);
                    }
                    case OP_2OVER -> {
                        need(stack, 4);
                        byte[] a = top(stack, -4);
                        byte[] b = top(stack, -3);
                        stack.add(a);
                        stack.add(b);
                    }
                    case OP_2ROT -> {
                        need(stack, 6);
                        byte[] a = stack.remove(stack.size() - 6);
                        byte[] b = stack.remove(stack.size() - 5);
                        stack.add(a);
                        stack.add(b);
                    }
                    case OP_2SWAP -> {
                        need(stack, 4);
                        int n = stack.size();
                        byte[] a = stack.get(n - 4);
                        byte[] b = stack.get(n - 3);
                        stack.set(n - 4, stack.get(n - 2));
                        stack.set(n - 3, stack.get(n - 1));
                        stack.set(n - 2, a);
                        stack.set(n - 1, b);
                    }
                    case OP_IFDUP -> {
                        need(stack, 1);
                        byte[] v = top(stack, -1);
                        if (ScriptNum.castToBool(v)) stack.add(v);
                    }
                    case OP_DEPTH -> stack.add(ScriptNum.encode(stack.size()));
                    case OP_DROP -> {
                        need(stack, 1);
                        pop(stack);
                    }
                    case OP_DUP -> {
                        need(stack, 1);
                        stack.add(top(stack, -1));
                    }
                    case OP_NIP -> {
                        need(stack, 2);
                        stack.remove(stack.size() - 2);
                    }
                    case OP_OVER -> {
                        need(stack, 2);
                        stack.add(top(stack, -2));
                    }
                    case OP_PICK, OP_ROLL -> {
                        need(stack, 2);
                        int n = ScriptNum.toInt(ScriptNum.decode(top(stack, -1), requireMinimal, ScriptNum.DEFAULT_MAX_SIZE));
                        pop(stack);
                        if (n < 0 || n >= stack.size()) throw fail(ScriptError.INVALID_STACK_OPERATION);
                        byte[] v = top(stack, -n - 1);
                        if (op == OP_ROLL) stack.remove(stack.size() - n - 1);
                        stack.add(v);
                    }
                    case OP_ROT -> {
                        need(stack, 3);
                        stack.add(stack.remove(stack.size() - 3));
                    }
                    case OP_SWAP -> {
                        need(stack, 2);
                        int n = stack.size();
                        byte[] a = stack.get(n - 2);
                        stack.set(n - 2, stack.get(n - 1));
                        stack.set(n - 1, a);
                    }
                    case OP_TUCK -> {
                        need(stack, 2);
                        stack.add(stack.size() - 2, top(stack, -1));
                    }
                    case OP_SIZE -> {
                        need(stack, 1);
                        stack.add(ScriptNum.encode(top(stack, -1).length));
                    }
                    case OP_EQUAL, OP_EQUALVERIFY -> {
                        need(stack, 2);
                        boolean equal = Arrays.equals(top(stack, -2), top(stack, -1));
                        pop(stack);
                        pop(stack);
                        stack.add(equal ? TRUE : FALSE);
                        if (op == OP_EQUALVERIFY) {
                            if (!equal) throw fail(ScriptError.EQUALVERIFY);
                            pop(stack);
                        }
                    }
                    case OP_1ADD, OP_1SUB, OP_NEGATE, OP_ABS, OP_NOT, OP_0NOTEQUAL -> {
                        need(stack, 1);
                        long n = ScriptNum.decode(top(stack, -1), requireMinimal, ScriptNum.DEFAULT_MAX_SIZE);
                        n = switch (op) {
                            case OP_1ADD -> n + 1;
                            case OP_1SUB -> n - 1;
                            case OP_NEGATE -> -n;
                            case OP_ABS -> Math.abs(n);
                            case OP_NOT -> n == 0 ? 1 : 0;
                            default -> n != 0 ? 1 : 0;
                        };
                        pop(stack);
                        stack.add(ScriptNum.encode(n));
                    }
                    case OP_ADD, OP_SUB, OP_BOOLAND, OP_BOOLOR, OP_NUMEQUAL, OP_NUMEQUALVERIFY, OP_NUMNOTEQUAL, OP_LESSTHAN,
                            OP_GREATERTHAN, OP_LESSTHANOREQUAL, OP_GREATERTHANOREQUAL, OP_MIN, OP_MAX -> {
                        need(stack, 2);
                        long a = ScriptNum.decode(top(stack, -2), requireMinimal, ScriptNum.DEFAULT_MAX_SIZE);
                        long b = ScriptNum.decode(top(stack, -1), requireMinimal, ScriptNum.DEFAULT_MAX_SIZE);
                        long r = switch (op) {
                            case OP_ADD -> a + b;
                            case OP_SUB -> a - b;
                            case OP_BOOLAND -> (a != 0 && b != 0) ? 1 : 0;
                            case OP_BOOLOR -> (a != 0 || b != 0) ? 1 : 0;
                            case OP_NUMEQUAL, OP_NUMEQUALVERIFY -> a == b ? 1 : 0;
                            case OP_NUMNOTEQUAL -> a != b ? 1 : 0;
                            case OP_LESSTHAN -> a < b ? 1 : 0;
                            case OP_GREATERTHAN -> a > b ? 1 : 0;
                            case OP_LESSTHANOREQUAL -> a <= b ? 1 : 0;
                            case OP_GREATERTHANOREQUAL -> a >= b ? 1 : 0;
                            case OP_MIN -> Math.min(a, b);
                            default -> Math.max(a, b);
                        };
                        pop(stack);
                        pop(stack);
                        stack.add(ScriptNum.encode(r));
                        if (op == OP_NUMEQUALVERIFY) {
                            if (!ScriptNum.castToBool(top(stack, -1))) throw fail(ScriptError.NUMEQUALVERIFY);
                            pop(stack);
                        }
                    }
                    case OP_WITHIN -> {
                        need(stack, 3);
                        long x = ScriptNum.decode(top(stack, -3), requireMinimal, ScriptNum.DEFAULT_MAX_SIZE);
                        long min = ScriptNum.decode(top(stack, -2), requireMinimal, ScriptNum.DEFAULT_MAX_SIZE);
                        long max = ScriptNum.decode(top(stack, -1), requireMinimal, ScriptNum.DEFAULT_MAX_SIZE);
                        boolean within = min <= x && x < max;
                        pop(stack);
                        pop(stack);
                        pop(stack);
                        stack.add(within ? TRUE : FALSE);
                    }
                    case OP_RIPEMD160, OP_SHA1, OP_SHA256, OP_HASH160, OP_HASH256 -> {
                        need(stack, 1);
                        byte[] v = pop(stack);
                        stack.add(switch (op) {
                            case OP_RIPEMD160 -> Hashes.ripemd160(v);
                            case OP_SHA1 -> Hashes.sha1(v);
                            case OP_SHA256 -> Hashes.sha256(v);
                            case OP_HASH160 -> Hashes.hash160(v);
                            default -> Hashes.sha256d(v);
                        });
                    }
                    case OP_CODESEPARATOR -> {
                        // Signatures commit to the script after the last executed OP_CODESEPARATOR.
                        codeHashBegin = pc;
                        execData.codeSeparatorPos(opcodePos);
                    }
                    case OP_CHECKSIG, OP_CHECKSIGVERIFY -> {
                        need(stack, 2);
                        byte[] sig = top(stack, -2);
                        byte[] pubkey = top(stack, -1);
                        boolean ok = evalCheckSig(sig, pubkey, s, codeHashBegin, flags, checker, sigVersion, execData);
                        pop(stack);
                        pop(stack);
                        stack.add(ok ? TRUE : FALSE);
                        if (op == OP_CHECKSIGVERIFY) {
                            if (!ok) throw fail(ScriptError.CHECKSIGVERIFY);
                            pop(stack);
                        }
                    }
                    case OP_CHECKSIGADD -> {
                        // BIP342: only defined in tapscript; elsewhere 0xba is an unknown opcode.
                        if (sigVersion == SigVersion.BASE || sigVersion == SigVersion.WITNESS_V0) throw fail(ScriptError.BAD_OPCODE);
                        need(stack, 3);
                        byte[] sig = top(stack, -3);
                        long n = ScriptNum.decode(top(stack, -2), requireMinimal, ScriptNum.DEFAULT_MAX_SIZE);
                        byte[] pubkey = top(stack, -1);
                        boolean ok = evalCheckSig(sig, pubkey, s, codeHashBegin, flags, checker, sigVersion, execData);
                        pop(stack);
                        pop(stack);
                        pop(stack);
                        stack.add(ScriptNum.encode(n + (ok ? 1 : 0)));
                    }
                    case OP_CHECKMULTISIG, OP_CHECKMULTISIGVERIFY -> {
                        if (sigVersion == SigVersion.TAPSCRIPT) throw fail(ScriptError.TAPSCRIPT_CHECKMULTISIG);
                        opCount = checkMultisig(stack, s, codeHashBegin, flags, checker, sigVersion, opCount, requireMinimal);
                        if (op == OP_CHECKMULTISIGVERIFY) {
                            if (!ScriptNum.castToBool(top(stack, -1))) throw fail(ScriptError.CHECKMULTISIGVERIFY);
                            pop(stack);
                        }
                    }
                    default -> throw fail(ScriptError.BAD_OPCODE);
                }
            }
            if (stack.size() + altstack.size() > MAX_STACK_SIZE) throw fail(ScriptError.STACK_SIZE);
        }
        if (!cond.isEmpty()) throw fail(ScriptError.UNBALANCED_CONDITIONAL);
    }

    private static int checkMultisig(List<byte[]> stack, byte[] script, int codeHashBegin, int flags, SignatureChecker checker,
            SigVersion sigVersion, int opCount, boolean requireMinimal) {
        int i = 1;
        need(stack, i);
        int keysCount = ScriptNum.toInt(ScriptNum.decode(top(stack, -i), requireMinimal, ScriptNum.DEFAULT_MAX_SIZE));
        if (keysCount < 0 || keysCount > MAX_PUBKEYS_PER_MULTISIG) throw fail(ScriptError.PUBKEY_COUNT);
        // Every key counts as an operation towards the 201 limit.
        opCount += keysCount;
        if (opCount > MAX_OPS_PER_SCRIPT) throw fail(ScriptError.OP_COUNT);
        int ikey = ++i;
        // Where the keys end, for NULLFAIL's clean-up check below.
        int ikey2 = keysCount + 2;
        i += keysCount;
        need(stack, i);
        int sigsCount = ScriptNum.toInt(ScriptNum.decode(top(stack, -i), requireMinimal, ScriptNum.DEFAULT_MAX_SIZE));
        if (sigsCount < 0 || sigsCount > keysCount) throw fail(ScriptError.SIG_COUNT);
        int isig = ++i;
        i += sigsCount;
        need(stack, i);

        byte[] scriptCode = Arrays.copyOfRange(script, codeHashBegin, script.length);
        for (int k = 0; k < sigsCount; k++) {
            byte[] sig = top(stack, -isig - k);
            if (sigVersion == SigVersion.BASE) {
                FindAndDeleteResult r = findAndDelete(scriptCode, pushOf(sig));
                if (r.found() > 0 && (flags & ScriptFlags.CONST_SCRIPTCODE) != 0) throw fail(ScriptError.SIG_FINDANDDELETE);
                scriptCode = r.script();
            }
        }
        Script code = Script.ofOwned(scriptCode);

        boolean success = true;
        while (success && sigsCount > 0) {
            byte[] sig = top(stack, -isig);
            byte[] pubkey = top(stack, -ikey);
            // Encodings are checked lazily, so a bad unchecked key cannot fail a passing multisig.
            checkSignatureEncoding(sig, flags);
            checkPubKeyEncoding(pubkey, flags, sigVersion);
            boolean ok = checker.checkEcdsaSignature(sig, pubkey, code, sigVersion);
            if (ok) {
                isig++;
                sigsCount--;
            }
            ikey++;
            keysCount--;
            // More signatures left than keys: cannot succeed any more.
            if (sigsCount > keysCount) success = false;
        }

        while (i-- > 1) {
            // NULLFAIL: all signatures must be empty when the check fails.
            if (!success && (flags & ScriptFlags.NULLFAIL) != 0 && ikey2 == 0 && top(stack, -1).length > 0) {
                throw fail(ScriptError.SIG_NULLFAIL);
            }
            if (ikey2 > 0) ikey2--;
            pop(stack);
        }
        // The historic off-by-one pops one extra element; BIP147 NULLDUMMY requires it to be empty.
        need(stack, 1);
        if ((flags & ScriptFlags.NULLDUMMY) != 0 && top(stack, -1).length > 0) throw fail(ScriptError.SIG_NULLDUMMY);
        pop(stack);
        stack.add(success ? TRUE : FALSE);
        return opCount;
    }

    private static boolean evalCheckSig(byte[] sig, byte[] pubkey, byte[] script, int codeHashBegin, int flags,
            SignatureChecker checker, SigVersion sigVersion, ScriptExecutionData execData) {
        if (sigVersion == SigVersion.TAPSCRIPT) return evalCheckSigTapscript(sig, pubkey, flags, checker, execData);
        byte[] scriptCode = Arrays.copyOfRange(script, codeHashBegin, script.length);
        if (sigVersion == SigVersion.BASE) {
            // Legacy signatures cannot sign themselves: remove pushes of this signature from the scriptCode.
            FindAndDeleteResult r = findAndDelete(scriptCode, pushOf(sig));
            if (r.found() > 0 && (flags & ScriptFlags.CONST_SCRIPTCODE) != 0) throw fail(ScriptError.SIG_FINDANDDELETE);
            scriptCode = r.script();
        }
        checkSignatureEncoding(sig, flags);
        checkPubKeyEncoding(pubkey, flags, sigVersion);
        boolean ok = checker.checkEcdsaSignature(sig, pubkey, Script.ofOwned(scriptCode), sigVersion);
        if (!ok && (flags & ScriptFlags.NULLFAIL) != 0 && sig.length > 0) throw fail(ScriptError.SIG_NULLFAIL);
        return ok;
    }

    private static boolean evalCheckSigTapscript(byte[] sig, byte[] pubkey, int flags, SignatureChecker checker,
            ScriptExecutionData execData) {
        // BIP342: an empty signature is a valid "no"; any other signature must be valid.
        boolean success = sig.length > 0;
        if (success) {
            long left = execData.validationWeightLeft() - ScriptExecutionData.VALIDATION_WEIGHT_PER_SIGOP_PASSED;
            execData.validationWeightLeft(left);
            if (left < 0) throw fail(ScriptError.TAPSCRIPT_VALIDATION_WEIGHT);
        }
        // bitcoind's EvalChecksigTapscript reports an empty key as PUBKEYTYPE ("Public key is neither
        // compressed or uncompressed"), not with its TAPSCRIPT_EMPTY_PUBKEY text; feature_taproot reads it.
        if (pubkey.length == 0) throw fail(ScriptError.PUBKEYTYPE);
        if (pubkey.length == 32) {
            if (success) {
                ScriptError err = checker.checkSchnorrSignature(sig, pubkey, SigVersion.TAPSCRIPT, execData);
                if (err != ScriptError.OK) throw fail(err);
            }
        } else if ((flags & ScriptFlags.DISCOURAGE_UPGRADABLE_PUBKEYTYPE) != 0) {
            // Unknown key types are treated as a successful check, reserved for soft forks.
            throw fail(ScriptError.DISCOURAGE_UPGRADABLE_PUBKEYTYPE);
        }
        return success;
    }

    // ---------------------------------------------------------------------------------------------
    // Encoding rules

    /** Signature encoding flags: BIP66 strict DER, BIP62/BIP146 low S, STRICTENC hash types. */
    static void checkSignatureEncoding(byte[] sig, int flags) {
        // An empty signature is a compact way to provide an invalid signature (e.g. for CHECKMULTISIG).
        if (sig.length == 0) return;
        if ((flags & (ScriptFlags.DERSIG | ScriptFlags.LOW_S | ScriptFlags.STRICTENC)) != 0 && !isValidSignatureEncoding(sig)) {
            throw fail(ScriptError.SIG_DER);
        }
        if ((flags & ScriptFlags.LOW_S) != 0 && !isLowDerSignature(sig)) throw fail(ScriptError.SIG_HIGH_S);
        if ((flags & ScriptFlags.STRICTENC) != 0 && !isDefinedHashType(sig)) throw fail(ScriptError.SIG_HASHTYPE);
    }

    static void checkPubKeyEncoding(byte[] pubkey, int flags, SigVersion sigVersion) {
        if ((flags & ScriptFlags.STRICTENC) != 0 && !PublicKeys.isCompressedOrUncompressed(pubkey)) throw fail(ScriptError.PUBKEYTYPE);
        if ((flags & ScriptFlags.WITNESS_PUBKEYTYPE) != 0 && sigVersion == SigVersion.WITNESS_V0 && !PublicKeys.isCompressed(pubkey)) {
            throw fail(ScriptError.WITNESS_PUBKEYTYPE);
        }
    }

    /**
     * BIP66 strict DER with the trailing hash type byte:
     * 0x30 len 0x02 rlen R 0x02 slen S hashtype, minimal non-negative integers, total at most 73 bytes.
     */
    public static boolean isValidSignatureEncoding(byte[] sig) {
        int n = sig.length;
        if (n < 9 || n > 73) return false;
        if ((sig[0] & 0xff) != 0x30) return false;
        if ((sig[1] & 0xff) != n - 3) return false;
        int lenR = sig[3] & 0xff;
        if (5 + lenR >= n) return false;
        int lenS = sig[5 + lenR] & 0xff;
        if (lenR + lenS + 7 != n) return false;
        if ((sig[2] & 0xff) != 0x02) return false;
        if (lenR == 0) return false;
        if ((sig[4] & 0x80) != 0) return false;
        if (lenR > 1 && sig[4] == 0 && (sig[5] & 0x80) == 0) return false;
        if ((sig[lenR + 4] & 0xff) != 0x02) return false;
        if (lenS == 0) return false;
        if ((sig[lenR + 6] & 0x80) != 0) return false;
        return !(lenS > 1 && sig[lenR + 6] == 0 && (sig[lenR + 7] & 0x80) == 0);
    }

    private static boolean isLowDerSignature(byte[] sig) {
        if (!isValidSignatureEncoding(sig)) throw fail(ScriptError.SIG_DER);
        Optional<EcdsaSignature> parsed = EcdsaSignature.parseLax(Arrays.copyOf(sig, sig.length - 1));
        return parsed.isPresent() && parsed.get().isLowS();
    }

    private static boolean isDefinedHashType(byte[] sig) {
        if (sig.length == 0) return false;
        int type = sig[sig.length - 1] & 0xff & ~SignatureHasher.SIGHASH_ANYONECANPAY;
        return type >= SignatureHasher.SIGHASH_ALL && type <= SignatureHasher.SIGHASH_SINGLE;
    }

    /** MINIMALDATA: each push must use the shortest opcode (OP_0, OP_1..16, OP_1NEGATE, direct, PUSHDATA1/2). */
    public static boolean isMinimalPush(byte[] data, int op) {
        int n = data.length;
        if (n == 0) return op == OP_0;
        if (n == 1 && (data[0] & 0xff) >= 1 && (data[0] & 0xff) <= 16) return false;
        if (n == 1 && (data[0] & 0xff) == 0x81) return false;
        if (n <= 75) return op == n;
        if (n <= 255) return op == OP_PUSHDATA1;
        if (n <= 65535) return op == OP_PUSHDATA2;
        return true;
    }

    private static boolean isDisabled(int op) {
        return switch (op) {
            case OP_CAT, OP_SUBSTR, OP_LEFT, OP_RIGHT, OP_INVERT, OP_AND, OP_OR, OP_XOR, OP_2MUL, OP_2DIV, OP_MUL, OP_DIV, OP_MOD,
                    OP_LSHIFT, OP_RSHIFT -> true;
            default -> false;
        };
    }

    private static void discourageNop(int flags) {
        if ((flags & ScriptFlags.DISCOURAGE_UPGRADABLE_NOPS) != 0) throw fail(ScriptError.DISCOURAGE_UPGRADABLE_NOPS);
    }

    // ---------------------------------------------------------------------------------------------
    // FindAndDelete

    record FindAndDeleteResult(byte[] script, int found) {
    }

    /** The canonical push of {@code data}, as Core's {@code CScript() << data} writes it. */
    static byte[] pushOf(byte[] data) {
        ByteWriter w = new ByteWriter(data.length + 5);
        int n = data.length;
        if (n < OP_PUSHDATA1) {
            w.u8(n);
        } else if (n <= 0xff) {
            w.u8(OP_PUSHDATA1).u8(n);
        } else if (n <= 0xffff) {
            w.u8(OP_PUSHDATA2).u16le(n);
        } else {
            w.u8(OP_PUSHDATA4).u32le(n);
        }
        w.bytes(data);
        return w.toByteArray();
    }

    /**
     * Core's FindAndDelete: removes every occurrence of {@code pattern} that starts on an opcode boundary
     * (repeatedly, so adjacent copies all go), walking the script opcode by opcode.
     */
    static FindAndDeleteResult findAndDelete(byte[] script, byte[] pattern) {
        if (pattern.length == 0) return new FindAndDeleteResult(script, 0);
        ByteWriter result = new ByteWriter(script.length);
        int found = 0;
        int pc = 0;
        int pc2 = 0;
        int end = script.length;
        while (true) {
            result.bytes(script, pc2, pc - pc2);
            while (end - pc >= pattern.length && Arrays.equals(script, pc, pc + pattern.length, pattern, 0, pattern.length)) {
                pc += pattern.length;
                found++;
            }
            pc2 = pc;
            if (pc >= end) break;
            ScriptChunk c = Script.readChunk(script, pc);
            if (c == null) break;
            pc = c.end();
        }
        if (found == 0) return new FindAndDeleteResult(script, 0);
        result.bytes(script, pc2, end - pc2);
        return new FindAndDeleteResult(result.toByteArray(), found);
    }

    // ---------------------------------------------------------------------------------------------
    // Stack helpers

    private static void need(List<byte[]> stack, int n) {
        if (stack.size() < n) throw fail(ScriptError.INVALID_STACK_OPERATION);
    }

    private static byte[] top(List<byte[]> stack, int i) {
        return stack.get(stack.size() + i);
    }

    private static byte[] pop(List<byte[]> stack) {
        if (stack.isEmpty()) throw fail(ScriptError.INVALID_STACK_OPERATION);
        return stack.remove(stack.size() - 1);
    }

    private static ScriptException fail(ScriptError e) {
        return new ScriptException(e);
    }

    /** The IF/ELSE/ENDIF nesting state; tracks only the first false entry, as execution needs nothing more. */
    private static final class ConditionStack {
        private static final int NO_FALSE = -1;
        private int size;
        private int firstFalse = NO_FALSE;

        boolean isEmpty() {
            return size == 0;
        }

        boolean allTrue() {
            return firstFalse == NO_FALSE;
        }

        void push(boolean v) {
            if (firstFalse == NO_FALSE && !v) firstFalse = size;
            size++;
        }

        void pop() {
            size--;
            if (firstFalse == size) firstFalse = NO_FALSE;
        }

        void toggleTop() {
            if (firstFalse == NO_FALSE) {
                firstFalse = size - 1;
            } else if (firstFalse == size - 1) {
                firstFalse = NO_FALSE;
            }
        }
    }
}
