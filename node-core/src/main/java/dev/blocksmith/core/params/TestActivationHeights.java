package dev.blocksmith.core.params;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Parses regtest's {@code -testactivationheight=name@height} values as bitcoind's ReadRegTestArgs
 * does, with its error texts (the node prints them after "Error: " and exits). Later values for the
 * same name win.
 */
public final class TestActivationHeights {
    private TestActivationHeights() {
    }

    /** A value that is not name@height with a known name and a height in [0, 2^31 - 1). */
    public static final class InvalidActivationHeightException extends Exception {
        public InvalidActivationHeightException(String message) {
            super(message);
        }
    }

    public static Map<BuriedDeployment, Integer> parse(List<String> values) throws InvalidActivationHeightException {
        Map<BuriedDeployment, Integer> heights = new EnumMap<>(BuriedDeployment.class);
        for (String arg : values) {
            int at = arg.indexOf('@');
            if (at < 0) {
                throw new InvalidActivationHeightException("Invalid format (" + arg + ") for -testactivationheight=name@height.");
            }
            int height;
            try {
                height = parseInt32(arg.substring(at + 1));
            } catch (NumberFormatException e) {
                height = -1;
            }
            if (height < 0 || height == Integer.MAX_VALUE) {
                throw new InvalidActivationHeightException("Invalid height value (" + arg + ") for -testactivationheight=name@height.");
            }
            BuriedDeployment d = BuriedDeployment.byOptionName(arg.substring(0, at)).orElseThrow(
                    () -> new InvalidActivationHeightException("Invalid name (" + arg + ") for -testactivationheight=name@height."));
            heights.put(d, height);
        }
        return heights;
    }

    /** bitcoind's ParseInt32: optional sign and decimal digits only, no spaces, in range. */
    private static int parseInt32(String s) {
        if (s.isEmpty() || !s.matches("[+-]?[0-9]+")) throw new NumberFormatException(s);
        return Integer.parseInt(s.startsWith("+") ? s.substring(1) : s);
    }
}
