package dev.blocksmith.core.miniscript;

import dev.blocksmith.core.primitives.Hex;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads miniscript text the way bitcoind's miniscript::FromString does: wrappers before a colon, the
 * fragments and their sugar (pk, pkh, and_n, t:, l:, u:). An expression that is not miniscript gives
 * an empty result; a key the {@link KeyParser} rejects is an error with the parser's message. The
 * result may be ill-typed: the caller reports that (bitcoind's "... is invalid").
 */
public final class StringParser {
    /** Turns a key's text into the key the node holds (bitcoind's KeyParser::FromString). */
    public interface KeyParser {
        MsKey parse(String text) throws MiniscriptParseException;
    }

    /** Nesting of fragments (wrappers do not nest calls) is bounded to keep the recursion safe; bitcoind bounds it by script size only. */
    private static final int MAX_DEPTH = 1500;

    private final MiniscriptContext ctx;
    private final KeyParser keys;
    private final String in;
    private int pos;

    private StringParser(MiniscriptContext ctx, KeyParser keys, String in) {
        this.ctx = ctx;
        this.keys = keys;
        this.in = in;
    }

    public static Optional<MiniscriptNode> parse(String text, MiniscriptContext ctx, KeyParser keys) throws MiniscriptParseException {
        StringParser p = new StringParser(ctx, keys, text);
        Optional<MiniscriptNode> node = p.wrapped(0);
        if (node.isEmpty() || p.pos != text.length()) return Optional.empty();
        // bitcoind's parser gives up once the script would exceed the context's size bound (the text is then
        // not miniscript at all, rather than an invalid one).
        if (node.get().scriptSize() > ctx.maxScriptSize()) return Optional.empty();
        return node;
    }

    /** An expression with optional wrapper letters and a colon before it. */
    private Optional<MiniscriptNode> wrapped(int depth) throws MiniscriptParseException {
        if (depth > MAX_DEPTH) return Optional.empty();
        int colon = -1;
        for (int i = pos + 1; i < in.length(); i++) {
            char c = in.charAt(i);
            if (c == ':') {
                colon = i;
                break;
            }
            if (c < 'a' || c > 'z') break;
        }
        String wrappers = colon < 0 ? "" : in.substring(pos, colon);
        for (char c : wrappers.toCharArray()) if ("asctdvjnlu".indexOf(c) < 0) return Optional.empty();
        if (colon >= 0) pos = colon + 1;
        Optional<MiniscriptNode> inner = expr(depth + 1);
        if (inner.isEmpty()) return inner;
        MiniscriptNode n = inner.get();
        // The letter nearest the expression applies first.
        for (int i = wrappers.length() - 1; i >= 0; i--) {
            n = switch (wrappers.charAt(i)) {
                case 'a' -> MiniscriptNode.of(ctx, Fragment.WRAP_A, n);
                case 's' -> MiniscriptNode.of(ctx, Fragment.WRAP_S, n);
                case 'c' -> MiniscriptNode.of(ctx, Fragment.WRAP_C, n);
                case 'd' -> MiniscriptNode.of(ctx, Fragment.WRAP_D, n);
                case 'v' -> MiniscriptNode.of(ctx, Fragment.WRAP_V, n);
                case 'j' -> MiniscriptNode.of(ctx, Fragment.WRAP_J, n);
                case 'n' -> MiniscriptNode.of(ctx, Fragment.WRAP_N, n);
                case 't' -> MiniscriptNode.of(ctx, Fragment.AND_V, n, MiniscriptNode.leaf(ctx, Fragment.JUST_1, 0));
                case 'l' -> MiniscriptNode.of(ctx, Fragment.OR_I, MiniscriptNode.leaf(ctx, Fragment.JUST_0, 0), n);
                default -> MiniscriptNode.of(ctx, Fragment.OR_I, n, MiniscriptNode.leaf(ctx, Fragment.JUST_0, 0));
            };
        }
        return Optional.of(n);
    }

    private boolean consume(String s) {
        if (in.startsWith(s, pos)) {
            pos += s.length();
            return true;
        }
        return false;
    }

    /** Characters up to the next {@code c}, not looking past a closing parenthesis (bitcoind's FindNextChar); -1 if none. */
    private int findNext(char c) {
        for (int i = pos; i < in.length(); i++) {
            if (in.charAt(i) == c) return i - pos;
            if (in.charAt(i) == ')') break;
        }
        return -1;
    }

    /** The argument of a one-argument function up to its matching ')', which is consumed. */
    private Optional<String> bracketed() {
        int depth = 0;
        for (int i = pos; i < in.length(); i++) {
            char c = in.charAt(i);
            if (c == '(' || c == '{') depth++;
            else if (c == ')' || c == '}') {
                if (depth == 0) {
                    if (c != ')') return Optional.empty();
                    String arg = in.substring(pos, i);
                    pos = i + 1;
                    return Optional.of(arg);
                }
                depth--;
            } else if (c == ',' && depth == 0) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static Optional<Long> integer(String s) {
        if (s.isEmpty() || s.length() > 19) return Optional.empty();
        int start = s.charAt(0) == '-' ? 1 : 0;
        if (start == s.length()) return Optional.empty();
        for (int i = start; i < s.length(); i++) if (s.charAt(i) < '0' || s.charAt(i) > '9') return Optional.empty();
        return Optional.of(Long.parseLong(s));
    }

    private Optional<MiniscriptNode> expr(int depth) throws MiniscriptParseException {
        if (consume("0")) return Optional.of(MiniscriptNode.leaf(ctx, Fragment.JUST_0, 0));
        if (consume("1")) return Optional.of(MiniscriptNode.leaf(ctx, Fragment.JUST_1, 0));
        for (String f : List.of("pk(", "pkh(", "pk_k(", "pk_h(")) {
            if (!consume(f)) continue;
            Optional<String> keyText = bracketed();
            if (keyText.isEmpty() || keyText.get().isEmpty()) return Optional.empty();
            MsKey key = keys.parse(keyText.get());
            boolean hashed = f.equals("pkh(") || f.equals("pk_h(");
            MiniscriptNode k = MiniscriptNode.keys(ctx, hashed ? Fragment.PK_H : Fragment.PK_K, List.of(key), 0);
            return Optional.of(f.equals("pk(") || f.equals("pkh(") ? MiniscriptNode.of(ctx, Fragment.WRAP_C, k) : k);
        }
        for (String f : List.of("after(", "older(")) {
            if (!consume(f)) continue;
            int size = findNext(')');
            if (size < 1) return Optional.empty();
            Optional<Long> n = integer(in.substring(pos, pos + size));
            if (n.isEmpty() || n.get() < 1 || n.get() >= (1L << 31)) return Optional.empty();
            pos += size + 1;
            return Optional.of(MiniscriptNode.leaf(ctx, f.equals("after(") ? Fragment.AFTER : Fragment.OLDER, n.get()));
        }
        for (Fragment f : List.of(Fragment.SHA256, Fragment.HASH256, Fragment.RIPEMD160, Fragment.HASH160)) {
            if (!consume(f.name().toLowerCase() + "(")) continue;
            int size = findNext(')');
            if (size < 1) return Optional.empty();
            String hex = in.substring(pos, pos + size);
            if (hex.length() % 2 != 0 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) return Optional.empty();
            int want = f == Fragment.SHA256 || f == Fragment.HASH256 ? 32 : 20;
            if (hex.length() != want * 2) return Optional.empty();
            pos += size + 1;
            return Optional.of(MiniscriptNode.hash(ctx, f, Hex.decode(hex.toLowerCase())));
        }
        if (consume("multi(")) return ctx.isTapscript() ? Optional.empty() : multi(Fragment.MULTI, MiniscriptContext.MAX_PUBKEYS_PER_MULTISIG);
        if (consume("multi_a(")) return ctx.isTapscript() ? multi(Fragment.MULTI_A, MiniscriptContext.MAX_PUBKEYS_PER_MULTI_A) : Optional.empty();
        if (consume("thresh(")) {
            int size = findNext(',');
            if (size < 1) return Optional.empty();
            Optional<Long> k = integer(in.substring(pos, pos + size));
            if (k.isEmpty() || k.get() < 1) return Optional.empty();
            pos += size + 1;
            List<MiniscriptNode> subs = new ArrayList<>();
            while (true) {
                Optional<MiniscriptNode> sub = wrapped(depth);
                if (sub.isEmpty()) return sub;
                subs.add(sub.get());
                if (consume(",")) continue;
                if (consume(")")) break;
                return Optional.empty();
            }
            if (k.get() > subs.size()) return Optional.empty();
            return Optional.of(MiniscriptNode.of(ctx, Fragment.THRESH, subs, k.get()));
        }
        record Form(String name, Fragment fragment, int args) {
        }
        for (Form form : List.of(new Form("andor(", Fragment.ANDOR, 3), new Form("and_n(", Fragment.ANDOR, 2),
                new Form("and_v(", Fragment.AND_V, 2), new Form("and_b(", Fragment.AND_B, 2), new Form("or_b(", Fragment.OR_B, 2),
                new Form("or_c(", Fragment.OR_C, 2), new Form("or_d(", Fragment.OR_D, 2), new Form("or_i(", Fragment.OR_I, 2))) {
            if (!consume(form.name())) continue;
            List<MiniscriptNode> subs = new ArrayList<>();
            for (int i = 0; i < form.args(); i++) {
                if (i > 0 && !consume(",")) return Optional.empty();
                Optional<MiniscriptNode> sub = wrapped(depth);
                if (sub.isEmpty()) return sub;
                subs.add(sub.get());
            }
            if (!consume(")")) return Optional.empty();
            // and_n(X,Y) is andor(X,Y,0).
            if (form.name().equals("and_n(")) subs.add(MiniscriptNode.leaf(ctx, Fragment.JUST_0, 0));
            return Optional.of(MiniscriptNode.of(ctx, form.fragment(), subs, 0));
        }
        return Optional.empty();
    }

    private Optional<MiniscriptNode> multi(Fragment f, int maxKeys) throws MiniscriptParseException {
        int size = findNext(',');
        if (size < 1) return Optional.empty();
        Optional<Long> k = integer(in.substring(pos, pos + size));
        if (k.isEmpty()) return Optional.empty();
        pos += size + 1;
        List<MsKey> list = new ArrayList<>();
        int nextComma = 0;
        while (nextComma != -1) {
            nextComma = findNext(',');
            int len = nextComma == -1 ? findNext(')') : nextComma;
            if (len < 1) return Optional.empty();
            list.add(keys.parse(in.substring(pos, pos + len)));
            pos += len + 1;
        }
        if (list.isEmpty() || list.size() > maxKeys) return Optional.empty();
        if (k.get() < 1 || k.get() > list.size()) return Optional.empty();
        return Optional.of(MiniscriptNode.keys(ctx, f, list, k.get()));
    }
}
