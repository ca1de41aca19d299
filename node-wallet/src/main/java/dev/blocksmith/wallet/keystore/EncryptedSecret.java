package dev.blocksmith.wallet.keystore;

import dev.blocksmith.core.primitives.ByteReader;
import dev.blocksmith.core.primitives.ByteWriter;
import java.util.Arrays;

/**
 * The at-rest form of a secret: scrypt parameters and salt for the key, the AES-GCM nonce, and the
 * ciphertext with its 16-byte tag. Contains nothing secret. Serialised as
 * version(1) | log2N(1) | r(4) | p(4) | salt(16) | nonce(12) | len(4) | ciphertext.
 *
 * <p>Version 1 derived the key from the passphrase's UTF-8 bytes alone, which scrypt's HMAC pads with zero bytes,
 * so a passphrase and the same one with trailing NUL characters opened the same secret (bitcoind tells them
 * apart). Version 2 derives it from the length-prefixed bytes; version 1 secrets still open as they were sealed.
 */
public final class EncryptedSecret {
    /** The version new secrets are sealed with. */
    static final int VERSION = 2;
    static final int V1_UNPREFIXED_PASSPHRASE = 1;

    private final int version;

    private final ScryptParams params;
    private final byte[] salt;
    private final byte[] nonce;
    private final byte[] ciphertext;

    EncryptedSecret(int version, ScryptParams params, byte[] salt, byte[] nonce, byte[] ciphertext) {
        this.version = version;
        this.params = params;
        this.salt = salt.clone();
        this.nonce = nonce.clone();
        this.ciphertext = ciphertext.clone();
    }

    /** How the key is derived from the passphrase (see the class comment). */
    int version() {
        return version;
    }

    public ScryptParams params() {
        return params;
    }

    byte[] salt() {
        return salt.clone();
    }

    byte[] nonce() {
        return nonce.clone();
    }

    byte[] ciphertext() {
        return ciphertext.clone();
    }

    /** The header bytes, authenticated as GCM associated data so no parameter can be swapped. */
    byte[] header() {
        return new ByteWriter(38).u8(version).u8(Integer.numberOfTrailingZeros(params.n())).i32le(params.r()).i32le(params.p())
                .bytes(salt).bytes(nonce).toByteArray();
    }

    public byte[] serialize() {
        return new ByteWriter(42 + ciphertext.length).bytes(header()).i32le(ciphertext.length).bytes(ciphertext).toByteArray();
    }

    public static EncryptedSecret parse(byte[] data) {
        ByteReader r = new ByteReader(data);
        int version = r.u8();
        if (version != VERSION && version != V1_UNPREFIXED_PASSPHRASE) throw new IllegalArgumentException("unknown keystore version " + version);
        int logN = r.u8();
        if (logN < 1 || logN > 30) throw new IllegalArgumentException("bad scrypt N");
        ScryptParams params = new ScryptParams(1 << logN, r.i32le(), r.i32le());
        byte[] salt = r.bytes(16);
        byte[] nonce = r.bytes(12);
        int len = r.i32le();
        if (len < 16 || len > data.length) throw new IllegalArgumentException("bad ciphertext length");
        return new EncryptedSecret(version, params, salt, nonce, r.bytes(len));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EncryptedSecret e && e.version == version && e.params.equals(params) && Arrays.equals(e.salt, salt) && Arrays.equals(e.nonce, nonce)
                && Arrays.equals(e.ciphertext, ciphertext);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(ciphertext);
    }
}
