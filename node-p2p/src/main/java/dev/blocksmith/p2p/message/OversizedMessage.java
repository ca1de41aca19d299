package dev.blocksmith.p2p.message;

/**
 * A list in a message has more entries than the protocol allows (bitcoind's MAX_INV_SZ, MAX_HEADERS_RESULTS,
 * MAX_ADDR_TO_SEND, MAX_LOCATOR_SZ). Thrown as soon as the count is read, so the entries are never
 * allocated. bitcoind punishes oversized inv/getdata/headers/addr lists as misbehaviour ("inv message
 * size = N") but only disconnects for an oversized locator.
 */
public final class OversizedMessage extends RuntimeException {
    private final String command;
    private final long count;
    private final boolean locator;

    public OversizedMessage(String command, long count, int max, boolean locator) {
        super(command + (locator ? " locator size " : " message size = ") + count + (locator ? " > " + max : ""));
        this.command = command;
        this.count = count;
        this.locator = locator;
    }

    public String command() {
        return command;
    }

    public long count() {
        return count;
    }

    /** Whether the oversized list is a block locator (disconnect only) rather than a payload list (misbehaviour). */
    public boolean locator() {
        return locator;
    }
}
