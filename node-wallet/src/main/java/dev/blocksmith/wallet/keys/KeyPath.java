package dev.blocksmith.wallet.keys;

import java.util.ArrayList;
import java.util.List;

/**
 * A BIP32 derivation path such as m/84h/1h/0h/0/5. Child numbers are stored as unsigned 32-bit ints in
 * an int; hardened children have the top bit set. Both ' and h mark hardening when parsing; rendering
 * uses h, as Core's descriptors do.
 */
public record KeyPath(List<Integer> steps) {
    public static final int HARDENED = 0x80000000;
    public static final KeyPath ROOT = new KeyPath(List.of());

    public KeyPath {
        steps = List.copyOf(steps);
    }

    public static int hardened(int index) {
        if (index < 0) throw new IllegalArgumentException("index must be below 2^31");
        return index | HARDENED;
    }

    public static boolean isHardened(int child) {
        return (child & HARDENED) != 0;
    }

    /** Parses "m/0'/1/2h" or "0'/1" (a leading m is optional). */
    public static KeyPath parse(String text) {
        String s = text.trim();
        if (s.equals("m") || s.isEmpty()) return ROOT;
        if (s.startsWith("m/")) s = s.substring(2);
        List<Integer> out = new ArrayList<>();
        for (String part : s.split("/", -1)) out.add(parseStep(part));
        return new KeyPath(out);
    }

    static int parseStep(String part) {
        boolean hard = part.endsWith("'") || part.endsWith("h") || part.endsWith("H");
        String digits = hard ? part.substring(0, part.length() - 1) : part;
        if (digits.isEmpty() || !digits.chars().allMatch(Character::isDigit) || digits.length() > 10) {
            throw new IllegalArgumentException("Key path value '" + part + "' is not a valid uint32");
        }
        long v = Long.parseLong(digits);
        if (v >= 0x80000000L) throw new IllegalArgumentException("Key path value " + part + " is out of range");
        return hard ? hardened((int) v) : (int) v;
    }

    public KeyPath child(int index) {
        List<Integer> l = new ArrayList<>(steps);
        l.add(index);
        return new KeyPath(l);
    }

    public KeyPath append(KeyPath tail) {
        List<Integer> l = new ArrayList<>(steps);
        l.addAll(tail.steps);
        return new KeyPath(l);
    }

    public int depth() {
        return steps.size();
    }

    /** Renders without the leading "m", e.g. "/84h/1h/0h" (the form used after an origin fingerprint). */
    public String toSuffix() {
        return toSuffix(false);
    }

    /**
     * Renders without the leading "m", marking hardened steps with an apostrophe when {@code apostrophe}
     * is set: Core's descriptors print a key path in the style it was written in (the style of its last
     * hardened element), and normalized forms always with "h".
     */
    public String toSuffix(boolean apostrophe) {
        StringBuilder sb = new StringBuilder();
        for (int c : steps) {
            sb.append('/').append(Integer.toUnsignedLong(c & ~HARDENED));
            if (isHardened(c)) sb.append(apostrophe ? '\'' : 'h');
        }
        return sb.toString();
    }

    public boolean hasHardenedStep() {
        return steps.stream().anyMatch(KeyPath::isHardened);
    }

    /** The steps up to and including the last hardened one; the root when none is hardened. */
    public KeyPath throughLastHardened() {
        for (int i = steps.size(); i > 0; i--) {
            if (isHardened(steps.get(i - 1))) return new KeyPath(steps.subList(0, i));
        }
        return ROOT;
    }

    /** The steps from position {@code from} on. */
    public KeyPath from(int from) {
        return new KeyPath(steps.subList(from, steps.size()));
    }

    @Override
    public String toString() {
        return "m" + toSuffix();
    }
}
