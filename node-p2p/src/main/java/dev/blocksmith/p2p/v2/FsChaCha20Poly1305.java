package dev.blocksmith.p2p.v2;

import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.modes.ChaCha20Poly1305;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

import java.util.Optional;

/**
 * BIP324's FSChaCha20Poly1305, the forward-secure AEAD of packet contents: ChaCha20-Poly1305 (RFC 8439, through
 * BouncyCastle) with the nonce {@code packet_counter mod 224 (u32) || packet_counter / 224 (u64)}, little-endian;
 * after every {@link FsChaCha20#REKEY_INTERVAL} packets the key becomes the first 32 bytes of the encryption of 32
 * zero bytes under the nonce {@code 0xffffffff || packet_counter / 224}.
 */
public final class FsChaCha20Poly1305 {
    /** The Poly1305 tag each packet carries. */
    public static final int TAG_SIZE = 16;

    private byte[] key;
    private long packetCounter;

    public FsChaCha20Poly1305(byte[] key) {
        if (key.length != 32) throw new IllegalArgumentException("FSChaCha20Poly1305 keys are 32 bytes");
        this.key = key.clone();
    }

    public byte[] encrypt(byte[] aad, byte[] plaintext) {
        byte[] out = run(true, nonce(), aad, plaintext);
        advance();
        return out;
    }

    /** The plaintext, or empty when the tag does not authenticate (the caller then disconnects). */
    public Optional<byte[]> decrypt(byte[] aad, byte[] ciphertext) {
        if (ciphertext.length < TAG_SIZE) {
            advance();
            return Optional.empty();
        }
        byte[] nonce = nonce();
        Optional<byte[]> out;
        try {
            out = Optional.of(run(false, nonce, aad, ciphertext));
        } catch (IllegalStateException e) {
            out = Optional.empty();
        }
        advance();
        return out;
    }

    private byte[] nonce() {
        long index = packetCounter % FsChaCha20.REKEY_INTERVAL;
        long epoch = packetCounter / FsChaCha20.REKEY_INTERVAL;
        byte[] nonce = new byte[12];
        for (int i = 0; i < 4; i++) nonce[i] = (byte) (index >>> (8 * i));
        for (int i = 0; i < 8; i++) nonce[4 + i] = (byte) (epoch >>> (8 * i));
        return nonce;
    }

    private void advance() {
        if ((packetCounter + 1) % FsChaCha20.REKEY_INTERVAL == 0) {
            byte[] nonce = nonce();
            nonce[0] = nonce[1] = nonce[2] = nonce[3] = (byte) 0xff;
            byte[] next = run(true, nonce, new byte[0], new byte[32]);
            key = java.util.Arrays.copyOf(next, 32);
        }
        packetCounter++;
    }

    private byte[] run(boolean encrypt, byte[] nonce, byte[] aad, byte[] input) {
        ChaCha20Poly1305 aead = new ChaCha20Poly1305();
        aead.init(encrypt, new AEADParameters(new KeyParameter(key), TAG_SIZE * 8, nonce, aad));
        byte[] out = new byte[aead.getOutputSize(input.length)];
        int n = aead.processBytes(input, 0, input.length, out, 0);
        try {
            aead.doFinal(out, n);
        } catch (InvalidCipherTextException e) {
            throw new IllegalStateException("authentication failed", e);
        }
        return out;
    }
}
