package dev.blocksmith.core.address;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * BIP173 Bech32 and BIP350 Bech32m: a human-readable part, the separator '1', 5-bit data values and a
 * six-character BCH checksum. The two encodings differ only in the constant the checksum is XORed with.
 * Strings are limited to 90 characters (BIP173) and must not mix upper and lower case.
 */
public final class Bech32 {
    public static final int MAX_LENGTH = 90;
    private static final String CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    private static final int[] CHARSET_REV = new int[128];
    private static final int[] GENERATOR = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};

    static {
        Arrays.fill(CHARSET_REV, -1);
        for (int i = 0; i < CHARSET.length(); i++) {
            CHARSET_REV[CHARSET.charAt(i)] = i;
            CHARSET_REV[Character.toUpperCase(CHARSET.charAt(i))] = i;
        }
    }

    /** Which checksum constant a string verifies under. */
    public enum Encoding {
        BECH32(1),
        BECH32M(0x2bc830a3);

        private final int constant;

        Encoding(int constant) {
            this.constant = constant;
        }
    }

    /** A decoded string: its encoding, the lower-cased HRP and the 5-bit data values without checksum. */
    public record Decoded(Encoding encoding, String hrp, byte[] values) {
        public Decoded {
            Objects.requireNonNull(encoding);
            Objects.requireNonNull(hrp);
            values = values.clone();
        }

        @Override
        public byte[] values() {
            return values.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Decoded d && encoding == d.encoding && hrp.equals(d.hrp) && Arrays.equals(values, d.values);
        }

        @Override
        public int hashCode() {
            return Objects.hash(encoding, hrp, Arrays.hashCode(values));
        }

        @Override
        public String toString() {
            return "Decoded[" + encoding + ", " + hrp + ", " + values.length + " values]";
        }
    }

    private Bech32() {
    }

    private static int polymod(byte[] values, String hrp) {
        int c = 1;
        for (int i = 0; i < hrp.length(); i++) c = step(c, hrp.charAt(i) >> 5);
        c = step(c, 0);
        for (int i = 0; i < hrp.length(); i++) c = step(c, hrp.charAt(i) & 31);
        for (byte v : values) c = step(c, v);
        return c;
    }

    /** For each value of the five bits shifted out, the XOR of the generator terms they select (one lookup a step). */
    private static final int[] SHIFTED_OUT = new int[32];

    static {
        for (int top = 0; top < 32; top++) {
            int x = 0;
            for (int i = 0; i < 5; i++) {
                if (((top >>> i) & 1) != 0) x ^= GENERATOR[i];
            }
            SHIFTED_OUT[top] = x;
        }
    }

    private static int step(int c, int v) {
        return (((c & 0x1ffffff) << 5) ^ v) ^ SHIFTED_OUT[c >>> 25];
    }

    /**
     * Encodes 5-bit values under a lower-case HRP. Throws IllegalArgumentException for an HRP or
     * values that could never decode (our own callers only pass valid ones).
     */
    public static String encode(Encoding encoding, String hrp, byte[] values) {
        if (hrp.isEmpty() || hrp.length() > 83) throw new IllegalArgumentException("HRP length must be 1..83");
        for (int i = 0; i < hrp.length(); i++) {
            char ch = hrp.charAt(i);
            if (ch < 33 || ch > 126 || (ch >= 'A' && ch <= 'Z')) throw new IllegalArgumentException("HRP must be lower-case printable ASCII");
        }
        int length = hrp.length() + 1 + values.length + 6;
        if (length > MAX_LENGTH) throw new IllegalArgumentException("Bech32 string too long");
        // Built in one array: every address getblock prints (twice, with its descriptor) passes here.
        char[] out = new char[length];
        hrp.getChars(0, hrp.length(), out, 0);
        int at = hrp.length();
        out[at++] = '1';
        for (byte v : values) {
            if (v < 0 || v > 31) throw new IllegalArgumentException("value out of 5-bit range");
            out[at++] = CHARSET.charAt(v);
        }
        int mod = polymod(values, hrp);
        for (int i = 0; i < 6; i++) mod = step(mod, 0);
        mod ^= encoding.constant;
        for (int i = 0; i < 6; i++) out[at++] = CHARSET.charAt((mod >>> (5 * (5 - i))) & 31);
        return new String(out);
    }

    /**
     * Decodes a Bech32 or Bech32m string. Failures carry Core's {@code bech32::LocateErrors} message and
     * error positions.
     */
    public static Decoded decode(String str) throws AddressFormatException {
        if (str.length() > MAX_LENGTH) {
            List<Integer> tail = new ArrayList<>();
            for (int i = MAX_LENGTH; i < str.length(); i++) tail.add(i);
            throw new AddressFormatException("Bech32 string too long", tail);
        }
        List<Integer> badChars = new ArrayList<>();
        boolean lower = false;
        boolean upper = false;
        for (int i = 0; i < str.length(); i++) {
            char ch = str.charAt(i);
            if (ch >= 'a' && ch <= 'z') {
                if (upper) badChars.add(i);
                else lower = true;
            } else if (ch >= 'A' && ch <= 'Z') {
                if (lower) badChars.add(i);
                else upper = true;
            } else if (ch < 33 || ch > 126) {
                badChars.add(i);
            }
        }
        if (!badChars.isEmpty()) throw new AddressFormatException("Invalid character or mixed case", badChars);
        int pos = str.lastIndexOf('1');
        if (pos < 0) throw new AddressFormatException("Missing separator");
        if (pos == 0 || pos + 7 > str.length()) throw new AddressFormatException("Invalid separator position", List.of(pos));
        byte[] values = new byte[str.length() - 1 - pos];
        for (int i = 0; i < values.length; i++) {
            int rev = CHARSET_REV[str.charAt(pos + 1 + i)];
            if (rev < 0) throw new AddressFormatException("Invalid Base 32 character", List.of(pos + 1 + i));
            values[i] = (byte) rev;
        }
        String hrp = str.substring(0, pos).toLowerCase(Locale.ROOT);
        int check = polymod(values, hrp);
        if (check == Encoding.BECH32.constant) return new Decoded(Encoding.BECH32, hrp, Arrays.copyOf(values, values.length - 6));
        if (check == Encoding.BECH32M.constant) return new Decoded(Encoding.BECH32M, hrp, Arrays.copyOf(values, values.length - 6));
        throw checksumError(check, values.length, str.length());
    }

    /**
     * Tries both encodings and keeps the one explaining the failure with fewer substitutions, since the
     * witness version that would pick the encoding may itself be the wrong character.
     */
    private static AddressFormatException checksumError(int check, int dataLength, int totalLength) {
        List<Integer> best = List.of();
        Encoding bestEncoding = null;
        for (Encoding e : Encoding.values()) {
            List<Integer> found = Bech32ErrorLocator.locate(check ^ e.constant, dataLength, totalLength);
            if (best.isEmpty() || (!found.isEmpty() && found.size() < best.size())) {
                best = found;
                if (!found.isEmpty()) bestEncoding = e;
            }
        }
        String message = bestEncoding == Encoding.BECH32M ? "Invalid Bech32m checksum"
                : bestEncoding == Encoding.BECH32 ? "Invalid Bech32 checksum" : "Invalid checksum";
        return new AddressFormatException(message, best);
    }

    /**
     * Regroups bits (8 to 5 with padding for encoding, 5 to 8 without for decoding). Without padding,
     * leftover bits must be fewer than {@code from} and all zero, as BIP173 requires; otherwise empty.
     */
    public static Optional<byte[]> convertBits(byte[] in, int from, int to, boolean pad) {
        int acc = 0;
        int bits = 0;
        int maxv = (1 << to) - 1;
        int maxAcc = (1 << (from + to - 1)) - 1;
        // Every address and descriptor getblock prints passes here: a plain array, not a synchronized stream.
        byte[] out = new byte[(in.length * from + to - 1) / to + 1];
        int n = 0;
        for (byte b : in) {
            int value = b & 0xff;
            if ((value >>> from) != 0) return Optional.empty();
            acc = ((acc << from) | value) & maxAcc;
            bits += from;
            while (bits >= to) {
                bits -= to;
                out[n++] = (byte) ((acc >>> bits) & maxv);
            }
        }
        if (pad) {
            if (bits > 0) out[n++] = (byte) ((acc << (to - bits)) & maxv);
        } else if (bits >= from || ((acc << (to - bits)) & maxv) != 0) {
            return Optional.empty();
        }
        return Optional.of(Arrays.copyOf(out, n));
    }
}
