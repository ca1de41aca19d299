package dev.blocksmith.wallet.descriptor;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * BIP389 multipath key expressions: a key path element {@code <a;b;...>} makes one descriptor text stand for
 * several, the i-th taking the i-th value of every such element (typically {@code <0;1>} for receive and
 * change). Every multipath element of a descriptor must have as many values as the others; keys without one
 * are the same in each. The expansion works on the text (a descriptor's other grammar never uses
 * {@code <}), so each expanded text is then parsed and checked as an ordinary descriptor; elements inside a
 * key origin stay, and the key path parser refuses them as Core does.
 */
final class MultipathExpansion {
    private MultipathExpansion() {
    }

    /** One {@code <...>} element of a key's derivation path: its place in the text and its values as written. */
    private record Element(int start, int end, List<String> values) {
    }

    /**
     * The descriptor texts {@code text} (checksum already removed) stands for: itself alone when it has no
     * multipath element.
     */
    static List<String> expand(String text) throws DescriptorException {
        List<Element> elements = elements(text);
        if (elements.isEmpty()) return List.of(text);
        int n = elements.get(0).values().size();
        for (Element e : elements) {
            if (e.values().size() != n) throw new DescriptorException(enclosing(text, e.start()) + ": Multipath derivation paths have mismatched lengths");
        }
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            StringBuilder sb = new StringBuilder();
            int at = 0;
            for (Element e : elements) {
                sb.append(text, at, e.start()).append(e.values().get(i));
                at = e.end();
            }
            sb.append(text.substring(at));
            out.add(sb.toString());
        }
        return out;
    }

    /**
     * The multipath elements in key paths (not in origins), with Core's ParseKeyPath checks: at most one per
     * key, at least two values, no value twice.
     */
    private static List<Element> elements(String text) throws DescriptorException {
        List<Element> out = new ArrayList<>();
        boolean inOrigin = false;
        int keyStart = 0;
        boolean keyHasElement = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '[') inOrigin = true;
            else if (c == ']') inOrigin = false;
            else if (c == '(' || c == ')' || c == ',' || c == '{' || c == '}') {
                keyStart = i + 1;
                keyHasElement = false;
            } else if (c == '<' && !inOrigin && i > keyStart && text.charAt(i - 1) == '/') {
                int close = text.indexOf('>', i);
                if (close < 0) return out;
                if (keyHasElement) throw new DescriptorException("Multiple multipath key path specifiers found");
                keyHasElement = true;
                List<String> values = List.of(text.substring(i + 1, close).split(";", -1));
                if (values.size() < 2) throw new DescriptorException("Multipath key path specifiers must have at least two items");
                Set<Long> seen = new HashSet<>();
                for (String v : values) {
                    Long value = numericValue(v);
                    if (value != null && !seen.add(value)) {
                        throw new DescriptorException("Duplicated key path value " + value + " in multipath specifier");
                    }
                }
                out.add(new Element(i, close + 1, values));
                i = close;
            }
        }
        return out;
    }

    /** A path value as Core's ParseKeyPathNum reads it (hardened adds 2^31); null when malformed (reported later). */
    private static Long numericValue(String v) {
        boolean hardened = v.endsWith("'") || v.endsWith("h");
        String digits = hardened ? v.substring(0, v.length() - 1) : v;
        if (digits.startsWith("+")) digits = digits.substring(1);
        if (digits.isEmpty() || digits.length() > 10 || !digits.chars().allMatch(ch -> ch >= '0' && ch <= '9')) return null;
        long value = Long.parseLong(digits);
        if (value > 0x7fffffffL) return null;
        return hardened ? value | 0x80000000L : value;
    }

    /** Core's prefix for a length mismatch: the multisig or miniscript function the keys stand in. */
    private static String enclosing(String text, int position) {
        String before = text.substring(0, position);
        int multi = Math.max(before.lastIndexOf("multi("), before.lastIndexOf("multi_a("));
        if (multi >= 0) return "multi()";
        if (before.startsWith("tr(")) return "tr()";
        return "Miniscript";
    }
}
