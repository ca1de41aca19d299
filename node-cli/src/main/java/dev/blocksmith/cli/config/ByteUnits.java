package dev.blocksmith.cli.config;

import java.util.Optional;

/**
 * bitcoind's ParseByteUnits: a whole number of bytes with an optional unit suffix, k, m, g, t for powers of 1000 and
 * K, M, G, T for powers of 1024; without a suffix the option's default unit applies. Nothing else is accepted: no
 * sign, spaces or fractions.
 */
public final class ByteUnits {
    public static final long KIB = 1L << 10;
    public static final long MIB = 1L << 20;

    private ByteUnits() {
    }

    /** The bytes {@code text} stands for, or empty if it is not a byte count (or overflows a long). */
    public static Optional<Long> parse(String text, long defaultUnit) {
        if (text.isEmpty()) return Optional.empty();
        long unit = switch (text.charAt(text.length() - 1)) {
            case 'k' -> 1_000L;
            case 'K' -> KIB;
            case 'm' -> 1_000_000L;
            case 'M' -> MIB;
            case 'g' -> 1_000_000_000L;
            case 'G' -> 1L << 30;
            case 't' -> 1_000_000_000_000L;
            case 'T' -> 1L << 40;
            default -> 0;
        };
        String digits = unit == 0 ? text : text.substring(0, text.length() - 1);
        if (unit == 0) unit = defaultUnit;
        if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) return Optional.empty();
        try {
            return Optional.of(Math.multiplyExact(Long.parseLong(digits), unit));
        } catch (ArithmeticException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
