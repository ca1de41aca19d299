package dev.blocksmith.core.miniscript;

import static dev.blocksmith.core.script.Opcodes.*;

import dev.blocksmith.core.crypto.Hashes;
import dev.blocksmith.core.primitives.Hex;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.script.ScriptBuilder;
import dev.blocksmith.core.script.ScriptNum;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * One miniscript expression (BIP379) with its children, and what bitcoind derives from it on
 * construction: the type, the script length, the op counts and the stack-size bounds. Immutable.
 */
public final class MiniscriptNode {
    private final Fragment fragment;
    private final long k;
    private final List<MsKey> keys;
    private final byte[] data;
    private final List<MiniscriptNode> subs;
    private final MiniscriptContext ctx;

    private final MsType type;
    private final long scriptLen;
    private final long opsCount;
    private final MaxInt opsSat;
    private final MaxInt opsDsat;
    private final SatInfo ssSat;
    private final SatInfo ssDsat;
    private final MaxInt wsSat;
    private final MaxInt wsDsat;

    MiniscriptNode(MiniscriptContext ctx, Fragment fragment, List<MiniscriptNode> subs, List<MsKey> keys, byte[] data, long k) {
        this.fragment = fragment;
        this.k = k;
        this.keys = List.copyOf(keys);
        this.data = data.clone();
        this.subs = List.copyOf(subs);
        this.ctx = ctx;
        List<MsType> subTypes = new ArrayList<>();
        for (MiniscriptNode s : this.subs) subTypes.add(s.type);
        this.type = TypeRules.sanitize(TypeRules.compute(fragment, k, subTypes, keys.size(), ctx));
        this.scriptLen = computeScriptLen();
        long[] count = new long[1];
        MaxInt[] sd = computeOps(count);
        this.opsCount = count[0];
        this.opsSat = sd[0];
        this.opsDsat = sd[1];
        SatInfo[] ss = computeStackSize();
        this.ssSat = ss[0];
        this.ssDsat = ss[1];
        MaxInt[] ws = computeWitnessSize();
        this.wsSat = ws[0];
        this.wsDsat = ws[1];
    }

    static MiniscriptNode leaf(MiniscriptContext ctx, Fragment f, long k) {
        return new MiniscriptNode(ctx, f, List.of(), List.of(), new byte[0], k);
    }

    static MiniscriptNode hash(MiniscriptContext ctx, Fragment f, byte[] data) {
        return new MiniscriptNode(ctx, f, List.of(), List.of(), data, 0);
    }

    static MiniscriptNode keys(MiniscriptContext ctx, Fragment f, List<MsKey> keys, long k) {
        return new MiniscriptNode(ctx, f, List.of(), keys, new byte[0], k);
    }

    static MiniscriptNode of(MiniscriptContext ctx, Fragment f, List<MiniscriptNode> subs, long k) {
        return new MiniscriptNode(ctx, f, subs, List.of(), new byte[0], k);
    }

    static MiniscriptNode of(MiniscriptContext ctx, Fragment f, MiniscriptNode... subs) {
        return of(ctx, f, List.of(subs), 0);
    }

    public Fragment fragment() { return fragment; }
    public long k() { return k; }
    public List<MsKey> keys() { return keys; }
    public byte[] data() { return data.clone(); }
    public List<MiniscriptNode> subs() { return subs; }
    public MiniscriptContext context() { return ctx; }
    public MsType type() { return type; }
    public long scriptSize() { return scriptLen; }

    /** Size of a minimal push of a number (bitcoind's BuildScript(n).size()). */
    static int numberPushSize(long n) {
        if (n >= -1 && n <= 16) return 1;
        return 1 + ScriptNum.encode(n).length;
    }

    private long computeScriptLen() {
        long subsize = 0;
        for (MiniscriptNode s : subs) subsize += s.scriptLen;
        return switch (fragment) {
            case JUST_0, JUST_1 -> 1;
            case PK_K -> ctx.isTapscript() ? 33 : 34;
            case PK_H -> 3 + 21;
            case OLDER, AFTER -> 1 + numberPushSize(k);
            case HASH256, SHA256 -> 4 + 2 + 33;
            case HASH160, RIPEMD160 -> 4 + 2 + 21;
            case MULTI -> 1 + numberPushSize(keys.size()) + numberPushSize(k) + 34L * keys.size();
            case MULTI_A -> (1 + 32 + 1) * (long) keys.size() + numberPushSize(k) + 1;
            case AND_V -> subsize;
            case WRAP_V -> subsize + (subs.get(0).type.has("x") ? 1 : 0);
            case WRAP_S, WRAP_C, WRAP_N, AND_B, OR_B -> subsize + 1;
            case WRAP_A, OR_C -> subsize + 2;
            case WRAP_D, OR_D, OR_I, ANDOR -> subsize + 3;
            case WRAP_J -> subsize + 4;
            case THRESH -> subsize + subs.size() + numberPushSize(k);
        };
    }

    /** Non-push opcode count and the keys of possibly executed CHECKMULTISIGs, to satisfy and to dissatisfy. */
    private MaxInt[] computeOps(long[] count) {
        MiniscriptNode x = subs.size() > 0 ? subs.get(0) : null;
        MiniscriptNode y = subs.size() > 1 ? subs.get(1) : null;
        MaxInt zero = MaxInt.of(0);
        MaxInt none = MaxInt.NONE;
        switch (fragment) {
            case JUST_1 -> { count[0] = 0; return new MaxInt[] {zero, none}; }
            case JUST_0 -> { count[0] = 0; return new MaxInt[] {none, zero}; }
            case PK_K -> { count[0] = 0; return new MaxInt[] {zero, zero}; }
            case PK_H -> { count[0] = 3; return new MaxInt[] {zero, zero}; }
            case OLDER, AFTER -> { count[0] = 1; return new MaxInt[] {zero, none}; }
            case SHA256, RIPEMD160, HASH256, HASH160 -> { count[0] = 4; return new MaxInt[] {zero, none}; }
            case AND_V -> { count[0] = x.opsCount + y.opsCount; return new MaxInt[] {x.opsSat.plus(y.opsSat), none}; }
            case AND_B -> {
                count[0] = 1 + x.opsCount + y.opsCount;
                return new MaxInt[] {x.opsSat.plus(y.opsSat), x.opsDsat.plus(y.opsDsat)};
            }
            case OR_B -> {
                count[0] = 1 + x.opsCount + y.opsCount;
                return new MaxInt[] {x.opsSat.plus(y.opsDsat).or(y.opsSat.plus(x.opsDsat)), x.opsDsat.plus(y.opsDsat)};
            }
            case OR_D -> {
                count[0] = 3 + x.opsCount + y.opsCount;
                return new MaxInt[] {x.opsSat.or(y.opsSat.plus(x.opsDsat)), x.opsDsat.plus(y.opsDsat)};
            }
            case OR_C -> {
                count[0] = 2 + x.opsCount + y.opsCount;
                return new MaxInt[] {x.opsSat.or(y.opsSat.plus(x.opsDsat)), none};
            }
            case OR_I -> {
                count[0] = 3 + x.opsCount + y.opsCount;
                return new MaxInt[] {x.opsSat.or(y.opsSat), x.opsDsat.or(y.opsDsat)};
            }
            case ANDOR -> {
                MiniscriptNode z = subs.get(2);
                count[0] = 3 + x.opsCount + y.opsCount + z.opsCount;
                return new MaxInt[] {y.opsSat.plus(x.opsSat).or(x.opsDsat.plus(z.opsSat)), x.opsDsat.plus(z.opsDsat)};
            }
            case MULTI -> { count[0] = 1; return new MaxInt[] {MaxInt.of(keys.size()), MaxInt.of(keys.size())}; }
            case MULTI_A -> { count[0] = keys.size() + 1; return new MaxInt[] {zero, zero}; }
            case WRAP_S, WRAP_C, WRAP_N -> { count[0] = 1 + x.opsCount; return new MaxInt[] {x.opsSat, x.opsDsat}; }
            case WRAP_A -> { count[0] = 2 + x.opsCount; return new MaxInt[] {x.opsSat, x.opsDsat}; }
            case WRAP_D -> { count[0] = 3 + x.opsCount; return new MaxInt[] {x.opsSat, zero}; }
            case WRAP_J -> { count[0] = 4 + x.opsCount; return new MaxInt[] {x.opsSat, zero}; }
            case WRAP_V -> { count[0] = x.opsCount + (x.type.has("x") ? 1 : 0); return new MaxInt[] {x.opsSat, none}; }
            case THRESH -> {
                long c = 0;
                List<MaxInt> sats = List.of(zero);
                for (MiniscriptNode s : subs) {
                    c += s.opsCount + 1;
                    List<MaxInt> next = new ArrayList<>();
                    next.add(sats.get(0).plus(s.opsDsat));
                    for (int j = 1; j < sats.size(); j++) next.add(sats.get(j).plus(s.opsDsat).or(sats.get(j - 1).plus(s.opsSat)));
                    next.add(sats.get(sats.size() - 1).plus(s.opsSat));
                    sats = next;
                }
                count[0] = c;
                MaxInt sat = k < sats.size() ? sats.get((int) k) : none;
                return new MaxInt[] {sat, sats.get(0)};
            }
            default -> throw new IllegalStateException();
        }
    }

    /** Largest witness (bytes, without the script) to satisfy and to dissatisfy, with maximum-size signatures. */
    private MaxInt[] computeWitnessSize() {
        long sig = ctx.isTapscript() ? 1 + 65 : 1 + 72;
        long pub = ctx.isTapscript() ? 1 + 32 : 1 + 33;
        MiniscriptNode x = subs.size() > 0 ? subs.get(0) : null;
        MiniscriptNode y = subs.size() > 1 ? subs.get(1) : null;
        MaxInt none = MaxInt.NONE;
        MaxInt one = MaxInt.of(1);
        return switch (fragment) {
            case JUST_0 -> new MaxInt[] {none, MaxInt.of(0)};
            case JUST_1, OLDER, AFTER -> new MaxInt[] {MaxInt.of(0), none};
            case PK_K -> new MaxInt[] {MaxInt.of(sig), one};
            case PK_H -> new MaxInt[] {MaxInt.of(sig + pub), MaxInt.of(1 + pub)};
            case SHA256, RIPEMD160, HASH256, HASH160 -> new MaxInt[] {MaxInt.of(1 + 32), none};
            case ANDOR -> {
                MiniscriptNode z = subs.get(2);
                yield new MaxInt[] {x.wsSat.plus(y.wsSat).or(x.wsDsat.plus(z.wsSat)), x.wsDsat.plus(z.wsDsat)};
            }
            case AND_V -> new MaxInt[] {x.wsSat.plus(y.wsSat), none};
            case AND_B -> new MaxInt[] {x.wsSat.plus(y.wsSat), x.wsDsat.plus(y.wsDsat)};
            case OR_B -> new MaxInt[] {x.wsDsat.plus(y.wsSat).or(x.wsSat.plus(y.wsDsat)), x.wsDsat.plus(y.wsDsat)};
            case OR_C -> new MaxInt[] {x.wsSat.or(x.wsDsat.plus(y.wsSat)), none};
            case OR_D -> new MaxInt[] {x.wsSat.or(x.wsDsat.plus(y.wsSat)), x.wsDsat.plus(y.wsDsat)};
            case OR_I -> new MaxInt[] {x.wsSat.plus(MaxInt.of(2)).or(y.wsSat.plus(one)), x.wsDsat.plus(MaxInt.of(2)).or(y.wsDsat.plus(one))};
            case MULTI -> new MaxInt[] {MaxInt.of(k * sig + 1), MaxInt.of(k + 1)};
            case MULTI_A -> new MaxInt[] {MaxInt.of(k * sig + keys.size() - k), MaxInt.of(keys.size())};
            case WRAP_A, WRAP_N, WRAP_S, WRAP_C -> new MaxInt[] {x.wsSat, x.wsDsat};
            case WRAP_D -> new MaxInt[] {MaxInt.of(2).plus(x.wsSat), one};
            case WRAP_V -> new MaxInt[] {x.wsSat, none};
            case WRAP_J -> new MaxInt[] {x.wsSat, one};
            case THRESH -> {
                List<MaxInt> sats = List.of(MaxInt.of(0));
                for (MiniscriptNode sub : subs) {
                    List<MaxInt> next = new ArrayList<>();
                    next.add(sats.get(0).plus(sub.wsDsat));
                    for (int j = 1; j < sats.size(); j++) next.add(sats.get(j).plus(sub.wsDsat).or(sats.get(j - 1).plus(sub.wsSat)));
                    next.add(sats.get(sats.size() - 1).plus(sub.wsSat));
                    sats = next;
                }
                yield new MaxInt[] {k < sats.size() ? sats.get((int) k) : none, sats.get(0)};
            }
        };
    }

    /** The largest witness a non-malleable satisfaction needs, without the script; empty if unsatisfiable. */
    public Optional<Long> witnessSize() {
        return wsSat.valid() ? Optional.of(wsSat.value()) : Optional.empty();
    }

    private SatInfo[] computeStackSize() {
        MiniscriptNode x = subs.size() > 0 ? subs.get(0) : null;
        MiniscriptNode y = subs.size() > 1 ? subs.get(1) : null;
        SatInfo none = SatInfo.NONE;
        return switch (fragment) {
            case JUST_0 -> new SatInfo[] {none, SatInfo.PUSH};
            case JUST_1 -> new SatInfo[] {SatInfo.PUSH, none};
            case OLDER, AFTER -> new SatInfo[] {SatInfo.PUSH.plus(SatInfo.NOP), none};
            case PK_K -> new SatInfo[] {SatInfo.PUSH, SatInfo.PUSH};
            case PK_H -> {
                SatInfo s = SatInfo.seq(SatInfo.DUP, SatInfo.HASH, SatInfo.PUSH, SatInfo.EQUALVERIFY);
                yield new SatInfo[] {s, s};
            }
            case SHA256, RIPEMD160, HASH256, HASH160 -> new SatInfo[] {
                SatInfo.seq(SatInfo.SIZE, SatInfo.PUSH, SatInfo.EQUALVERIFY, SatInfo.HASH, SatInfo.PUSH, SatInfo.EQUAL), none};
            case ANDOR -> {
                MiniscriptNode z = subs.get(2);
                yield new SatInfo[] {
                    SatInfo.seq(x.ssSat, SatInfo.IF, y.ssSat).or(SatInfo.seq(x.ssDsat, SatInfo.IF, z.ssSat)),
                    SatInfo.seq(x.ssDsat, SatInfo.IF, z.ssDsat)};
            }
            case AND_V -> new SatInfo[] {x.ssSat.plus(y.ssSat), none};
            case AND_B -> new SatInfo[] {SatInfo.seq(x.ssSat, y.ssSat, SatInfo.BINARY_OP), SatInfo.seq(x.ssDsat, y.ssDsat, SatInfo.BINARY_OP)};
            case OR_B -> new SatInfo[] {
                x.ssSat.plus(y.ssDsat).or(x.ssDsat.plus(y.ssSat)).plus(SatInfo.BINARY_OP),
                SatInfo.seq(x.ssDsat, y.ssDsat, SatInfo.BINARY_OP)};
            case OR_C -> new SatInfo[] {x.ssSat.plus(SatInfo.IF).or(SatInfo.seq(x.ssDsat, SatInfo.IF, y.ssSat)), none};
            case OR_D -> new SatInfo[] {
                SatInfo.seq(x.ssSat, SatInfo.ifdup(true), SatInfo.IF).or(SatInfo.seq(x.ssDsat, SatInfo.ifdup(false), SatInfo.IF, y.ssSat)),
                SatInfo.seq(x.ssDsat, SatInfo.ifdup(false), SatInfo.IF, y.ssDsat)};
            case OR_I -> new SatInfo[] {SatInfo.IF.plus(x.ssSat.or(y.ssSat)), SatInfo.IF.plus(x.ssDsat.or(y.ssDsat))};
            // multi: k+1 elements (a dummy and k signatures) in, k+n+3 at most, one out.
            case MULTI -> {
                SatInfo s = SatInfo.of(k, k + keys.size() + 2);
                yield new SatInfo[] {s, s};
            }
            // multi_a: n signatures in, one more after the first key push, one out.
            case MULTI_A -> {
                SatInfo s = SatInfo.of(keys.size() - 1, keys.size());
                yield new SatInfo[] {s, s};
            }
            case WRAP_A, WRAP_N, WRAP_S -> new SatInfo[] {x.ssSat, x.ssDsat};
            case WRAP_C -> new SatInfo[] {x.ssSat.plus(SatInfo.CHECKSIG), x.ssDsat.plus(SatInfo.CHECKSIG)};
            case WRAP_D -> new SatInfo[] {SatInfo.seq(SatInfo.DUP, SatInfo.IF, x.ssSat), SatInfo.seq(SatInfo.DUP, SatInfo.IF)};
            case WRAP_V -> new SatInfo[] {x.ssSat.plus(SatInfo.VERIFY), none};
            case WRAP_J -> new SatInfo[] {
                SatInfo.seq(SatInfo.SIZE, SatInfo.ZERO_NOTEQUAL, SatInfo.IF, x.ssSat),
                SatInfo.seq(SatInfo.SIZE, SatInfo.ZERO_NOTEQUAL, SatInfo.IF)};
            case THRESH -> {
                List<SatInfo> sats = List.of(SatInfo.EMPTY);
                for (int i = 0; i < subs.size(); i++) {
                    MiniscriptNode s = subs.get(i);
                    SatInfo add = i > 0 ? SatInfo.BINARY_OP : SatInfo.EMPTY;
                    List<SatInfo> next = new ArrayList<>();
                    next.add(SatInfo.seq(sats.get(0), s.ssDsat, add));
                    for (int j = 1; j < sats.size(); j++) {
                        next.add(sats.get(j).plus(s.ssDsat).or(sats.get(j - 1).plus(s.ssSat)).plus(add));
                    }
                    next.add(SatInfo.seq(sats.get(sats.size() - 1), s.ssSat, add));
                    sats = next;
                }
                SatInfo satK = k < sats.size() ? sats.get((int) k) : none;
                yield new SatInfo[] {
                    SatInfo.seq(satK, SatInfo.PUSH, SatInfo.EQUAL),
                    SatInfo.seq(sats.get(0), SatInfo.PUSH, SatInfo.EQUAL)};
            }
        };
    }

    // ---- bitcoind's validity and sanity checks ----

    /** Well typed and within the context's script size. */
    public boolean isValid() {
        return !type.equals(MsType.NONE) && scriptLen <= ctx.maxScriptSize();
    }

    public boolean isValidTopLevel() {
        return isValid() && type.has("B");
    }

    /** Ops a non-malleable satisfaction may execute, counting CHECKMULTISIG keys; empty if unsatisfiable. */
    public Optional<Long> ops() {
        return opsSat.valid() ? Optional.of(opsCount + opsSat.value()) : Optional.empty();
    }

    private boolean checkOpsLimit() {
        if (ctx.isTapscript()) return true;
        return ops().map(o -> o <= MiniscriptContext.MAX_OPS_PER_SCRIPT).orElse(true);
    }

    private boolean isBKW() {
        return type.has("B") || type.has("K") || type.has("W");
    }

    /** Stack elements a satisfaction needs; empty if unsatisfiable. */
    public Optional<Long> stackSize() {
        return ssSat.valid() ? Optional.of(ssSat.netdiff() + (isBKW() ? 1 : 0)) : Optional.empty();
    }

    private boolean checkStackSize() {
        if (ctx.isTapscript()) {
            return !ssSat.valid() || ssSat.exec() + (isBKW() ? 1 : 0) <= MiniscriptContext.MAX_STACK_SIZE;
        }
        return stackSize().map(s -> s <= MiniscriptContext.MAX_STANDARD_P2WSH_STACK_ITEMS).orElse(true);
    }

    /** No key appears twice anywhere in this expression. */
    public boolean hasNoDuplicateKeys() {
        Set<MsKey> seen = new HashSet<>();
        List<MiniscriptNode> todo = new ArrayList<>(List.of(this));
        while (!todo.isEmpty()) {
            MiniscriptNode n = todo.remove(todo.size() - 1);
            for (MsKey key : n.keys) if (!seen.add(key)) return false;
            todo.addAll(n.subs);
        }
        return true;
    }

    public boolean validSatisfactions() {
        return isValid() && checkOpsLimit() && checkStackSize();
    }

    public boolean isSaneSubexpression() {
        return validSatisfactions() && type.has("m") && type.has("k") && hasNoDuplicateKeys();
    }

    /** bitcoind's IsSane: valid at top level, non-malleable, no timelock mix, no duplicate keys, needs a signature. */
    public boolean isSane() {
        return isValidTopLevel() && isSaneSubexpression() && type.has("s");
    }

    // ---- script ----

    /** The script (bitcoind's ToScript), with each key's bytes from {@code keyBytes}. */
    public Script toScript(Function<MsKey, byte[]> keyBytes) {
        ScriptBuilder b = new ScriptBuilder();
        // An explicit work list instead of recursion: tapscript leaves may nest hundreds of thousands of wrappers.
        java.util.ArrayDeque<Object> work = new java.util.ArrayDeque<>();
        work.push(new Emit(this, false));
        while (!work.isEmpty()) {
            Object w = work.pop();
            if (w instanceof Integer op) {
                b.op(op);
                continue;
            }
            if (w instanceof ThresholdCheck t) {
                b.number(t.k()).op(t.verify() ? OP_EQUALVERIFY : OP_EQUAL);
                continue;
            }
            Emit e = (Emit) w;
            List<Object> seq = new ArrayList<>();
            e.node.emit(b, e.verify, keyBytes, seq);
            for (int i = seq.size() - 1; i >= 0; i--) work.push(seq.get(i));
        }
        return b.build();
    }

    /** thresh's closing {@code <k> OP_EQUAL(VERIFY)}, written after its children. */
    private record ThresholdCheck(long k, boolean verify) {
    }

    /** A node to write, and whether an OP_VERIFY follows it (merged into its last opcode when it has a -VERIFY form). */
    private record Emit(MiniscriptNode node, boolean verify) {
    }

    /**
     * Writes this node's leading bytes to {@code b} and lists in {@code seq} what follows, in order: children
     * ({@link Emit}), opcodes (Integer) and thresh's closing check. {@code verify}: v: passes it down; s: and the right side of and_v inherit it.
     */
    private void emit(ScriptBuilder b, boolean verify, Function<MsKey, byte[]> keyBytes, List<Object> seq) {
        switch (fragment) {
            case PK_K -> b.data(keyBytes.apply(keys.get(0)));
            case PK_H -> b.op(OP_DUP).op(OP_HASH160).data(Hashes.hash160(keyBytes.apply(keys.get(0)))).op(OP_EQUALVERIFY);
            case OLDER -> b.number(k).op(OP_CHECKSEQUENCEVERIFY);
            case AFTER -> b.number(k).op(OP_CHECKLOCKTIMEVERIFY);
            case SHA256, RIPEMD160, HASH256, HASH160 -> {
                int hashOp = switch (fragment) {
                    case SHA256 -> OP_SHA256;
                    case RIPEMD160 -> OP_RIPEMD160;
                    case HASH256 -> OP_HASH256;
                    default -> OP_HASH160;
                };
                b.op(OP_SIZE).number(32).op(OP_EQUALVERIFY).op(hashOp).data(data).op(verify ? OP_EQUALVERIFY : OP_EQUAL);
            }
            case WRAP_A -> {
                b.op(OP_TOALTSTACK);
                seq.add(new Emit(subs.get(0), false));
                seq.add(OP_FROMALTSTACK);
            }
            case WRAP_S -> {
                b.op(OP_SWAP);
                seq.add(new Emit(subs.get(0), verify));
            }
            case WRAP_C -> {
                seq.add(new Emit(subs.get(0), false));
                seq.add(verify ? OP_CHECKSIGVERIFY : OP_CHECKSIG);
            }
            case WRAP_D -> {
                b.op(OP_DUP).op(OP_IF);
                seq.add(new Emit(subs.get(0), false));
                seq.add(OP_ENDIF);
            }
            case WRAP_V -> {
                seq.add(new Emit(subs.get(0), true));
                if (subs.get(0).type.has("x")) seq.add(OP_VERIFY);
            }
            case WRAP_J -> {
                b.op(OP_SIZE).op(OP_0NOTEQUAL).op(OP_IF);
                seq.add(new Emit(subs.get(0), false));
                seq.add(OP_ENDIF);
            }
            case WRAP_N -> {
                seq.add(new Emit(subs.get(0), false));
                seq.add(OP_0NOTEQUAL);
            }
            case JUST_1 -> b.op(OP_1);
            case JUST_0 -> b.op(OP_0);
            case AND_V -> {
                seq.add(new Emit(subs.get(0), false));
                seq.add(new Emit(subs.get(1), verify));
            }
            case AND_B, OR_B -> {
                seq.add(new Emit(subs.get(0), false));
                seq.add(new Emit(subs.get(1), false));
                seq.add(fragment == Fragment.AND_B ? OP_BOOLAND : OP_BOOLOR);
            }
            case OR_D, OR_C -> {
                seq.add(new Emit(subs.get(0), false));
                if (fragment == Fragment.OR_D) seq.add(OP_IFDUP);
                seq.add(OP_NOTIF);
                seq.add(new Emit(subs.get(1), false));
                seq.add(OP_ENDIF);
            }
            case OR_I -> {
                b.op(OP_IF);
                seq.add(new Emit(subs.get(0), false));
                seq.add(OP_ELSE);
                seq.add(new Emit(subs.get(1), false));
                seq.add(OP_ENDIF);
            }
            case ANDOR -> {
                seq.add(new Emit(subs.get(0), false));
                seq.add(OP_NOTIF);
                seq.add(new Emit(subs.get(2), false));
                seq.add(OP_ELSE);
                seq.add(new Emit(subs.get(1), false));
                seq.add(OP_ENDIF);
            }
            case MULTI -> {
                b.number(k);
                for (MsKey key : keys) b.data(keyBytes.apply(key));
                b.number(keys.size()).op(verify ? OP_CHECKMULTISIGVERIFY : OP_CHECKMULTISIG);
            }
            case MULTI_A -> {
                b.data(keyBytes.apply(keys.get(0))).op(OP_CHECKSIG);
                for (int i = 1; i < keys.size(); i++) b.data(keyBytes.apply(keys.get(i))).op(OP_CHECKSIGADD);
                b.number(k).op(verify ? OP_NUMEQUALVERIFY : OP_NUMEQUAL);
            }
            case THRESH -> {
                seq.add(new Emit(subs.get(0), false));
                for (int i = 1; i < subs.size(); i++) {
                    seq.add(new Emit(subs.get(i), false));
                    seq.add(OP_ADD);
                }
                seq.add(new ThresholdCheck(k, verify));
            }
        }
    }

    // ---- text form ----

    /** bitcoind's string form, with its sugar: pk(), pkh(), and_n, and the t:, l:, u: wrappers. */
    @Override
    public String toString() {
        return render(false, MsKey::text);
    }

    /** The string form with each key written by {@code keyText}. */
    public String render(Function<MsKey, String> keyText) {
        return render(false, keyText);
    }

    /**
     * The first subexpression, children before parents, that is not a sane subexpression (bitcoind's
     * FindInsaneSub), for error messages.
     */
    public Optional<MiniscriptNode> findInsaneSub() {
        // Post-order without recursion: the first node, in that order, that is insane while its subtree is not otherwise.
        java.util.ArrayDeque<Object[]> stack = new java.util.ArrayDeque<>();
        stack.push(new Object[] {this, 0});
        while (!stack.isEmpty()) {
            Object[] f = stack.peek();
            MiniscriptNode node = (MiniscriptNode) f[0];
            int next = (Integer) f[1];
            if (next < node.subs.size()) {
                f[1] = next + 1;
                stack.push(new Object[] {node.subs.get(next), 0});
                continue;
            }
            stack.pop();
            if (!node.isSaneSubexpression()) return Optional.of(node);
        }
        return Optional.empty();
    }

    public boolean isNonMalleable() {
        return type.has("m");
    }

    public boolean needsSignature() {
        return type.has("s");
    }

    public boolean checkTimeLocksMix() {
        return type.has("k");
    }

    /** Whether no satisfaction exists at all. */
    public boolean isNotSatisfiable() {
        return stackSize().isEmpty();
    }

    /**
     * Renders without recursion and in linear time (trees of hundreds of thousands of levels fit the size
     * bounds): a work list of text pieces and nodes still to expand, each node told whether its parent is a
     * wrapper (then, unless it is a wrapper itself, it is written after a colon).
     */
    private String render(boolean rootWrapped, Function<MsKey, String> kt) {
        StringBuilder out = new StringBuilder();
        java.util.ArrayDeque<Object> work = new java.util.ArrayDeque<>();
        work.push(new Render(this, rootWrapped));
        while (!work.isEmpty()) {
            Object w = work.pop();
            if (w instanceof String text) {
                out.append(text);
                continue;
            }
            Render r = (Render) w;
            List<Object> seq = new ArrayList<>();
            r.node().renderOne(r.wrapped(), kt, seq);
            for (int i = seq.size() - 1; i >= 0; i--) work.push(seq.get(i));
        }
        return out.toString();
    }

    /** A node to write, and whether its parent is a wrapper. */
    private record Render(MiniscriptNode node, boolean wrapped) {
    }

    /** This node's text as pieces in order: strings, and children to write in their place. */
    private void renderOne(boolean wrapped, Function<MsKey, String> kt, List<Object> seq) {
        String ret = wrapped ? ":" : "";
        String letter = switch (fragment) {
            case WRAP_A -> "a";
            case WRAP_S -> "s";
            case WRAP_D -> "d";
            case WRAP_V -> "v";
            case WRAP_J -> "j";
            case WRAP_N -> "n";
            default -> null;
        };
        if (letter != null) {
            seq.add(letter);
            seq.add(new Render(subs.get(0), true));
            return;
        }
        switch (fragment) {
            case WRAP_C -> {
                MiniscriptNode x = subs.get(0);
                if (x.fragment == Fragment.PK_K) seq.add(ret + "pk(" + kt.apply(x.keys.get(0)) + ")");
                else if (x.fragment == Fragment.PK_H) seq.add(ret + "pkh(" + kt.apply(x.keys.get(0)) + ")");
                else {
                    seq.add("c");
                    seq.add(new Render(x, true));
                }
                return;
            }
            case AND_V -> {
                if (subs.get(1).fragment == Fragment.JUST_1) {
                    seq.add("t");
                    seq.add(new Render(subs.get(0), true));
                    return;
                }
            }
            case OR_I -> {
                if (subs.get(0).fragment == Fragment.JUST_0) {
                    seq.add("l");
                    seq.add(new Render(subs.get(1), true));
                    return;
                }
                if (subs.get(1).fragment == Fragment.JUST_0) {
                    seq.add("u");
                    seq.add(new Render(subs.get(0), true));
                    return;
                }
            }
            default -> { }
        }
        String leaf = switch (fragment) {
            case PK_K -> "pk_k(" + kt.apply(keys.get(0)) + ")";
            case PK_H -> "pk_h(" + kt.apply(keys.get(0)) + ")";
            case AFTER -> "after(" + k + ")";
            case OLDER -> "older(" + k + ")";
            case HASH256 -> "hash256(" + Hex.encode(data) + ")";
            case HASH160 -> "hash160(" + Hex.encode(data) + ")";
            case SHA256 -> "sha256(" + Hex.encode(data) + ")";
            case RIPEMD160 -> "ripemd160(" + Hex.encode(data) + ")";
            case JUST_1 -> "1";
            case JUST_0 -> "0";
            case MULTI -> "multi(" + k + keyList(kt) + ")";
            case MULTI_A -> "multi_a(" + k + keyList(kt) + ")";
            default -> null;
        };
        if (leaf != null) {
            seq.add(ret + leaf);
            return;
        }
        boolean andN = fragment == Fragment.ANDOR && subs.get(2).fragment == Fragment.JUST_0;
        String name = switch (fragment) {
            case AND_V -> "and_v(";
            case AND_B -> "and_b(";
            case OR_B -> "or_b(";
            case OR_D -> "or_d(";
            case OR_C -> "or_c(";
            case OR_I -> "or_i(";
            case ANDOR -> andN ? "and_n(" : "andor(";
            case THRESH -> "thresh(" + k + ",";
            default -> throw new IllegalStateException("fragment rendered as wrapper: " + fragment);
        };
        seq.add(ret + name);
        int shown = andN ? 2 : subs.size();
        for (int i = 0; i < shown; i++) {
            if (i > 0) seq.add(",");
            seq.add(new Render(subs.get(i), false));
        }
        seq.add(")");
    }

    private String keyList(Function<MsKey, String> kt) {
        StringBuilder sb = new StringBuilder();
        for (MsKey key : keys) sb.append(',').append(kt.apply(key));
        return sb.toString();
    }
}
