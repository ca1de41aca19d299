package dev.blocksmith.core.miniscript;

import static dev.blocksmith.core.script.Opcodes.*;

import dev.blocksmith.core.script.Opcodes;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.script.ScriptChunk;
import dev.blocksmith.core.script.ScriptInterpreter;
import dev.blocksmith.core.script.ScriptNum;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Reads a script back into miniscript the way bitcoind's miniscript::FromScript does: the script is
 * split into opcodes (the -VERIFY opcodes as their base opcode plus OP_VERIFY), then read from its
 * end with an explicit stack of pending decoding steps, so that deeply nested scripts need no recursion.
 * Keys are accepted through a {@link KeyDecoder}; without one that knows the key, pk_h cannot be read.
 */
public final class ScriptDecoder {
    /** Turns the key bytes of a script into miniscript keys (bitcoind's FromPKBytes / FromPKHBytes). */
    public interface KeyDecoder {
        Optional<MsKey> fromPkBytes(byte[] bytes);

        Optional<MsKey> fromPkhBytes(byte[] hash160);
    }

    /** bitcoind's inference without a wallet: syntactically valid, non-hybrid keys of the context's form; no key-hash lookups. */
    public static KeyDecoder plainKeys(MiniscriptContext ctx) {
        return new KeyDecoder() {
            @Override
            public Optional<MsKey> fromPkBytes(byte[] b) {
                if (ctx.isTapscript()) return b.length == 32 ? Optional.of(MsKey.of(b)) : Optional.empty();
                // Segwit scripts only take compressed keys.
                if (b.length == 33 && (b[0] == 2 || b[0] == 3)) return Optional.of(MsKey.of(b));
                return Optional.empty();
            }

            @Override
            public Optional<MsKey> fromPkhBytes(byte[] hash160) {
                return Optional.empty();
            }
        };
    }

    /** One decomposed opcode; {@code data} is the pushed bytes (OP_1..OP_16 as their number), empty otherwise. */
    private record Op(int opcode, byte[] data) {
    }

    private enum Step {
        SINGLE_BKV_EXPR, BKV_EXPR, W_EXPR, SWAP, ALT, CHECK, DUP_IF, VERIFY, NON_ZERO, ZERO_NOTEQUAL,
        MAYBE_AND_V, AND_V, AND_B, ANDOR, OR_B, OR_C, OR_D, THRESH_W, THRESH_E, ENDIF, ENDIF_NOTIF, ENDIF_ELSE
    }

    private record Task(Step step, long n, long k) {
        static Task of(Step s) {
            return new Task(s, -1, -1);
        }
    }

    private final MiniscriptContext ctx;
    private final KeyDecoder keyDecoder;

    public ScriptDecoder(MiniscriptContext ctx, KeyDecoder keyDecoder) {
        this.ctx = ctx;
        this.keyDecoder = keyDecoder;
    }

    /** The miniscript a script is, if it is valid miniscript of type B (sanity is the caller's check). */
    public Optional<MiniscriptNode> decode(Script script) {
        if (script.length() > ctx.maxScriptSize()) return Optional.empty();
        Optional<List<Op>> ops = decompose(script);
        if (ops.isEmpty()) return Optional.empty();
        return decode(ops.get());
    }

    /** bitcoind's DecomposeScript: opcodes in reverse order, -VERIFY opcodes split, non-minimal pushes rejected. */
    private static Optional<List<Op>> decompose(Script script) {
        Optional<List<ScriptChunk>> chunks = script.chunks();
        if (chunks.isEmpty()) return Optional.empty();
        List<ScriptChunk> cs = chunks.get();
        List<Op> out = new ArrayList<>();
        byte[] none = new byte[0];
        for (int i = 0; i < cs.size(); i++) {
            ScriptChunk c = cs.get(i);
            int op = c.opcode();
            if (op >= OP_1 && op <= OP_16) {
                out.add(new Op(op, new byte[] {(byte) Opcodes.decodeSmallInt(op)}));
                continue;
            }
            switch (op) {
                case OP_CHECKSIGVERIFY -> { out.add(new Op(OP_CHECKSIG, none)); out.add(new Op(OP_VERIFY, none)); continue; }
                case OP_CHECKMULTISIGVERIFY -> { out.add(new Op(OP_CHECKMULTISIG, none)); out.add(new Op(OP_VERIFY, none)); continue; }
                case OP_EQUALVERIFY -> { out.add(new Op(OP_EQUAL, none)); out.add(new Op(OP_VERIFY, none)); continue; }
                case OP_NUMEQUALVERIFY -> { out.add(new Op(OP_NUMEQUAL, none)); out.add(new Op(OP_VERIFY, none)); continue; }
                default -> { }
            }
            if (c.isPush()) {
                if (!ScriptInterpreter.isMinimalPush(c.data(), op)) return Optional.empty();
                out.add(new Op(op, c.data()));
                continue;
            }
            // A base opcode followed by OP_VERIFY should have been its -VERIFY form.
            if ((op == OP_CHECKSIG || op == OP_CHECKMULTISIG || op == OP_EQUAL || op == OP_NUMEQUAL)
                    && i + 1 < cs.size() && cs.get(i + 1).opcode() == OP_VERIFY) {
                return Optional.empty();
            }
            out.add(new Op(op, none));
        }
        Collections.reverse(out);
        return Optional.of(out);
    }

    /** bitcoind's ParseScriptNumber: OP_0, OP_1..OP_16 or a minimal push of a minimally encoded number of up to 4 bytes. */
    private static Optional<Long> number(Op op) {
        if (op.opcode() == OP_0) return Optional.of(0L);
        if (op.data().length == 0) return Optional.empty();
        if (op.opcode() <= OP_PUSHDATA4 && !ScriptInterpreter.isMinimalPush(op.data(), op.opcode())) return Optional.empty();
        if (op.data().length > ScriptNum.DEFAULT_MAX_SIZE || !ScriptNum.isMinimal(op.data())) return Optional.empty();
        return Optional.of(ScriptNum.decode(op.data(), true, ScriptNum.DEFAULT_MAX_SIZE));
    }

    private Optional<MiniscriptNode> decode(List<Op> in) {
        int pos = 0;
        final int last = in.size();
        List<Task> todo = new ArrayList<>();
        List<MiniscriptNode> built = new ArrayList<>();
        todo.add(Task.of(Step.BKV_EXPR));
        while (!todo.isEmpty()) {
            // Stop early once the expression cannot be valid any more.
            if (!built.isEmpty() && !top(built).isValid()) return Optional.empty();
            Task task = todo.remove(todo.size() - 1);
            switch (task.step()) {
                case SINGLE_BKV_EXPR -> {
                    if (pos >= last) return Optional.empty();
                    int avail = last - pos;
                    Op o0 = in.get(pos);
                    if (o0.opcode() == OP_1) {
                        pos++;
                        built.add(MiniscriptNode.leaf(ctx, Fragment.JUST_1, 0));
                        break;
                    }
                    if (o0.opcode() == OP_0) {
                        pos++;
                        built.add(MiniscriptNode.leaf(ctx, Fragment.JUST_0, 0));
                        break;
                    }
                    if (o0.data().length == 33 || o0.data().length == 32) {
                        Optional<MsKey> key = keyDecoder.fromPkBytes(o0.data());
                        if (key.isEmpty()) return Optional.empty();
                        pos++;
                        built.add(MiniscriptNode.keys(ctx, Fragment.PK_K, List.of(key.get()), 0));
                        break;
                    }
                    if (avail >= 5 && o0.opcode() == OP_VERIFY && in.get(pos + 1).opcode() == OP_EQUAL && in.get(pos + 3).opcode() == OP_HASH160
                            && in.get(pos + 4).opcode() == OP_DUP && in.get(pos + 2).data().length == 20) {
                        Optional<MsKey> key = keyDecoder.fromPkhBytes(in.get(pos + 2).data());
                        if (key.isEmpty()) return Optional.empty();
                        pos += 5;
                        built.add(MiniscriptNode.keys(ctx, Fragment.PK_H, List.of(key.get()), 0));
                        break;
                    }
                    if (avail >= 2 && (o0.opcode() == OP_CHECKSEQUENCEVERIFY || o0.opcode() == OP_CHECKLOCKTIMEVERIFY)) {
                        Optional<Long> num = number(in.get(pos + 1));
                        if (num.isPresent()) {
                            pos += 2;
                            if (num.get() < 1 || num.get() > 0x7FFFFFFFL) return Optional.empty();
                            Fragment f = o0.opcode() == OP_CHECKSEQUENCEVERIFY ? Fragment.OLDER : Fragment.AFTER;
                            built.add(MiniscriptNode.leaf(ctx, f, num.get()));
                            break;
                        }
                    }
                    if (avail >= 7 && o0.opcode() == OP_EQUAL && in.get(pos + 3).opcode() == OP_VERIFY && in.get(pos + 4).opcode() == OP_EQUAL
                            && number(in.get(pos + 5)).filter(n -> n == 32).isPresent() && in.get(pos + 6).opcode() == OP_SIZE) {
                        int hashOp = in.get(pos + 2).opcode();
                        byte[] h = in.get(pos + 1).data();
                        Fragment f = null;
                        if (hashOp == OP_SHA256 && h.length == 32) f = Fragment.SHA256;
                        else if (hashOp == OP_RIPEMD160 && h.length == 20) f = Fragment.RIPEMD160;
                        else if (hashOp == OP_HASH256 && h.length == 32) f = Fragment.HASH256;
                        else if (hashOp == OP_HASH160 && h.length == 20) f = Fragment.HASH160;
                        if (f != null) {
                            built.add(MiniscriptNode.hash(ctx, f, h));
                            pos += 7;
                            break;
                        }
                    }
                    if (avail >= 3 && o0.opcode() == OP_CHECKMULTISIG) {
                        if (ctx.isTapscript()) return Optional.empty();
                        Optional<Long> n = number(in.get(pos + 1));
                        if (n.isEmpty() || avail < 3 + n.get()) return Optional.empty();
                        if (n.get() < 1 || n.get() > MiniscriptContext.MAX_PUBKEYS_PER_MULTISIG) return Optional.empty();
                        int nk = (int) (long) n.get();
                        List<MsKey> keys = new ArrayList<>();
                        for (int i = 0; i < nk; i++) {
                            byte[] kb = in.get(pos + 2 + i).data();
                            if (kb.length != 33) return Optional.empty();
                            Optional<MsKey> key = keyDecoder.fromPkBytes(kb);
                            if (key.isEmpty()) return Optional.empty();
                            keys.add(key.get());
                        }
                        Optional<Long> k = number(in.get(pos + 2 + nk));
                        if (k.isEmpty() || k.get() < 1 || k.get() > nk) return Optional.empty();
                        pos += 3 + nk;
                        Collections.reverse(keys);
                        built.add(MiniscriptNode.keys(ctx, Fragment.MULTI, keys, k.get()));
                        break;
                    }
                    if (avail >= 4 && o0.opcode() == OP_NUMEQUAL) {
                        if (!ctx.isTapscript()) return Optional.empty();
                        Optional<Long> k = number(in.get(pos + 1));
                        if (k.isEmpty() || k.get() < 1 || k.get() > MiniscriptContext.MAX_PUBKEYS_PER_MULTI_A) return Optional.empty();
                        if (avail < 2 + k.get() * 2) return Optional.empty();
                        List<MsKey> keys = new ArrayList<>();
                        for (int p = 2;; p += 2) {
                            if (avail < p + 2) return Optional.empty();
                            int op = in.get(pos + p).opcode();
                            if (op != OP_CHECKSIGADD && op != OP_CHECKSIG) return Optional.empty();
                            byte[] kb = in.get(pos + p + 1).data();
                            if (kb.length != 32) return Optional.empty();
                            Optional<MsKey> key = keyDecoder.fromPkBytes(kb);
                            if (key.isEmpty()) return Optional.empty();
                            keys.add(key.get());
                            if (keys.size() > MiniscriptContext.MAX_PUBKEYS_PER_MULTI_A) return Optional.empty();
                            if (op == OP_CHECKSIG) break;
                        }
                        if (keys.size() < k.get()) return Optional.empty();
                        pos += 2 + keys.size() * 2;
                        Collections.reverse(keys);
                        built.add(MiniscriptNode.keys(ctx, Fragment.MULTI_A, keys, k.get()));
                        break;
                    }
                    // and_v commutes with these wrappers (c:and_v(X,Y) is and_v(X,c:Y)), so a single expression is enough.
                    if (o0.opcode() == OP_CHECKSIG) {
                        pos++;
                        push(todo, Step.CHECK, Step.SINGLE_BKV_EXPR);
                        break;
                    }
                    if (o0.opcode() == OP_VERIFY) {
                        pos++;
                        push(todo, Step.VERIFY, Step.SINGLE_BKV_EXPR);
                        break;
                    }
                    if (o0.opcode() == OP_0NOTEQUAL) {
                        pos++;
                        push(todo, Step.ZERO_NOTEQUAL, Step.SINGLE_BKV_EXPR);
                        break;
                    }
                    if (avail >= 3 && o0.opcode() == OP_EQUAL) {
                        Optional<Long> num = number(in.get(pos + 1));
                        if (num.isPresent()) {
                            if (num.get() < 1) return Optional.empty();
                            pos += 2;
                            todo.add(new Task(Step.THRESH_W, 0, num.get()));
                            break;
                        }
                    }
                    if (o0.opcode() == OP_ENDIF) {
                        pos++;
                        push(todo, Step.ENDIF, Step.BKV_EXPR);
                        break;
                    }
                    // and_b / or_b read a single expression: or_b(and_v(X,Y),Z) is invalid where and_v(X,or_b(Y,Z)) is not.
                    if (o0.opcode() == OP_BOOLAND) {
                        pos++;
                        push(todo, Step.AND_B, Step.SINGLE_BKV_EXPR, Step.W_EXPR);
                        break;
                    }
                    if (o0.opcode() == OP_BOOLOR) {
                        pos++;
                        push(todo, Step.OR_B, Step.SINGLE_BKV_EXPR, Step.W_EXPR);
                        break;
                    }
                    return Optional.empty();
                }
                case BKV_EXPR -> push(todo, Step.MAYBE_AND_V, Step.SINGLE_BKV_EXPR);
                case W_EXPR -> {
                    if (pos >= last) return Optional.empty();
                    if (in.get(pos).opcode() == OP_FROMALTSTACK) {
                        pos++;
                        push(todo, Step.ALT, Step.BKV_EXPR);
                    } else {
                        push(todo, Step.SWAP, Step.BKV_EXPR);
                    }
                }
                case MAYBE_AND_V -> {
                    // These opcodes cannot end a miniscript, so they cannot end the left side of an and_v.
                    if (pos < last) {
                        int op = in.get(pos).opcode();
                        if (op != OP_IF && op != OP_ELSE && op != OP_NOTIF && op != OP_TOALTSTACK && op != OP_SWAP) {
                            push(todo, Step.AND_V, Step.BKV_EXPR);
                        }
                    }
                }
                case SWAP -> {
                    if (pos >= last || in.get(pos).opcode() != OP_SWAP || built.isEmpty()) return Optional.empty();
                    pos++;
                    wrap(built, Fragment.WRAP_S);
                }
                case ALT -> {
                    if (pos >= last || in.get(pos).opcode() != OP_TOALTSTACK || built.isEmpty()) return Optional.empty();
                    pos++;
                    wrap(built, Fragment.WRAP_A);
                }
                case CHECK, DUP_IF, VERIFY, NON_ZERO, ZERO_NOTEQUAL -> {
                    if (built.isEmpty()) return Optional.empty();
                    wrap(built, switch (task.step()) {
                        case CHECK -> Fragment.WRAP_C;
                        case DUP_IF -> Fragment.WRAP_D;
                        case VERIFY -> Fragment.WRAP_V;
                        case NON_ZERO -> Fragment.WRAP_J;
                        default -> Fragment.WRAP_N;
                    });
                }
                case AND_V, AND_B, OR_B, OR_C, OR_D -> {
                    if (built.size() < 2) return Optional.empty();
                    buildBackReversed(built, Fragment.valueOf(task.step().name()));
                }
                case ANDOR -> {
                    if (built.size() < 3) return Optional.empty();
                    MiniscriptNode left = pop(built);
                    MiniscriptNode right = pop(built);
                    MiniscriptNode mid = pop(built);
                    built.add(MiniscriptNode.of(ctx, Fragment.ANDOR, left, mid, right));
                }
                case THRESH_W -> {
                    if (pos >= last) return Optional.empty();
                    if (in.get(pos).opcode() == OP_ADD) {
                        pos++;
                        todo.add(new Task(Step.THRESH_W, task.n() + 1, task.k()));
                        todo.add(Task.of(Step.W_EXPR));
                    } else {
                        todo.add(new Task(Step.THRESH_E, task.n() + 1, task.k()));
                        // Every thresh child is d, so none is an and_v.
                        todo.add(Task.of(Step.SINGLE_BKV_EXPR));
                    }
                }
                case THRESH_E -> {
                    long n = task.n();
                    long k = task.k();
                    if (k < 1 || k > n || built.size() < n) return Optional.empty();
                    List<MiniscriptNode> subs = new ArrayList<>();
                    for (int i = 0; i < n; i++) subs.add(pop(built));
                    built.add(MiniscriptNode.of(ctx, Fragment.THRESH, subs, k));
                }
                case ENDIF -> {
                    if (pos >= last) return Optional.empty();
                    int op = in.get(pos).opcode();
                    if (op == OP_ELSE) {
                        pos++;
                        push(todo, Step.ENDIF_ELSE, Step.BKV_EXPR);
                    } else if (op == OP_IF) {
                        if (last - pos >= 2 && in.get(pos + 1).opcode() == OP_DUP) {
                            pos += 2;
                            todo.add(Task.of(Step.DUP_IF));
                        } else if (last - pos >= 3 && in.get(pos + 1).opcode() == OP_0NOTEQUAL && in.get(pos + 2).opcode() == OP_SIZE) {
                            pos += 3;
                            todo.add(Task.of(Step.NON_ZERO));
                        } else {
                            return Optional.empty();
                        }
                    } else if (op == OP_NOTIF) {
                        pos++;
                        todo.add(Task.of(Step.ENDIF_NOTIF));
                    } else {
                        return Optional.empty();
                    }
                }
                case ENDIF_NOTIF -> {
                    if (pos >= last) return Optional.empty();
                    if (in.get(pos).opcode() == OP_IFDUP) {
                        pos++;
                        todo.add(Task.of(Step.OR_D));
                    } else {
                        todo.add(Task.of(Step.OR_C));
                    }
                    // or_c and or_d need a d left side, which an and_v never is.
                    todo.add(Task.of(Step.SINGLE_BKV_EXPR));
                }
                case ENDIF_ELSE -> {
                    if (pos >= last) return Optional.empty();
                    int op = in.get(pos).opcode();
                    if (op == OP_IF) {
                        pos++;
                        if (built.size() < 2) return Optional.empty();
                        buildBackReversed(built, Fragment.OR_I);
                    } else if (op == OP_NOTIF) {
                        pos++;
                        // andor's first child is d, so not an and_v.
                        push(todo, Step.ANDOR, Step.SINGLE_BKV_EXPR);
                    } else {
                        return Optional.empty();
                    }
                }
                default -> throw new IllegalStateException("unhandled decoding step " + task.step());
            }
        }
        if (built.size() != 1 || pos != last) return Optional.empty();
        MiniscriptNode root = built.get(0);
        // A badly typed subexpression leaves the root untyped, so this also checks the whole tree.
        if (!root.isValidTopLevel()) return Optional.empty();
        return Optional.of(root);
    }

    private static void push(List<Task> todo, Step... steps) {
        for (Step s : steps) todo.add(Task.of(s));
    }

    private static MiniscriptNode top(List<MiniscriptNode> built) {
        return built.get(built.size() - 1);
    }

    private static MiniscriptNode pop(List<MiniscriptNode> built) {
        return built.remove(built.size() - 1);
    }

    private void wrap(List<MiniscriptNode> built, Fragment f) {
        built.add(MiniscriptNode.of(ctx, f, pop(built)));
    }

    /** The script is read backwards, so the node built last is the left child. */
    private void buildBackReversed(List<MiniscriptNode> built, Fragment f) {
        MiniscriptNode left = pop(built);
        MiniscriptNode right = pop(built);
        built.add(MiniscriptNode.of(ctx, f, left, right));
    }
}
