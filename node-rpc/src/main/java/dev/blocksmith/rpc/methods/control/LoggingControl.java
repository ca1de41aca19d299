package dev.blocksmith.rpc.methods.control;

import java.util.SortedMap;

/**
 * The node's debug-log categories as the {@code logging} RPC sees them, with bitcoind's category names.
 * Implemented where logging is configured (node-cli), so this module needs no logging backend.
 */
public interface LoggingControl {
    /** Every category and whether it is debug-logged now, in name order. */
    SortedMap<String, Boolean> categories();

    /**
     * Turns a category on or off; "all", "1" and "" name every category (bitcoind's GetLogCategory).
     *
     * @return false when the name is not a category
     */
    boolean set(String category, boolean enabled);
}
