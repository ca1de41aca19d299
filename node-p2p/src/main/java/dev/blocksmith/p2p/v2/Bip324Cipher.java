package dev.blocksmith.p2p.v2;

import dev.blocksmith.core.crypto.ElligatorSwift;
import dev.blocksmith.core.crypto.Hashes;

import java.util.Arrays;
import java.util.Optional;

/**
 * The keys and ciphers of one BIP324 session (bitcoind's BIP324Cipher): the x-only ECDH of the two ElligatorSwift
 * keys, HKDF-SHA256 ({@link SessionKeys}), the four
 * directional ciphers, the two garbage terminators and the session id.
 * <p>
 * A packet on the wire is {@code FSChaCha20(length, 3 bytes LE)} followed by
 * {@code FSChaCha20Poly1305(aad, header byte || contents)}; the header's bit 7 marks a decoy to be ignored.
 */
public final class Bip324Cipher {
    public static final int LENGTH_SIZE = 3;
    public static final int HEADER_SIZE = 1;
    /** Bytes a packet adds to its contents: length, header, tag (bitcoind's BIP324Cipher::EXPANSION). */
    public static final int EXPANSION = LENGTH_SIZE + HEADER_SIZE + FsChaCha20Poly1305.TAG_SIZE;
    public static final int GARBAGE_TERMINATOR_SIZE = 16;
    private static final int IGNORE_BIT = 0x80;

    private final FsChaCha20 sendLength;
    private final FsChaCha20Poly1305 sendPacket;
    private final FsChaCha20 recvLength;
    private final FsChaCha20Poly1305 recvPacket;
    private final byte[] sendGarbageTerminator;
    private final byte[] recvGarbageTerminator;
    private final byte[] sessionId;

    /** One decrypted packet: its contents and whether the sender marked it a decoy. */
    public record Packet(boolean ignore, byte[] contents) {
    }

    private Bip324Cipher(SessionKeys keys, boolean initiating) {
        this.sessionId = keys.sessionId();
        this.sendLength = new FsChaCha20(keys.lengthKey(initiating));
        this.sendPacket = new FsChaCha20Poly1305(keys.packetKey(initiating));
        this.recvLength = new FsChaCha20(keys.lengthKey(!initiating));
        this.recvPacket = new FsChaCha20Poly1305(keys.packetKey(!initiating));
        this.sendGarbageTerminator = keys.garbageTerminator(initiating);
        this.recvGarbageTerminator = keys.garbageTerminator(!initiating);
    }

    /**
     * The session after the key exchange: our private key and encoding, the peer's 64-byte encoding, and which side
     * opened the connection (the initiator's encoding comes first in the hashed transcript).
     */
    public static Bip324Cipher initialize(byte[] ourPrivateKey, byte[] ourEncoded, byte[] theirEncoded, boolean initiating, byte[] magic) {
        return fromSharedSecret(sharedSecret(ourPrivateKey, ourEncoded, theirEncoded, initiating), initiating, magic);
    }

    /** The session from the secrets a {@link KeyExchange} derived. */
    public static Bip324Cipher fromKeys(SessionKeys keys, boolean initiating) {
        return new Bip324Cipher(keys, initiating);
    }

    /** BIP324's v2_ecdh: the tagged hash of both encodings (initiator's first) and the x-only ECDH result. */
    static byte[] sharedSecret(byte[] ourPrivateKey, byte[] ourEncoded, byte[] theirEncoded, boolean initiating) {
        byte[] x = ElligatorSwift.xOnlyEcdh(theirEncoded, ourPrivateKey);
        byte[] first = initiating ? ourEncoded : theirEncoded;
        byte[] second = initiating ? theirEncoded : ourEncoded;
        return Hashes.taggedHash("bip324_ellswift_xonly_ecdh", first, second, x);
    }

    /** For tests: the session from a known shared secret. */
    static Bip324Cipher fromSharedSecret(byte[] sharedSecret, boolean initiating, byte[] magic) {
        return new Bip324Cipher(SessionKeys.derive(sharedSecret, magic), initiating);
    }

    /** One HKDF-SHA256 output of the session (for tests: BIP324's mid_* vector values). */
    static byte[] derive(byte[] sharedSecret, byte[] magic, String info) {
        return SessionKeys.derive(sharedSecret, magic, info);
    }

    /** The whole encrypted packet for {@code contents}: encrypted length, then the AEAD ciphertext with tag. */
    public byte[] encrypt(byte[] contents, byte[] aad, boolean ignore) {
        int len = contents.length;
        if (len >= 1 << 24) throw new IllegalArgumentException("packet contents too large");
        byte[] encLength = sendLength.crypt(new byte[] {(byte) len, (byte) (len >>> 8), (byte) (len >>> 16)});
        byte[] plaintext = new byte[HEADER_SIZE + len];
        plaintext[0] = (byte) (ignore ? IGNORE_BIT : 0);
        System.arraycopy(contents, 0, plaintext, 1, len);
        return concat(encLength, sendPacket.encrypt(aad, plaintext));
    }

    /** The contents length an encrypted 3-byte length field announces. */
    public int decryptLength(byte[] encrypted) {
        byte[] b = recvLength.crypt(encrypted);
        return (b[0] & 0xff) | (b[1] & 0xff) << 8 | (b[2] & 0xff) << 16;
    }

    /** Decrypts the AEAD part of a packet (header, contents, tag); empty when it does not authenticate. */
    public Optional<Packet> decrypt(byte[] ciphertext, byte[] aad) {
        return recvPacket.decrypt(aad, ciphertext)
                .map(p -> new Packet((p[0] & IGNORE_BIT) != 0, Arrays.copyOfRange(p, HEADER_SIZE, p.length)));
    }

    public byte[] sessionId() { return sessionId.clone(); }
    public byte[] sendGarbageTerminator() { return sendGarbageTerminator.clone(); }
    public byte[] recvGarbageTerminator() { return recvGarbageTerminator.clone(); }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
