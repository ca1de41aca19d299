package dev.blocksmith.wallet.account;

/**
 * Which positions of one descriptor are derived and watched, and which is handed out next (Core's
 * WalletDescriptor range_start / range_end / next_index with the keypool top-up). A ranged descriptor
 * watches every position below max(range end, next + keypool): like BIP44's gap limit, a payment to a
 * position moves "next" past it and so extends the watched window. An unranged descriptor has the one
 * position 0.
 */
public final class DescriptorRange {
    private final int start;
    private int end;
    private final int keypool;
    private int next;

    /**
     * @param start first watched position
     * @param end exclusive end of the range requested at import (the watched window never shrinks below it)
     * @param next the next position to hand out
     * @param keypool positions kept derived beyond {@code next} (0 for unranged descriptors)
     */
    public DescriptorRange(int start, int end, int next, int keypool) {
        if (start < 0 || end < start || next < start || keypool < 0) throw new IllegalArgumentException("bad descriptor range");
        this.start = start;
        this.end = end;
        this.next = next;
        this.keypool = keypool;
    }

    /** The one position of an unranged descriptor. */
    public static DescriptorRange single() {
        return new DescriptorRange(0, 1, 0, 0);
    }

    public int start() {
        return start;
    }

    /** The requested (or refilled) end, before the keypool top-up. */
    public synchronized int requestedEnd() {
        return end;
    }

    public int keypool() {
        return keypool;
    }

    public synchronized int next() {
        return next;
    }

    /** Positions start..(returned-1) are watched. */
    public synchronized int watchedEnd() {
        return Math.max(end, next + keypool);
    }

    /**
     * This range under another -keypool (a wallet loaded by a node started with a different one): the positions
     * watched so far stay watched, as Core's persisted range end keeps them, and the new size tops up from now on.
     * An unranged descriptor keeps its single position.
     */
    public synchronized DescriptorRange withKeypool(int size) {
        return keypool == 0 ? this : new DescriptorRange(start, watchedEnd(), next, size);
    }

    /** keypoolrefill: at least {@code size} positions past the next index stay derived, whatever -keypool is later. */
    public synchronized void refill(int size) {
        if (keypool > 0) end = Math.max(end, next + size);
    }

    /** Hands out the next position (getnewaddress / getrawchangeaddress). */
    public synchronized int issueNext() {
        return next++;
    }

    /** A payment reached {@code index}: addresses are handed out after it from now on. */
    public synchronized void markUsed(int index) {
        if (index >= next) next = index + 1;
    }

    /** Unissued positions already derived (getwalletinfo keypoolsize). */
    public synchronized int keypoolRemaining() {
        return Math.max(0, watchedEnd() - next);
    }

    /**
     * Core's "new range must include current range": a re-import's requested range must cover the positions
     * already watched.
     */
    public synchronized boolean covers(DescriptorRange current) {
        return start <= current.start && end >= current.watchedEnd();
    }

    /**
     * The range after re-importing with {@code requested}. Core replaces next_index by the imported one; here
     * it never moves back, so no address is handed out twice.
     */
    public synchronized DescriptorRange updatedBy(DescriptorRange requested) {
        return new DescriptorRange(requested.start, Math.max(requested.end, watchedEnd()), Math.max(next, requested.next()), requested.keypool);
    }
}
