package dev.blocksmith.wallet.account;

/**
 * Which positions of one descriptor are derived and watched, and which is handed out next: Core's
 * WalletDescriptor range_start / range_end / next_index, with its TopUp. Positions start..end-1 are watched;
 * a top-up moves the end to at least next + keypool and never back, so what was once watched stays watched.
 * As in Core, a top-up happens when a descriptor is added or loaded, before an address is handed out, and
 * whenever a transaction pays one of its scripts (which also moves "next" past a used position, like BIP44's
 * gap limit). An unranged descriptor has the one position 0 and no keypool.
 */
public final class DescriptorRange {
    private final int start;
    private int end;
    private final int keypool;
    private int next;

    /**
     * @param start first watched position
     * @param end exclusive end of the watched positions (an import's requested end, before any top-up)
     * @param next the next position to hand out
     * @param keypool positions kept derived beyond {@code next} by a top-up (0 for unranged descriptors)
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

    /** An independent copy (a multipath import stores one range per expanded descriptor). */
    public synchronized DescriptorRange copy() {
        return new DescriptorRange(start, end, next, keypool);
    }

    public int start() {
        return start;
    }

    public int keypool() {
        return keypool;
    }

    public synchronized int next() {
        return next;
    }

    /** Positions start..(returned-1) are watched (Core's range_end). */
    public synchronized int watchedEnd() {
        return end;
    }

    /** Core's TopUp: keep {@link #keypool()} positions derived past the next one. */
    public synchronized void topUp() {
        if (keypool > 0) end = Math.max(end, next + keypool);
    }

    /**
     * Hands out the next position (getnewaddress / getrawchangeaddress, a send's change): Core tops up first and
     * not again after, so the keypool shrinks by one until a payment to the address is seen.
     */
    public synchronized int issueNext() {
        topUp();
        return next++;
    }

    /** A transaction pays {@code index}: addresses are handed out after it from now on, and the pool is topped up. */
    public synchronized void markUsed(int index) {
        if (index >= next) next = index + 1;
        topUp();
    }

    /** Unissued positions already derived (getwalletinfo keypoolsize). */
    public synchronized int keypoolRemaining() {
        return Math.max(0, end - next);
    }

    /**
     * Core's "new range must include current range": a re-import's requested range must cover the positions
     * already watched.
     */
    public synchronized boolean covers(DescriptorRange current) {
        return start <= current.start && end >= current.watchedEnd();
    }

    /**
     * The range after re-importing with {@code requested}, topped up. As Core's UpdateWalletDescriptor, the
     * imported next index replaces the current one, backwards too (importdescriptors' next_index lets a user
     * hand out an address again); the watched positions only grow.
     */
    public synchronized DescriptorRange updatedBy(DescriptorRange requested) {
        DescriptorRange r = new DescriptorRange(requested.start, Math.max(requested.end, end), requested.next(), requested.keypool);
        r.topUp();
        return r;
    }

    /**
     * This range under another -keypool (a wallet loaded by a node started with a different one), topped up
     * as Core tops up at load: the positions watched so far stay watched. An unranged descriptor keeps its
     * single position.
     */
    public synchronized DescriptorRange withKeypool(int size) {
        if (keypool == 0) return this;
        DescriptorRange r = new DescriptorRange(start, end, next, size);
        r.topUp();
        return r;
    }

    /**
     * Lowers the end to {@code derivable} when the positions beyond it cannot be derived now (a hardened
     * wildcard in a locked wallet); never below the start. Positions once derived stay derivable, so nothing
     * watched is dropped.
     */
    public synchronized void limitEnd(int derivable) {
        end = Math.max(start, Math.min(end, derivable));
    }

    /** keypoolrefill: at least {@code size} positions past the next index stay derived, whatever -keypool is later. */
    public synchronized void refill(int size) {
        // Core's TopUp(size): a size of 0 means the -keypool size.
        if (keypool > 0) end = Math.max(end, next + (size > 0 ? size : keypool));
    }
}
