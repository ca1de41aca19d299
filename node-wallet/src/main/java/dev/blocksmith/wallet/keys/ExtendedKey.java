package dev.blocksmith.wallet.keys;

import dev.blocksmith.core.address.AddressFormatException;
import dev.blocksmith.core.address.Base58;
import dev.blocksmith.core.crypto.Hashes;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.primitives.ByteWriter;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A BIP32 extended key: a secp256k1 key (private, or public only) with its chain code and position in
 * the tree. Immutable. Serialises to the 78-byte xprv/xpub (tprv/tpub on test networks) Base58Check
 * form using the network's BIP32 version bytes.
 */
public final class ExtendedKey {
    private static final int SERIALIZED_LENGTH = 78;

    private final int depth;
    private final int parentFingerprint;
    private final int childNumber;
    private final byte[] chainCode;
    private final byte[] secret;
    private final byte[] publicKey;
    /** HASH160 prefix of the public key, computed on first use: every child derived from this key needs it. */
    private volatile int fingerprint;
    private volatile boolean fingerprintKnown;

    private ExtendedKey(int depth, int parentFingerprint, int childNumber, byte[] chainCode, byte[] secret, byte[] publicKey) {
        this.depth = depth;
        this.parentFingerprint = parentFingerprint;
        this.childNumber = childNumber;
        this.chainCode = chainCode;
        this.secret = secret;
        this.publicKey = publicKey;
    }

    /** BIP32 master key: HMAC-SHA512(key "Bitcoin seed", seed); the seed must be 128..512 bits. */
    public static ExtendedKey fromSeed(byte[] seed) {
        if (seed.length < 16 || seed.length > 64) throw new IllegalArgumentException("seed must be 16..64 bytes");
        byte[] i = hmacSha512("Bitcoin seed".getBytes(java.nio.charset.StandardCharsets.US_ASCII), seed);
        byte[] il = Arrays.copyOfRange(i, 0, 32);
        if (!Secp.isValidSecret(il)) throw new IllegalArgumentException("seed yields an invalid master key; use another seed");
        return new ExtendedKey(0, 0, 0, Arrays.copyOfRange(i, 32, 64), il, Secp.publicKey(il));
    }

    /** One Mac per thread: a keypool top-up derives thousands of keys, and the provider lookup is not free. */
    private static final ThreadLocal<Mac> HMAC_SHA512 = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA512");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA512 unavailable", e);
        }
    });

    static byte[] hmacSha512(byte[] key, byte[] data) {
        try {
            Mac mac = HMAC_SHA512.get();
            mac.init(new SecretKeySpec(key, "HmacSHA512"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA512 unavailable", e);
        }
    }

    public boolean isPrivate() {
        return secret != null;
    }

    public int depth() {
        return depth;
    }

    public int parentFingerprint() {
        return parentFingerprint;
    }

    public int childNumber() {
        return childNumber;
    }

    public byte[] chainCode() {
        return chainCode.clone();
    }

    /** The 32-byte secret; empty for a public-only key. */
    public Optional<byte[]> secret() {
        return secret == null ? Optional.empty() : Optional.of(secret.clone());
    }

    /** 33-byte compressed public key. */
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** First four bytes of HASH160(public key), as a big-endian int (BIP32 key identifier prefix). */
    public int fingerprint() {
        if (!fingerprintKnown) {
            fingerprint = ByteBuffer.wrap(Hashes.hash160(publicKey), 0, 4).getInt();
            fingerprintKnown = true;
        }
        return fingerprint;
    }

    /** The public-only counterpart (BIP32 "neuter"). */
    public ExtendedKey neuter() {
        return secret == null ? this : new ExtendedKey(depth, parentFingerprint, childNumber, chainCode, null, publicKey);
    }

    /**
     * CKDpriv / CKDpub. A hardened index needs the private key. Throws {@link InvalidChildException} in the
     * (probability below 2^-127) case BIP32 says the index must be skipped.
     */
    public ExtendedKey derive(int index) {
        boolean hardened = KeyPath.isHardened(index);
        if (hardened && secret == null) throw new IllegalStateException("hardened derivation needs a private key");
        if (depth == 255) throw new IllegalStateException("maximum BIP32 depth reached");
        ByteWriter data = new ByteWriter(37);
        if (hardened) data.u8(0).bytes(secret);
        else data.bytes(publicKey);
        byte[] idx = ByteBuffer.allocate(4).putInt(index).array();
        data.bytes(idx);
        byte[] i = hmacSha512(chainCode, data.toByteArray());
        byte[] il = Arrays.copyOfRange(i, 0, 32);
        byte[] ir = Arrays.copyOfRange(i, 32, 64);
        if (secret != null) {
            byte[] child = Secp.tweakSecret(secret, il).orElseThrow(() -> new InvalidChildException(index));
            return new ExtendedKey(depth + 1, fingerprint(), index, ir, child, Secp.publicKey(child));
        }
        byte[] childPub = Secp.tweakPublicKey(publicKey, il).orElseThrow(() -> new InvalidChildException(index));
        return new ExtendedKey(depth + 1, fingerprint(), index, ir, null, childPub);
    }

    public ExtendedKey derive(KeyPath path) {
        ExtendedKey k = this;
        for (int step : path.steps()) k = k.derive(step);
        return k;
    }

    /** xprv/tprv for a private key, xpub/tpub for a public one. */
    public String serialize(NetworkParams params) {
        ByteWriter w = new ByteWriter(SERIALIZED_LENGTH);
        w.bytes(ByteBuffer.allocate(4).putInt(secret != null ? params.xprvVersion() : params.xpubVersion()).array());
        w.u8(depth);
        w.bytes(ByteBuffer.allocate(4).putInt(parentFingerprint).array());
        w.bytes(ByteBuffer.allocate(4).putInt(childNumber).array());
        w.bytes(chainCode);
        if (secret != null) w.u8(0).bytes(secret);
        else w.bytes(publicKey);
        byte[] raw = w.toByteArray();
        String out = Base58.encodeChecked(raw);
        Arrays.fill(raw, (byte) 0);
        return out;
    }

    public String serializePublic(NetworkParams params) {
        return neuter().serialize(params);
    }

    /**
     * Parses an xprv/xpub (or the network's equivalents) with every BIP32 validity check: checksum,
     * length, known version, zero parent/index at depth 0, private key in 1..n-1 behind a 0x00 byte, and
     * public key a valid compressed point.
     */
    public static ExtendedKey parse(String text, NetworkParams params) throws AddressFormatException {
        byte[] raw = Base58.decodeChecked(text);
        try {
            if (raw.length != SERIALIZED_LENGTH) throw new AddressFormatException("Invalid extended key length");
            ByteBuffer b = ByteBuffer.wrap(raw);
            int version = b.getInt();
            boolean isPrivate;
            if (version == params.xprvVersion()) isPrivate = true;
            else if (version == params.xpubVersion()) isPrivate = false;
            else throw new AddressFormatException("Unknown extended key version");
            int depth = b.get() & 0xff;
            int parent = b.getInt();
            int child = b.getInt();
            if (depth == 0 && (parent != 0 || child != 0)) {
                throw new AddressFormatException("Extended key at depth 0 must have zero parent fingerprint and index");
            }
            byte[] chain = new byte[32];
            b.get(chain);
            byte[] key = new byte[33];
            b.get(key);
            if (isPrivate) {
                if (key[0] != 0) throw new AddressFormatException("Invalid private key prefix in extended key");
                byte[] sec = Arrays.copyOfRange(key, 1, 33);
                if (!Secp.isValidSecret(sec)) throw new AddressFormatException("Private key in extended key is out of range");
                return new ExtendedKey(depth, parent, child, chain, sec, Secp.publicKey(sec));
            }
            if (key[0] != 2 && key[0] != 3) throw new AddressFormatException("Invalid public key prefix in extended key");
            byte[] pub = Secp.parsePublicKey(key).orElseThrow(() -> new AddressFormatException("Invalid public key in extended key"));
            return new ExtendedKey(depth, parent, child, chain, null, pub);
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExtendedKey k && k.depth == depth && k.parentFingerprint == parentFingerprint && k.childNumber == childNumber
                && Arrays.equals(k.chainCode, chainCode) && Arrays.equals(k.publicKey, publicKey)
                && (secret == null ? k.secret == null : k.secret != null && MessageDigest.isEqual(secret, k.secret));
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(publicKey) ^ Arrays.hashCode(chainCode);
    }

    /** Never prints secret material. */
    @Override
    public String toString() {
        return "ExtendedKey[" + (secret != null ? "private" : "public") + ", depth=" + depth
                + ", fingerprint=" + String.format("%08x", fingerprint()) + "]";
    }

    /** BIP32: the derived key is invalid (IL >= n or the result is zero); proceed with the next index. */
    public static final class InvalidChildException extends RuntimeException {
        public InvalidChildException(int index) {
            super("invalid BIP32 child at index " + Integer.toUnsignedString(index) + ", use the next index");
        }
    }
}
