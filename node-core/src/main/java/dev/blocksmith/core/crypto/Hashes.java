package dev.blocksmith.core.crypto;

import dev.blocksmith.core.primitives.Sha256Hash;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.crypto.digests.RIPEMD160Digest;

/**
 * The hash functions of the protocol. SHA-256 uses the JDK's provider, which HotSpot accelerates
 * with SHA-NI where the CPU has it; RIPEMD-160 comes from BouncyCastle.
 */
public final class Hashes {
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(Hashes::newSha256);
    private static final ConcurrentHashMap<String, byte[]> TAG_PREFIXES = new ConcurrentHashMap<>();

    private Hashes() {
    }

    public static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }

    public static byte[] sha256(byte[] data) {
        return sha256(data, 0, data.length);
    }

    public static byte[] sha256(byte[] data, int off, int len) {
        MessageDigest md = SHA256.get();
        md.reset();
        md.update(data, off, len);
        return md.digest();
    }

    public static byte[] sha256d(byte[] data) {
        return sha256d(data, 0, data.length);
    }

    public static byte[] sha256d(byte[] data, int off, int len) {
        MessageDigest md = SHA256.get();
        md.reset();
        md.update(data, off, len);
        byte[] first = md.digest();
        return md.digest(first);
    }

    /**
     * Double SHA-256 of the concatenation of pieces of {@code data}, given as offset and length pairs: the txid of a
     * witness transaction is the hash of its serialization without the marker, flag and witnesses, which are cut out
     * instead of serializing the transaction again.
     */
    public static Sha256Hash hash256OfRanges(byte[] data, int... offsetLengthPairs) {
        MessageDigest md = SHA256.get();
        md.reset();
        for (int i = 0; i < offsetLengthPairs.length; i += 2) md.update(data, offsetLengthPairs[i], offsetLengthPairs[i + 1]);
        byte[] first = md.digest();
        return Sha256Hash.wrapOwned(md.digest(first));
    }

    /** Double SHA-256 as a {@link Sha256Hash} in internal order (txids, block hashes). */
    public static Sha256Hash hash256(byte[] data) {
        return Sha256Hash.wrapOwned(sha256d(data));
    }

    public static byte[] ripemd160(byte[] data) {
        RIPEMD160Digest d = new RIPEMD160Digest();
        d.update(data, 0, data.length);
        byte[] out = new byte[20];
        d.doFinal(out, 0);
        return out;
    }

    /** RIPEMD160(SHA256(x)): the 20-byte hash of P2PKH, P2SH and P2WPKH. */
    public static byte[] hash160(byte[] data) {
        return ripemd160(sha256(data));
    }

    public static byte[] sha1(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** BIP340 tagged hash: SHA256(SHA256(tag) || SHA256(tag) || msg). */
    public static byte[] taggedHash(String tag, byte[]... parts) {
        byte[] prefix = TAG_PREFIXES.computeIfAbsent(tag, t -> {
            byte[] th = sha256(t.getBytes(StandardCharsets.UTF_8));
            byte[] p = new byte[64];
            System.arraycopy(th, 0, p, 0, 32);
            System.arraycopy(th, 0, p, 32, 32);
            return p;
        });
        MessageDigest md = SHA256.get();
        md.reset();
        md.update(prefix);
        for (byte[] part : parts) {
            md.update(part);
        }
        return md.digest();
    }
}
