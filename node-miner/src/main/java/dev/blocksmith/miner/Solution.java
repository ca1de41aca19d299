package dev.blocksmith.miner;

import dev.blocksmith.core.block.BlockHeader;
import dev.blocksmith.core.primitives.Sha256Hash;

/**
 * A header whose hash meets its target, with the extranonce the job's {@link HeaderFactory} was given
 * so the caller can rebuild the matching coinbase.
 */
public record Solution(MiningJob job, long extraNonce, BlockHeader header, Sha256Hash hash) {
}
