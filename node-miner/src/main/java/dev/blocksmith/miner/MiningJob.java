package dev.blocksmith.miner;

import java.util.Objects;

/**
 * One unit of work handed to a miner: everything needed to produce candidate headers for a single
 * block. Immutable. The target is taken from each produced header's nBits, so it always matches the
 * header that will be checked by consensus.
 *
 * @param id the caller's identifier (for example the template's previous block hash and height); the
 *     miner reports it back in {@link Solution}
 * @param minTime lowest header time the block may carry (median-time-past + 1 under BIP113)
 * @param headers builds the header for an extranonce and time
 */
public record MiningJob(String id, long minTime, HeaderFactory headers) {
    public MiningJob {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(headers, "headers");
        if (minTime < 0 || minTime > 0xffffffffL) throw new IllegalArgumentException("minTime out of range");
    }
}
