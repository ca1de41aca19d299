package dev.blocksmith.rpc.methods.control;

/**
 * The figures getmemoryinfo reports for a node's locked (secure) memory pool, as bitcoind's LockedPool::Stats: bytes
 * used, free and managed in its arenas, bytes the operating system agreed to lock in RAM, and the chunks in use and
 * free.
 */
public record LockedMemoryStats(long used, long free, long total, long locked, long chunksUsed, long chunksFree) {
    /**
     * A node that keeps no locked pool. Blocksmith is such a node: it holds key material in ordinary JVM memory (and
     * wipes it after use), it allocates no mlock'ed arenas, so every figure is 0.
     */
    public static final LockedMemoryStats NO_POOL = new LockedMemoryStats(0, 0, 0, 0, 0, 0);

    public LockedMemoryStats {
        if (used < 0 || free < 0 || locked < 0 || chunksUsed < 0 || chunksFree < 0) {
            throw new IllegalArgumentException("negative locked memory figure");
        }
        if (used + free != total) throw new IllegalArgumentException("used + free must equal total");
        if (locked > total) throw new IllegalArgumentException("more bytes locked than managed");
    }
}
