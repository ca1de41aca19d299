package dev.blocksmith.miner.sha;

/**
 * Double SHA-256 of an 80-byte block header, specialised for nonce search.
 *
 * <p>The first 64 header bytes (version, previous block hash, 28 bytes of the merkle root) do not
 * depend on the nonce, so {@link #load} compresses them once (the "midstate"); each nonce then costs
 * the compression of the second 64-byte chunk plus the single-block second hash: two compressions
 * instead of three. An instance keeps mutable scratch state and is used by one thread only; it
 * allocates nothing per nonce.
 *
 * <p>Nonces are handled as {@code int}s holding the unsigned 32-bit header field; the header stores
 * them little-endian at bytes 76..79.
 */
public interface Sha256dKernel {

    /** Short name for logs and benchmarks. */
    String name();

    /**
     * Loads a header: copies bytes 64..75 (merkle root tail, time, bits) and computes the midstate of
     * bytes 0..63. Bytes 76..79 (the nonce) are ignored.
     */
    void load(byte[] header80);

    /**
     * Hashes nonces {@code firstNonce, firstNonce + 1, ...} ({@code count} of them, {@code count >= 0},
     * wrapping modulo 2^32) and stops at the first whose hash, read as a 256-bit little-endian number,
     * has its most significant 32 bits (internal-order bytes 28..31) not above {@code topWordLimit}
     * (unsigned). Such a nonce is only a candidate: the caller checks the full hash against the target.
     *
     * @return the candidate nonce as an unsigned value, or -1 if none of the nonces qualified
     */
    long scan(int firstNonce, int count, int topWordLimit);

    /** Writes the full double SHA-256 (internal byte order) of the loaded header with {@code nonce}. */
    void hash(int nonce, byte[] out32);
}
