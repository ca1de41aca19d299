package dev.blocksmith.core.primitives;

import java.util.HexFormat;

/** Lower-case hex encoding; decoding rejects odd lengths and non-hex characters. */
public final class Hex {
    private static final HexFormat FORMAT = HexFormat.of();

    private Hex() {
    }

    public static String encode(byte[] bytes) {
        return FORMAT.formatHex(bytes);
    }

    public static byte[] decode(String hex) {
        if ((hex.length() & 1) != 0) {
            throw new IllegalArgumentException("hex string has odd length");
        }
        return FORMAT.parseHex(hex);
    }

    public static boolean isHex(String s) {
        if ((s.length() & 1) != 0) return false;
        for (int i = 0; i < s.length(); i++) {
            if (Character.digit(s.charAt(i), 16) < 0) return false;
        }
        return true;
    }
}
