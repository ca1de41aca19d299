package dev.blocksmith.p2p.v2;

import org.bouncycastle.crypto.engines.ChaCha7539Engine;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;

/**
 * BIP324's FSChaCha20, the forward-secure stream cipher of the packet length fields: one ChaCha20 (RFC 8439)
 * keystream across chunks, and after every {@link #REKEY_INTERVAL} chunks the next 32 keystream bytes become the
 * key, with the nonce {@code 0u32 || rekey_count u64} (little-endian) and the block counter back at 0.
 * The cipher itself is BouncyCastle's.
 */
public final class FsChaCha20 {
    /** BIP324's REKEY_INTERVAL: chunks (packets) per key. */
    public static final int REKEY_INTERVAL = 224;

    private final ChaCha7539Engine engine = new ChaCha7539Engine();
    private int chunkCounter;
    private long rekeyCounter;

    public FsChaCha20(byte[] key) {
        if (key.length != 32) throw new IllegalArgumentException("FSChaCha20 keys are 32 bytes");
        init(key);
    }

    private void init(byte[] key) {
        byte[] nonce = new byte[12];
        for (int i = 0; i < 8; i++) nonce[4 + i] = (byte) (rekeyCounter >>> (8 * i));
        engine.init(true, new ParametersWithIV(new KeyParameter(key), nonce));
    }

    /** Encrypts or decrypts one chunk (the same operation). */
    public byte[] crypt(byte[] chunk) {
        byte[] out = new byte[chunk.length];
        engine.processBytes(chunk, 0, chunk.length, out, 0);
        if (++chunkCounter == REKEY_INTERVAL) {
            byte[] newKey = new byte[32];
            engine.processBytes(new byte[32], 0, 32, newKey, 0);
            chunkCounter = 0;
            rekeyCounter++;
            init(newKey);
        }
        return out;
    }
}
