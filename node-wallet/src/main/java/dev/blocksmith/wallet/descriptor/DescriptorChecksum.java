package dev.blocksmith.wallet.descriptor;

/**
 * The 8-character checksum after '#' in output descriptors (BIP380; Core's DescriptorChecksum). Each
 * input character contributes its position in a 95-character set split into 32-symbol groups; a BCH
 * code over GF(32) with degree-8 generator detects errors across the whole string.
 */
public final class DescriptorChecksum {
    private static final String INPUT_CHARSET =
            "0123456789()[],'/*abcdefgh@:$%{}" + "IJKLMNOPQRSTUVWXYZ&+-.;<=>?!^_|~" + "ijklmnopqrstuvwxyzABCDEFGH`#\"\\ ";
    private static final String CHECKSUM_CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    private static final long[] GENERATOR = {0xf5dee51989L, 0xa9fdca3312L, 0x1bab10e32dL, 0x3706b1677aL, 0x644d626ffdL};
    /** Each ASCII character's position in {@link #INPUT_CHARSET}, -1 if absent (every scriptPubKey that getblock prints has its checksum computed). */
    private static final byte[] POSITION = new byte[128];

    static {
        java.util.Arrays.fill(POSITION, (byte) -1);
        for (int i = 0; i < INPUT_CHARSET.length(); i++) POSITION[INPUT_CHARSET.charAt(i)] = (byte) i;
    }

    private DescriptorChecksum() {
    }

    /** For each value of the five bits shifted out, the XOR of the generator terms they select (one lookup a step). */
    private static final long[] SHIFTED_OUT = new long[32];

    static {
        for (int top = 0; top < 32; top++) {
            long x = 0;
            for (int i = 0; i < 5; i++) {
                if (((top >>> i) & 1) != 0) x ^= GENERATOR[i];
            }
            SHIFTED_OUT[top] = x;
        }
    }

    private static long polymod(long c, int value) {
        int top = (int) (c >>> 35);
        return (((c & 0x7ffffffffL) << 5) ^ value) ^ SHIFTED_OUT[top];
    }

    /** The checksum of {@code descriptor} (without '#'); throws for characters outside the input set. */
    public static String compute(String descriptor) throws DescriptorException {
        long c = 1;
        int groups = 0;
        int groupCount = 0;
        for (int i = 0; i < descriptor.length(); i++) {
            char ch = descriptor.charAt(i);
            int pos = ch < 128 ? POSITION[ch] : -1;
            if (pos < 0) throw new DescriptorException("Invalid characters in payload");
            c = polymod(c, pos & 31);
            // Every three characters, their group numbers (0..2) are packed into one extra symbol.
            groups = groups * 3 + (pos >> 5);
            if (++groupCount == 3) {
                c = polymod(c, groups);
                groups = 0;
                groupCount = 0;
            }
        }
        if (groupCount > 0) c = polymod(c, groups);
        for (int j = 0; j < 8; j++) c = polymod(c, 0);
        // XOR 1 so that appending zero symbols changes the checksum.
        c ^= 1;
        StringBuilder sb = new StringBuilder(8);
        for (int j = 0; j < 8; j++) sb.append(CHECKSUM_CHARSET.charAt((int) ((c >>> (5 * (7 - j))) & 31)));
        return sb.toString();
    }

    /** "desc#checksum". */
    public static String append(String descriptor) throws DescriptorException {
        return descriptor + "#" + compute(descriptor);
    }

    /**
     * Splits off and verifies a checksum, returning the payload. Messages follow Core's
     * CheckChecksum so RPC errors read the same.
     */
    public static String verify(String text, boolean required) throws DescriptorException {
        int hash = text.indexOf('#');
        if (hash >= 0 && text.indexOf('#', hash + 1) >= 0) throw new DescriptorException("Multiple '#' symbols");
        if (hash < 0) {
            if (required) throw new DescriptorException("Missing checksum");
            compute(text);
            return text;
        }
        String payload = text.substring(0, hash);
        String given = text.substring(hash + 1);
        if (given.length() != 8) throw new DescriptorException("Expected 8 character checksum, not " + given.length() + " characters");
        String computed = compute(payload);
        if (!computed.equals(given)) {
            throw new DescriptorException("Provided checksum '" + given + "' does not match computed checksum '" + computed + "'");
        }
        return payload;
    }
}
