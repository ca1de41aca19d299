package dev.blocksmith.core.address;

import dev.blocksmith.core.crypto.Hashes;
import java.util.Arrays;

/**
 * Base58 as Bitcoin uses it (the alphabet without 0, O, I and l), and Base58Check: payload followed by
 * the first four bytes of its double SHA-256. Leading zero bytes map one-to-one to leading '1'
 * characters, so the encoding keeps the exact byte length.
 */
public final class Base58 {
    private static final String ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    private static final int[] INDEX = new int[128];

    static {
        Arrays.fill(INDEX, -1);
        for (int i = 0; i < ALPHABET.length(); i++) INDEX[ALPHABET.charAt(i)] = i;
    }

    private Base58() {
    }

    public static String encode(byte[] input) {
        int zeros = 0;
        while (zeros < input.length && input[zeros] == 0) zeros++;
        // log(256)/log(58) ~ 1.366: an upper bound on the base-58 digits needed.
        byte[] digits = new byte[(input.length - zeros) * 138 / 100 + 1];
        int used = 0;
        for (int i = zeros; i < input.length; i++) {
            int carry = input[i] & 0xff;
            int j = 0;
            for (int k = digits.length - 1; (carry != 0 || j < used) && k >= 0; k--, j++) {
                carry += 256 * (digits[k] & 0xff);
                digits[k] = (byte) (carry % 58);
                carry /= 58;
            }
            used = j;
        }
        int start = digits.length - used;
        StringBuilder sb = new StringBuilder(zeros + used);
        sb.repeat('1', zeros);
        for (int k = start; k < digits.length; k++) sb.append(ALPHABET.charAt(digits[k]));
        return sb.toString();
    }

    /**
     * Decodes plain Base58. Unlike Core's DecodeBase58 no surrounding whitespace is skipped: addresses
     * and keys reach us already trimmed, and a stray space is more likely a paste error than intent.
     */
    public static byte[] decode(String input) throws AddressFormatException {
        int zeros = 0;
        while (zeros < input.length() && input.charAt(zeros) == '1') zeros++;
        // log(58)/log(256) ~ 0.733: an upper bound on the bytes needed.
        byte[] b256 = new byte[(input.length() - zeros) * 733 / 1000 + 1];
        int used = 0;
        for (int i = zeros; i < input.length(); i++) {
            char c = input.charAt(i);
            int carry = c < 128 ? INDEX[c] : -1;
            if (carry < 0) throw new AddressFormatException("Invalid Base58 character");
            int j = 0;
            for (int k = b256.length - 1; (carry != 0 || j < used) && k >= 0; k--, j++) {
                carry += 58 * (b256[k] & 0xff);
                b256[k] = (byte) (carry & 0xff);
                carry >>>= 8;
            }
            used = j;
        }
        byte[] out = new byte[zeros + used];
        System.arraycopy(b256, b256.length - used, out, zeros, used);
        return out;
    }

    /** True when {@code input} consists only of Base58 characters (any length). */
    public static boolean isBase58(String input) {
        for (int i = 0; i < input.length(); i++) {
            char c = input.charAt(i);
            if (c >= 128 || INDEX[c] < 0) return false;
        }
        return true;
    }

    public static String encodeChecked(byte[] payload) {
        byte[] check = Hashes.sha256d(payload);
        byte[] all = Arrays.copyOf(payload, payload.length + 4);
        System.arraycopy(check, 0, all, payload.length, 4);
        return encode(all);
    }

    /** Decodes Base58Check and returns the payload without the checksum. */
    public static byte[] decodeChecked(String input) throws AddressFormatException {
        byte[] all = decode(input);
        if (all.length < 4) throw new AddressFormatException("Invalid Base58Check length");
        int n = all.length - 4;
        byte[] check = Hashes.sha256d(all, 0, n);
        for (int i = 0; i < 4; i++) {
            if (check[i] != all[n + i]) throw new AddressFormatException("Invalid Base58Check checksum");
        }
        return Arrays.copyOf(all, n);
    }
}
