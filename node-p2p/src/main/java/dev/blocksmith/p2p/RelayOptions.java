package dev.blocksmith.p2p;

import dev.blocksmith.p2p.cmpct.ExtraTransactions;

/**
 * Block and transaction relay options, named after bitcoind's: {@code blocksOnly} is -blocksonly (no compact block
 * high-bandwidth requests, blocks fetched whole: the mempool takes no transactions from peers), and
 * {@code blockReconstructionExtraTxn} is -blockreconstructionextratxn, how many transactions that did not enter
 * the mempool are kept for compact block reconstruction. {@code peerBloomFilters} is -peerbloomfilters: offer
 * NODE_BLOOM and serve BIP37 filtered relay (bitcoind's default is off). {@code txReconciliation} is
 * -txreconciliation: negotiate BIP330 transaction reconciliation (sendtxrcncl), as bitcoind 30 does (off by default;
 * the reconciliation itself is not run, by bitcoind either).
 */
public record RelayOptions(boolean blocksOnly, int blockReconstructionExtraTxn, boolean peerBloomFilters, boolean txReconciliation) {
    public RelayOptions {
        if (blockReconstructionExtraTxn < 0) throw new IllegalArgumentException("negative -blockreconstructionextratxn");
    }

    /** Without -txreconciliation (bitcoind's default). */
    public RelayOptions(boolean blocksOnly, int blockReconstructionExtraTxn, boolean peerBloomFilters) {
        this(blocksOnly, blockReconstructionExtraTxn, peerBloomFilters, false);
    }

    /** Without BIP37 filters (-peerbloomfilters=0, bitcoind's default). */
    public RelayOptions(boolean blocksOnly, int blockReconstructionExtraTxn) {
        this(blocksOnly, blockReconstructionExtraTxn, false);
    }

    public static RelayOptions defaults() {
        return new RelayOptions(false, ExtraTransactions.DEFAULT_CAPACITY);
    }
}
