package dev.blocksmith.core.params;

import java.util.List;

/**
 * bitcoind's regtest-only {@code -testactivationheight=name@height} (ReadRegTestArgs): moves a buried
 * deployment's activation height. Names are bitcoind's: segwit, bip34, dersig, cltv, csv. The
 * exception messages are bitcoind's texts; the node prints them after "Error: " at startup.
 *
 * @param deployments the regtest deployments with every given height applied
 */
public record RegtestOptions(Deployments deployments) {
    /** The defaults: bitcoind's regtest heights. */
    public static RegtestOptions defaults() {
        return new RegtestOptions(Deployments.allActive());
    }

    /**
     * @param testActivationHeights every {@code -testactivationheight} value, in order (later ones win)
     * @throws IllegalArgumentException with bitcoind's message for a bad format, height or name
     */
    public static RegtestOptions parse(List<String> testActivationHeights) {
        Deployments d = Deployments.allActive();
        for (String arg : testActivationHeights) {
            int at = arg.indexOf('@');
            if (at < 0) throw new IllegalArgumentException("Invalid format (" + arg + ") for -testactivationheight=name@height.");
            int height = parseHeight(arg.substring(at + 1), arg);
            String name = arg.substring(0, at);
            d = switch (name) {
                case "segwit" -> new Deployments(d.bip34Height(), d.bip34Hash(), d.bip65Height(), d.bip66Height(), d.csvHeight(), height, d.taprootHeight());
                case "bip34" -> new Deployments(height, d.bip34Hash(), d.bip65Height(), d.bip66Height(), d.csvHeight(), d.segwitHeight(), d.taprootHeight());
                case "dersig" -> new Deployments(d.bip34Height(), d.bip34Hash(), d.bip65Height(), height, d.csvHeight(), d.segwitHeight(), d.taprootHeight());
                case "cltv" -> new Deployments(d.bip34Height(), d.bip34Hash(), height, d.bip66Height(), d.csvHeight(), d.segwitHeight(), d.taprootHeight());
                case "csv" -> new Deployments(d.bip34Height(), d.bip34Hash(), d.bip65Height(), d.bip66Height(), height, d.segwitHeight(), d.taprootHeight());
                default -> throw new IllegalArgumentException("Invalid name (" + arg + ") for -testactivationheight=name@height.");
            };
        }
        return new RegtestOptions(d);
    }

    /** bitcoind's ToIntegral<int32_t>: an optional minus sign and digits only, then 0 <= height < INT_MAX. */
    private static int parseHeight(String value, String arg) {
        if (!value.matches("-?[0-9]+")) throw badHeight(arg);
        long h;
        try {
            h = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw badHeight(arg);
        }
        if (h < 0 || h >= Integer.MAX_VALUE) throw badHeight(arg);
        return (int) h;
    }

    private static IllegalArgumentException badHeight(String arg) {
        return new IllegalArgumentException("Invalid height value (" + arg + ") for -testactivationheight=name@height.");
    }

    /** The regtest network with these heights. */
    public NetworkParams params() {
        return Networks.regtest(this);
    }
}
