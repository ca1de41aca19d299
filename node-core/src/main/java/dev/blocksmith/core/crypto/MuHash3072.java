package dev.blocksmith.core.crypto;

import dev.blocksmith.core.primitives.Sha256Hash;
import java.math.BigInteger;
import org.bouncycastle.crypto.engines.ChaCha7539Engine;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;

/**
 * The rolling multiset hash bitcoind uses for the UTXO set (gettxoutsetinfo "muhash", coinstatsindex):
 * each element is SHA-256 hashed, the hash keys a ChaCha20 keystream of 384 bytes read as a little-endian
 * 3072-bit number, and the set is the product of those numbers modulo the prime 2^3072 - 1103717. Order of
 * insertion does not matter and removal divides the element out again, so the hash can follow the set
 * block by block. The final digest is the SHA-256 of the reduced product in 384 little-endian bytes.
 *
 * <p>Kept as a numerator and a denominator, as bitcoind does, so that a removal costs a multiplication and
 * the one modular inverse happens at {@link #digest()}. Not thread-safe.
 */
public final class MuHash3072 {
    static final int BYTE_SIZE = 384;
    static final BigInteger MODULUS = BigInteger.ONE.shiftLeft(3072).subtract(BigInteger.valueOf(1103717));
    private static final BigInteger LIMB_MASK = BigInteger.ONE.shiftLeft(3072).subtract(BigInteger.ONE);
    private static final BigInteger FOLD = BigInteger.valueOf(1103717);

    private BigInteger numerator = BigInteger.ONE;
    private BigInteger denominator = BigInteger.ONE;

    /** The hash of the empty set. */
    public MuHash3072() {
    }

    /** Adds one element (for the UTXO set: a coin serialized as outpoint, height*2+coinbase, output). */
    public MuHash3072 insert(byte[] element) {
        numerator = reduce(numerator.multiply(toNum3072(element)));
        return this;
    }

    /** Removes one element previously inserted. */
    public MuHash3072 remove(byte[] element) {
        denominator = reduce(denominator.multiply(toNum3072(element)));
        return this;
    }

    /** Adds every element of {@code other} (the union of two disjoint multisets). */
    public MuHash3072 combine(MuHash3072 other) {
        numerator = reduce(numerator.multiply(other.numerator));
        denominator = reduce(denominator.multiply(other.denominator));
        return this;
    }

    /** Removes every element of {@code other}. */
    public MuHash3072 difference(MuHash3072 other) {
        numerator = reduce(numerator.multiply(other.denominator));
        denominator = reduce(denominator.multiply(other.numerator));
        return this;
    }

    /** The 32-byte digest of the set as bitcoind's Finalize gives it; {@code toHex()} is the RPC form. */
    public Sha256Hash digest() {
        return Sha256Hash.wrapOwned(Hashes.sha256(littleEndian(reduced())));
    }

    /**
     * The set as one 384-byte little-endian number (numerator over denominator), what an index stores to resume
     * from. The object keeps that reduced form, so the one modular inverse is not paid again by {@link #digest()}.
     */
    public byte[] state() {
        return littleEndian(reduced());
    }

    /** A set saved with {@link #state()}. */
    public static MuHash3072 fromState(byte[] state) {
        if (state.length != BYTE_SIZE) throw new IllegalArgumentException("MuHash3072 state must be 384 bytes");
        MuHash3072 m = new MuHash3072();
        m.numerator = new BigInteger(1, Sha256Hash.reverse(state)).mod(MODULUS);
        return m;
    }

    private BigInteger reduced() {
        if (!denominator.equals(BigInteger.ONE)) {
            numerator = reduce(numerator.multiply(denominator.modInverse(MODULUS)));
            denominator = BigInteger.ONE;
        }
        return numerator;
    }

    /**
     * {@code x mod p} for a non-negative {@code x} below p^2, using the modulus' form p = 2^3072 - c: the bits above
     * 3072 are worth c times as much below, so two folds and one subtraction replace a general division (bitcoind's
     * Num3072 reduces the same way).
     */
    static BigInteger reduce(BigInteger x) {
        while (x.bitLength() > 3072) x = x.shiftRight(3072).multiply(FOLD).add(x.and(LIMB_MASK));
        return x.compareTo(MODULUS) >= 0 ? x.subtract(MODULUS) : x;
    }

    /** ToNum3072: SHA-256 of the element keys ChaCha20 (zero nonce, counter 0); its first 384 bytes, little-endian. */
    static BigInteger toNum3072(byte[] element) {
        ChaCha7539Engine chacha = new ChaCha7539Engine();
        chacha.init(true, new ParametersWithIV(new KeyParameter(Hashes.sha256(element)), new byte[12]));
        byte[] stream = new byte[BYTE_SIZE];
        chacha.processBytes(new byte[BYTE_SIZE], 0, BYTE_SIZE, stream, 0);
        return new BigInteger(1, Sha256Hash.reverse(stream));
    }

    private static byte[] littleEndian(BigInteger value) {
        byte[] big = value.toByteArray();
        byte[] out = new byte[BYTE_SIZE];
        // toByteArray may carry a leading sign byte or be shorter than 384 bytes; copy the low-order bytes reversed.
        int n = Math.min(big.length, BYTE_SIZE);
        for (int i = 0; i < n; i++) out[i] = big[big.length - 1 - i];
        return out;
    }

    @Override
    public String toString() {
        return "MuHash3072[" + digest().toHex() + "]";
    }
}
