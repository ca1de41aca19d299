package dev.blocksmith.wallet.keystore;

import dev.blocksmith.core.primitives.ByteReader;
import dev.blocksmith.core.primitives.ByteWriter;
import java.util.Arrays;

/**
 * The at-rest form of a secret: scrypt parameters and salt for the key, the AES-GCM nonce, and the
 * ciphertext with its 16-byte tag. Contains nothing secret. Serialised as
 * version(1) | log2N(1) | r(4) | p(4) | salt(16) | nonce(12) | len(4) | ciphertext.
 */
public final class EncryptedSecret {
    static final int VERSION = 1;

    private final ScryptParams params;
    private final byte[] salt;
    private final byte[] nonce;
    private final byte[] ciphertext;

    EncryptedSecret(ScryptParams params, byte[] salt, byte[] nonce, byte[] ciphertext) {
        this.params = params;
        this.salt = salt.clone();
        this.nonce = nonce.clone();
        this.ciphertext = ciphertext.clone();
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
        return new ByteWriter(38).u8(VERSION).u8(Integer.numberOfTrailingZeros(params.n())).i32le(params.r()).i32le(params.p())
                .bytes(salt).bytes(nonce).toByteArray();
    }

    public byte[] serialize() {
        return new ByteWriter(42 + ciphertext.length).bytes(header()).i32le(ciphertext.length).bytes(ciphertext).toByteArray();
    }

    public static EncryptedSecret parse(byte[] data) {
        ByteReader r = new ByteReader(data);
        int version = r.u8();
        if (version != VERSION) throw new IllegalArgumentException("unknown keystore version " + version);
        int logN = r.u8();
        if (logN < 1 || logN > 30) throw new IllegalArgumentException("bad scrypt N");
        ScryptParams params = new ScryptParams(1 << logN, r.i32le(), r.i32le());
        byte[] salt = r.bytes(16);
        byte[] nonce = r.bytes(12);
        int len = r.i32le();
        if (len < 16 || len > data.length) throw new IllegalArgumentException("bad ciphertext length");
        return new EncryptedSecret(params, salt, nonce, r.bytes(len));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EncryptedSecret e && e.params.equals(params) && Arrays.equals(e.salt, salt) && Arrays.equals(e.nonce, nonce)
                && Arrays.equals(e.ciphertext, ciphertext);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(ciphertext);
    }
}
