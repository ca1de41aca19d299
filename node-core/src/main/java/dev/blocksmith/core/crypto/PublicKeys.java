package dev.blocksmith.core.crypto;

/** Encoding rules for serialized public keys (Core's CPubKey length rules). */
public final class PublicKeys {
    private PublicKeys() {
    }

    /**
     * Length implied by the header byte: 33 for compressed (02/03), 65 for uncompressed (04) and the
     * hybrid forms (06/07) that consensus still accepts; 0 for anything else.
     */
    public static int expectedLength(int header) {
        return switch (header) {
            case 2, 3 -> 33;
            case 4, 6, 7 -> 65;
            default -> 0;
        };
    }

    /** Core's CPubKey::IsValid: the length matches the header. Curve membership is checked on verification. */
    public static boolean hasValidLength(byte[] pubkey) {
        return pubkey.length > 0 && expectedLength(pubkey[0] & 0xff) == pubkey.length;
    }

    /** STRICTENC rule: 33-byte 02/03 or 65-byte 04 (not hybrid). */
    public static boolean isCompressedOrUncompressed(byte[] p) {
        if (p.length < 33) return false;
        int h = p[0] & 0xff;
        if (h == 0x04) return p.length == 65;
        if (h == 0x02 || h == 0x03) return p.length == 33;
        return false;
    }

    /** BIP143 WITNESS_PUBKEYTYPE rule: only compressed keys in segwit v0. */
    public static boolean isCompressed(byte[] p) {
        return p.length == 33 && ((p[0] & 0xff) == 0x02 || (p[0] & 0xff) == 0x03);
    }

    /** Core's CPubKey::IsFullyValid: the length matches the header and libsecp256k1 parses the point. */
    public static boolean isFullyValid(byte[] pubkey) {
        if (!hasValidLength(pubkey)) return false;
        try {
            Secp256k1Verifier.library().pubkeyParse(pubkey);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** BIP340 lift_x: whether 32 bytes are the x coordinate of a curve point (Core's XOnlyPubKey::IsFullyValid). */
    public static boolean isValidXOnly(byte[] xonly) {
        if (xonly.length != 32) return false;
        byte[] even = new byte[33];
        even[0] = 0x02;
        System.arraycopy(xonly, 0, even, 1, 32);
        return isFullyValid(even);
    }
}
