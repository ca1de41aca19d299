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
            char c = s.charAt(i);
            // ASCII only: Character.digit would also accept other scripts' digits.
            boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            if (!hex) return false;
        }
        return true;
    }
}
