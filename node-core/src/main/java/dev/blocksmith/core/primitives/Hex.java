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

    private static final byte[] DIGITS = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** The lower-case hex digits of {@code bytes} as ASCII bytes (for writers that take text as bytes). */
    public static byte[] encodeAscii(byte[] bytes) {
        byte[] out = new byte[bytes.length * 2];
        encodeAscii(bytes, 0, bytes.length, out, 0);
        return out;
    }

    /** Writes the {@code 2 * length} ASCII hex digits of {@code bytes[from, from + length)} into {@code out} at {@code at}. */
    public static void encodeAscii(byte[] bytes, int from, int length, byte[] out, int at) {
        for (int i = 0; i < length; i++) {
            byte b = bytes[from + i];
            out[at + 2 * i] = DIGITS[(b >> 4) & 15];
            out[at + 2 * i + 1] = DIGITS[b & 15];
        }
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
