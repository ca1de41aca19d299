package dev.blocksmith.wallet.imports;

/**
 * The "range" of an importdescriptors request as given: a [begin, end] pair (end inclusive), or a value of
 * the wrong shape, reported when the request is processed (Core reports it after the descriptor parses).
 */
public sealed interface ImportRange {
    /**
     * {@code [begin, end]}, or just {@code end} with begin 0.
     *
     * @param pair whether it was given as a pair (only then is a begin after the end its own error, as in Core)
     */
    record Given(long begin, long end, boolean pair) implements ImportRange {
        public Given(long begin, long end) {
            this(begin, end, true);
        }
    }

    /** Not a number nor a pair of numbers: Core's "Range must be specified as end or as [begin,end]". */
    record Malformed() implements ImportRange {
    }
}
