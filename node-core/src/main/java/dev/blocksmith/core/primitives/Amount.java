package dev.blocksmith.core.primitives;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * A number of satoshis. Conversions to and from BTC decimals live here so RPC and wallet code never
 * round through floating point.
 */
public record Amount(long sats) implements Comparable<Amount> {
    public static final long COIN = 100_000_000L;
    /** Consensus MAX_MONEY: an amount range check, not the supply. */
    public static final long MAX_MONEY = 21_000_000L * COIN;
    public static final Amount ZERO = new Amount(0);

    public static Amount ofSats(long sats) {
        return new Amount(sats);
    }

    public static Amount ofBtc(long btc) {
        return new Amount(Math.multiplyExact(btc, COIN));
    }

    /** Whether a value is within consensus range [0, MAX_MONEY] (Core's MoneyRange). */
    public static boolean inMoneyRange(long sats) {
        return sats >= 0 && sats <= MAX_MONEY;
    }

    /**
     * Parses a BTC decimal with at most 8 fractional digits. Throws {@link ArithmeticException} when
     * the value is more precise than a satoshi or out of range.
     */
    public static Amount parseBtc(BigDecimal btc) {
        BigDecimal sats = btc.movePointRight(8);
        if (sats.stripTrailingZeros().scale() > 0) {
            throw new ArithmeticException("Invalid amount: more precise than 1 satoshi");
        }
        long v = sats.longValueExact();
        if (Math.abs(v) > MAX_MONEY) {
            throw new ArithmeticException("Amount out of range");
        }
        return new Amount(v);
    }

    public BigDecimal toBtc() {
        return BigDecimal.valueOf(sats, 8).setScale(8, RoundingMode.UNNECESSARY);
    }

    /**
     * bitcoind's FormatMoney, used in reject texts: BTC with trailing zeros trimmed down to two
     * decimals, e.g. "50.00", "0.0001".
     */
    public String formatMoney() {
        String s = BigDecimal.valueOf(Math.abs(sats), 8).toPlainString();
        int end = s.length();
        while (end > s.indexOf('.') + 3 && s.charAt(end - 1) == '0') end--;
        return (sats < 0 ? "-" : "") + s.substring(0, end);
    }

    /** BTC with exactly 8 decimals, e.g. "50.00000000" (the text of {@link #toBtc()}, made without a BigDecimal). */
    public String toBtcString() {
        long whole = sats / COIN;
        long fraction = Math.abs(sats % COIN);
        String decimals = Long.toString(fraction);
        return (sats < 0 && whole == 0 ? "-" : "") + whole + "." + "0".repeat(8 - decimals.length()) + decimals;
    }

    public Amount plus(Amount o) {
        return new Amount(Math.addExact(sats, o.sats));
    }

    public Amount minus(Amount o) {
        return new Amount(Math.subtractExact(sats, o.sats));
    }

    @Override
    public int compareTo(Amount o) {
        return Long.compare(sats, o.sats);
    }

    @Override
    public String toString() {
        return toBtcString() + " BTC";
    }
}
