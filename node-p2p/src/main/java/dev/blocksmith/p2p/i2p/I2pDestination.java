package dev.blocksmith.p2p.i2p;

import dev.blocksmith.core.crypto.Hashes;
import dev.blocksmith.p2p.addr.NetAddr;
import dev.blocksmith.p2p.message.AddrV2Entry;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;

/**
 * I2P destinations as the SAM bridge exchanges them: I2P's Base64 (standard Base64 with {@code -} and {@code ~} for
 * {@code +} and {@code /}), the destination inside a private key, and the ".b32.i2p" address (base32 of the SHA-256
 * of the destination) that addrv2 and getpeerinfo show.
 */
public final class I2pDestination {
    /** A destination is 387 bytes plus the certificate length stored at bytes 385-386 (I2P common structures). */
    private static final int DEST_LEN_BASE = 387;
    private static final int CERT_LEN_POS = 385;

    private I2pDestination() {
    }

    public static byte[] decodeBase64(String i2pBase64) throws SamException {
        try {
            return Base64.getDecoder().decode(swap(i2pBase64));
        } catch (IllegalArgumentException e) {
            throw new SamException("Cannot decode Base64: \"" + i2pBase64 + "\"");
        }
    }

    public static String encodeBase64(byte[] data) {
        return swap(Base64.getEncoder().encodeToString(data));
    }

    /** Swaps the two alphabets' last characters, which converts either way. */
    private static String swap(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            out.append(switch (c) {
                case '-' -> '+';
                case '~' -> '/';
                case '+' -> '-';
                case '/' -> '~';
                default -> c;
            });
        }
        return out.toString();
    }

    /** The "&lt;52 base32 characters&gt;.b32.i2p" address of a binary destination. */
    public static String address(byte[] destination) {
        byte[] hash = Hashes.sha256(destination);
        return NetAddr.ofBip155(AddrV2Entry.NET_I2P, hash).orElseThrow().host();
    }

    /** The public destination at the start of a private key (bitcoind's Session::MyDestination). */
    public static byte[] ofPrivateKey(byte[] privateKey) throws SamException {
        if (privateKey.length < CERT_LEN_POS + 2) {
            throw new SamException("The private key is too short (" + privateKey.length + " < " + (CERT_LEN_POS + 2) + ")");
        }
        int certLen = ByteBuffer.wrap(privateKey, CERT_LEN_POS, 2).getShort() & 0xffff;
        int destLen = DEST_LEN_BASE + certLen;
        if (destLen > privateKey.length) {
            throw new SamException("Certificate length (" + certLen + ") designates that the private key should be " + destLen
                    + " bytes, but it is only " + privateKey.length + " bytes");
        }
        return Arrays.copyOf(privateKey, destLen);
    }
}
