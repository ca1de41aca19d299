package dev.blocksmith.core.miniscript;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Builds the witness that satisfies a miniscript (bitcoind's Node::ProduceInput and Satisfy): for every
 * node, children first, the best satisfaction and dissatisfaction from those of its children, preferring
 * what a third party cannot alter, then the smaller witness. Evaluated on an explicit stack, since a tapscript
 * leaf may nest hundreds of thousands of wrappers.
 */
public final class Satisfier {
    private Satisfier() {
    }

    /** A node's best dissatisfaction and satisfaction. */
    private record Result(InputStack nsat, InputStack sat) {
    }

    /**
     * The witness items (bottom first, without the script) of a non-malleable satisfaction that needs a
     * signature, as bitcoind's Satisfy with {@code nonmalleable}; empty when there is none with what the
     * context has. Every signature the context can make is asked for, whichever branch is chosen.
     */
    public static Optional<List<byte[]>> satisfy(MiniscriptNode root, SatisfierContext ctx) {
        InputStack sat = produce(root, ctx).sat();
        if (!sat.available() || sat.malleable() || !sat.hasSig()) return Optional.empty();
        return Optional.of(sat.items());
    }

    private static Result produce(MiniscriptNode root, SatisfierContext ctx) {
        final class Frame {
            final MiniscriptNode node;
            int next;

            Frame(MiniscriptNode node) {
                this.node = node;
            }
        }
        ArrayDeque<Frame> stack = new ArrayDeque<>();
        List<Result> results = new ArrayList<>();
        stack.push(new Frame(root));
        while (!stack.isEmpty()) {
            Frame f = stack.peek();
            if (f.next < f.node.subs().size()) {
                stack.push(new Frame(f.node.subs().get(f.next++)));
                continue;
            }
            stack.pop();
            int n = f.node.subs().size();
            List<Result> subs = new ArrayList<>(results.subList(results.size() - n, results.size()));
            results.subList(results.size() - n, results.size()).clear();
            results.add(one(f.node, subs, ctx));
        }
        return results.get(0);
    }

    private static Result one(MiniscriptNode node, List<Result> subs, SatisfierContext ctx) {
        InputStack zero = InputStack.ZERO;
        InputStack invalid = InputStack.INVALID;
        switch (node.fragment()) {
            case PK_K: {
                return new Result(zero, InputStack.maybe(ctx.sign(node.keys().get(0))).withSig());
            }
            case PK_H: {
                MsKey key = node.keys().get(0);
                InputStack keyPush = InputStack.of(ctx.keyBytes(key));
                return new Result(zero.plus(keyPush), InputStack.maybe(ctx.sign(key)).withSig().plus(keyPush));
            }
            case MULTI_A: {
                // Signatures for the keys in reverse order: the first key's ends on top (OP_CHECKSIG runs first);
                // sats.get(j) is the best stack with j signatures among the keys seen so far.
                List<MsKey> keys = node.keys();
                List<InputStack> sats = new ArrayList<>(List.of(InputStack.EMPTY));
                for (int i = 0; i < keys.size(); i++) {
                    InputStack sig = InputStack.maybe(ctx.sign(keys.get(keys.size() - 1 - i))).withSig();
                    List<InputStack> next = new ArrayList<>();
                    next.add(sats.get(0).plus(zero));
                    for (int j = 1; j < sats.size(); j++) next.add(sats.get(j).plus(zero).or(sats.get(j - 1).plus(sig)));
                    next.add(sats.get(sats.size() - 1).plus(sig));
                    sats = next;
                }
                return new Result(sats.get(0), sats.get((int) node.k()));
            }
            case MULTI: {
                // CHECKMULTISIG pops one element too many: every stack starts with an empty dummy.
                List<InputStack> sats = new ArrayList<>(List.of(zero));
                for (MsKey key : node.keys()) {
                    InputStack sig = InputStack.maybe(ctx.sign(key)).withSig();
                    List<InputStack> next = new ArrayList<>();
                    next.add(sats.get(0));
                    for (int j = 1; j < sats.size(); j++) next.add(sats.get(j).or(sats.get(j - 1).plus(sig)));
                    next.add(sats.get(sats.size() - 1).plus(sig));
                    sats = next;
                }
                InputStack nsat = zero;
                for (long i = 0; i < node.k(); i++) nsat = nsat.plus(zero);
                return new Result(nsat, sats.get((int) node.k()));
            }
            case THRESH: {
                // sats.get(j): the best stack satisfying j of the last i subexpressions.
                List<InputStack> sats = new ArrayList<>(List.of(InputStack.EMPTY));
                for (int i = 0; i < subs.size(); i++) {
                    Result res = subs.get(subs.size() - i - 1);
                    List<InputStack> next = new ArrayList<>();
                    next.add(sats.get(0).plus(res.nsat()));
                    for (int j = 1; j < sats.size(); j++) next.add(sats.get(j).plus(res.nsat()).or(sats.get(j - 1).plus(res.sat())));
                    next.add(sats.get(sats.size() - 1).plus(res.sat()));
                    sats = next;
                }
                int k = (int) node.k();
                InputStack nsat = invalid;
                for (int i = 0; i < sats.size(); i++) {
                    // Dissatisfying with some but not k satisfied is overcomplete: malleable and not canonical.
                    InputStack s = i != 0 && i != k ? sats.get(i).withMalleable(true).withNonCanon() : sats.get(i);
                    if (i != k) nsat = nsat.or(s);
                }
                return new Result(nsat, sats.get(k));
            }
            case OLDER:
                return new Result(invalid, ctx.checkOlder(node.k()) ? InputStack.EMPTY : invalid);
            case AFTER:
                return new Result(invalid, ctx.checkAfter(node.k()) ? InputStack.EMPTY : invalid);
            case SHA256, RIPEMD160, HASH256, HASH160:
                return new Result(InputStack.ZERO32, InputStack.maybe(ctx.preimage(node.fragment(), node.data())));
            case AND_V: {
                Result x = subs.get(0);
                Result y = subs.get(1);
                return new Result(y.nsat().plus(x.sat()).withNonCanon(), y.sat().plus(x.sat()));
            }
            case AND_B: {
                Result x = subs.get(0);
                Result y = subs.get(1);
                InputStack nsat = y.nsat().plus(x.nsat())
                        .or(y.sat().plus(x.nsat()).withMalleable(true).withNonCanon())
                        .or(y.nsat().plus(x.sat()).withMalleable(true).withNonCanon());
                return new Result(nsat, y.sat().plus(x.sat()));
            }
            case OR_B: {
                Result x = subs.get(0);
                Result z = subs.get(1);
                InputStack sat = z.nsat().plus(x.sat()).or(z.sat().plus(x.nsat()))
                        .or(z.sat().plus(x.sat()).withMalleable(true).withNonCanon());
                return new Result(z.nsat().plus(x.nsat()), sat);
            }
            case OR_C: {
                Result x = subs.get(0);
                Result z = subs.get(1);
                return new Result(invalid, x.sat().or(z.sat().plus(x.nsat())));
            }
            case OR_D: {
                Result x = subs.get(0);
                Result z = subs.get(1);
                return new Result(z.nsat().plus(x.nsat()), x.sat().or(z.sat().plus(x.nsat())));
            }
            case OR_I: {
                Result x = subs.get(0);
                Result z = subs.get(1);
                return new Result(x.nsat().plus(InputStack.ONE).or(z.nsat().plus(zero)),
                        x.sat().plus(InputStack.ONE).or(z.sat().plus(zero)));
            }
            case ANDOR: {
                Result x = subs.get(0);
                Result y = subs.get(1);
                Result z = subs.get(2);
                return new Result(y.nsat().plus(x.sat()).withNonCanon().or(z.nsat().plus(x.nsat())),
                        y.sat().plus(x.sat()).or(z.sat().plus(x.nsat())));
            }
            case WRAP_A, WRAP_S, WRAP_C, WRAP_N:
                return subs.get(0);
            case WRAP_D:
                return new Result(zero, subs.get(0).sat().plus(InputStack.ONE));
            case WRAP_J: {
                // A dissatisfiable child without a signature may have a dissatisfaction with a nonzero top,
                // so the zero dissatisfaction is assumed malleable (bitcoind's conservative rule).
                Result x = subs.get(0);
                return new Result(zero.withMalleable(x.nsat().available() && !x.nsat().hasSig()), x.sat());
            }
            case WRAP_V:
                return new Result(invalid, subs.get(0).sat());
            case JUST_0:
                return new Result(InputStack.EMPTY, invalid);
            case JUST_1:
                return new Result(invalid, InputStack.EMPTY);
            default:
                throw new IllegalStateException("fragment " + node.fragment());
        }
    }
}
