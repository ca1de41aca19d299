package dev.blocksmith.core.crypto;

import java.math.BigInteger;
import java.util.Optional;

/**
 * An ECDSA signature as the (r, s) pair recovered from a DER-ish encoding the way consensus reads it.
 * Bitcoin Core parses with {@code ecdsa_signature_parse_der_lax}, which accepts the BER-like encodings
 * that OpenSSL accepted before BIP66: arbitrary length-of-length bytes, leading zeros, trailing garbage.
 * Strict DER is only required when the DERSIG flag is set, and that check lives in the interpreter.
 * This class only decodes bytes; all curve arithmetic is left to libsecp256k1 or BouncyCastle.
 *
 * @param r 32-byte big-endian R
 * @param s 32-byte big-endian S
 * @param overflow true when R or S did not fit in 32 bytes or was not below the group order; such a
 *     signature is treated as all-zero and never verifies
 */
public record EcdsaSignature(byte[] r, byte[] s, boolean overflow) {
    /** secp256k1 group order n. */
    public static final BigInteger ORDER = new BigInteger("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", 16);
    public static final BigInteger HALF_ORDER = ORDER.shiftRight(1);

    /** Lax DER parse; empty when the outer structure is unusable (Core returns 0 there). */
    public static Optional<EcdsaSignature> parseLax(byte[] in) {
        int len = in.length;
        int pos = 0;
        if (pos == len || (in[pos] & 0xff) != 0x30) return Optional.empty();
        pos++;
        if (pos == len) return Optional.empty();
        int lenbyte = in[pos++] & 0xff;
        if ((lenbyte & 0x80) != 0) {
            lenbyte -= 0x80;
            if (lenbyte > len - pos) return Optional.empty();
            pos += lenbyte;
        }
        long[] rOut = new long[2];
        pos = readInteger(in, pos, rOut);
        if (pos < 0) return Optional.empty();
        int rpos = (int) rOut[0];
        int rlen = (int) rOut[1];
        long[] sOut = new long[2];
        pos = readInteger(in, pos, sOut);
        if (pos < 0) return Optional.empty();
        int spos = (int) sOut[0];
        int slen = (int) sOut[1];

        while (rlen > 0 && in[rpos] == 0) {
            rlen--;
            rpos++;
        }
        while (slen > 0 && in[spos] == 0) {
            slen--;
            spos++;
        }
        byte[] r = new byte[32];
        byte[] s = new byte[32];
        boolean overflow = rlen > 32 || slen > 32;
        if (!overflow) {
            System.arraycopy(in, rpos, r, 32 - rlen, rlen);
            System.arraycopy(in, spos, s, 32 - slen, slen);
            overflow = new BigInteger(1, r).compareTo(ORDER) >= 0 || new BigInteger(1, s).compareTo(ORDER) >= 0;
        }
        if (overflow) return Optional.of(new EcdsaSignature(new byte[32], new byte[32], true));
        return Optional.of(new EcdsaSignature(r, s, false));
    }

    /** Reads an INTEGER tag and length; stores (offset, length) of its content; returns the next position or -1. */
    private static int readInteger(byte[] in, int pos, long[] out) {
        int len = in.length;
        if (pos == len || (in[pos] & 0xff) != 0x02) return -1;
        pos++;
        if (pos == len) return -1;
        int lenbyte = in[pos++] & 0xff;
        long vlen;
        if ((lenbyte & 0x80) != 0) {
            lenbyte -= 0x80;
            if (lenbyte > len - pos) return -1;
            while (lenbyte > 0 && in[pos] == 0) {
                pos++;
                lenbyte--;
            }
            if (lenbyte >= 4) return -1;
            vlen = 0;
            while (lenbyte > 0) {
                vlen = (vlen << 8) + (in[pos] & 0xff);
                pos++;
                lenbyte--;
            }
        } else {
            vlen = lenbyte;
        }
        if (vlen > len - pos) return -1;
        out[0] = pos;
        out[1] = vlen;
        return pos + (int) vlen;
    }

    /** 64-byte r||s. */
    public byte[] compact() {
        byte[] out = new byte[64];
        System.arraycopy(r, 0, out, 0, 32);
        System.arraycopy(s, 0, out, 32, 32);
        return out;
    }

    /** BIP62/BIP146 low S: S at most n/2 (an overflowed signature counts as zero, hence low, as in Core). */
    public boolean isLowS() {
        return new BigInteger(1, s).compareTo(HALF_ORDER) <= 0;
    }

    public BigInteger rValue() {
        return new BigInteger(1, r);
    }

    public BigInteger sValue() {
        return new BigInteger(1, s);
    }
}
