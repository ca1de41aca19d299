package dev.blocksmith.miner;

import dev.blocksmith.core.block.BlockHeader;

/**
 * Rebuilds a job's header for a given extranonce and timestamp. The extranonce lives in the coinbase
 * scriptSig, so a new one changes the coinbase txid and therefore the merkle root; the time may also
 * change nBits on networks with min-difficulty blocks (testnet's 20-minute rule), which is why the
 * factory, not the miner, sets both. Called once per nonce range, never per nonce.
 */
@FunctionalInterface
public interface HeaderFactory {

    /**
     * @param extraNonce 0, 1, 2, ... in the order the miner exhausts nonce spaces
     * @param time header time (seconds), already at least the job's {@link MiningJob#minTime()}
     * @return the header to search; its nonce field is ignored
     */
    BlockHeader header(long extraNonce, long time);
}
