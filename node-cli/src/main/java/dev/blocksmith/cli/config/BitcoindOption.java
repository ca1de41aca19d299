package dev.blocksmith.cli.config;

import java.util.Optional;

/**
 * One option bitcoind 30 registers, with bitcoind's flags and what Blocksmith does with it
 * ({@code bitcoind-options.tsv}).
 */
public record BitcoindOption(String name, boolean networkOnly, boolean sensitive, boolean disallowNegation,
                             boolean disallowElision, boolean boolOnly, Support support, Optional<String> inertValue, String note) {

    /** What Blocksmith does when the option is given. */
    public enum Support {
        /** An option of {@code blocksmith node} with bitcoind's meaning. */
        OURS,
        /** Read by the argument layer itself (-conf, -includeconf, -datadir, help). */
        INTERNAL,
        /** Blocksmith always behaves as bitcoind does with {@link #inertValue()}; other values are not implemented. */
        INERT,
        /** Accepted with one warning naming it as not implemented. */
        TODO,
        /** No longer has any effect in bitcoind either, which warns at start-up to remove it; so does Blocksmith. */
        OBSOLETE,
        /** Ignoring it would be unsafe: refused with the reason in {@link #note()}. */
        REFUSE
    }
}
