package dev.blocksmith.p2p.sync;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.block.BlockHeader;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.primitives.Sha256Hash;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

/**
 * What the P2P layer needs from the block chain. The node's chain manager implements it; tests use an
 * in-memory fake. Implementations must be thread-safe: the P2P event loop calls them.
 * <p>
 * Two chains are involved: the <em>best header chain</em> (the most-work chain of valid headers, blocks
 * possibly not yet downloaded) and the <em>active chain</em> (fully validated blocks, ending at the tip).
 */
public interface ChainBackend {

    NetworkParams params();

    /** Tip of the best header chain. */
    ChainPosition bestHeader();

    /** Tip of the active (validated) chain. */
    ChainPosition tip();

    /** A known header (any branch), with its height and cumulative work. */
    Optional<HeaderEntry> header(Sha256Hash hash);

    /** Hash at {@code height} on the best header chain, if the chain is that long. */
    Optional<Sha256Hash> bestHeaderHashAt(int height);

    /** Core's locator of the active tip: dense for the last 10 blocks, then exponentially sparse, genesis last. */
    List<Sha256Hash> locator();

    /** Locator starting at a given known header (used to continue header sync where a peer left off). */
    List<Sha256Hash> locatorFrom(Sha256Hash hash);

    /**
     * Validates and stores headers (context-free and contextual header checks, PoW, difficulty). The list is
     * contiguous, each linking to the previous; the first links to a header that may or may not be known.
     * Headers already known are accepted as they are. On the first invalid header the valid prefix stays
     * stored and the result is {@link HeadersResult.Invalid}.
     */
    HeadersResult acceptHeaders(List<BlockHeader> headers);

    /**
     * Validates and stores a block whose header may already be known. A block whose parent has not been
     * downloaded yet is stored and connected once its parent arrives (blocks come out of order during
     * parallel download).
     */
    BlockResult submitBlock(Block block);

    /**
     * As {@link #submitBlock(Block)}, telling whether we asked for the block: an unrequested block is only
     * stored when worth it (bitcoind's AcceptBlock: at least the tip's work, not too far ahead), else
     * {@link BlockResult.Ignored}. Implementations without that distinction treat every block as requested.
     */
    default BlockResult submitBlock(Block block, boolean requested) {
        return submitBlock(block);
    }

    /**
     * Up to {@code max} headers of the best chain following the first locator hash on it (genesis if none),
     * ending at {@code stopHash} when reached (Core's getheaders semantics).
     */
    List<BlockHeader> headersAfter(List<Sha256Hash> locator, Sha256Hash stopHash, int max);

    /** Same walk as {@link #headersAfter}, returning hashes (getblocks). */
    List<Sha256Hash> blockHashesAfter(List<Sha256Hash> locator, Sha256Hash stopHash, int max);

    /** Serialized block, with or without witness data, if the block's data is stored. */
    Optional<byte[]> getBlock(Sha256Hash hash, boolean withWitness);

    /** Whether the block is on the active (validated) chain; fakes may approximate it by having the data. */
    default boolean onActiveChain(Sha256Hash hash) {
        return haveBlock(hash);
    }

    /** Whether the block's full data is stored (connected or waiting for its parent). */
    boolean haveBlock(Sha256Hash hash);

    /**
     * bitcoind's BlockRequestAllowed: a block (or its header) may be given to a peer if it is on the active
     * chain, or was fully validated once and is less than a month older than the best header. Other
     * blocks (unvalidated forks, stale branches) are not revealed.
     */
    default boolean blockRequestAllowed(Sha256Hash hash) {
        return header(hash).isPresent();
    }

    /** Core's IsInitialBlockDownload. */
    boolean isInitialBlockDownload();

    /** Whether the node runs with -prune (it then keeps only recent blocks and does not offer NODE_NETWORK). */
    default boolean pruneMode() {
        return false;
    }

    /** Registers a listener for active-tip changes; it may be called from any thread. */
    void addTipListener(TipListener listener);

    /**
     * Registers a listener for stored blocks found invalid when the chain later tried to connect them; it
     * may be called from any thread. Backends that never defer a block's connection need not call it.
     */
    default void addInvalidBlockListener(InvalidBlockListener listener) {
    }

    /**
     * Registers a listener for blocks that extend the active tip and passed the checks that need no chain state
     * (bitcoind's NewPoWValidBlock); it may be called from any thread, before the block is connected.
     */
    default void addPowValidBlockListener(PowValidBlockListener listener) {
    }

    @FunctionalInterface
    interface PowValidBlockListener {
        void newPoWValidBlock(Block block, HeaderEntry entry);
    }

    /** Height, hash and chain work of a chain position. */
    record ChainPosition(int height, Sha256Hash hash, BigInteger chainWork) {
    }

    record HeaderEntry(BlockHeader header, int height, BigInteger chainWork) {
        public Sha256Hash hash() {
            return header.hash();
        }
    }

    @FunctionalInterface
    interface TipListener {
        /**
         * The active tip moved. {@code connected} lists the headers connected by the change, oldest first
         * (after a reorg: the new branch from the fork point).
         */
        void tipChanged(ChainPosition newTip, List<BlockHeader> connected);
    }

    @FunctionalInterface
    interface InvalidBlockListener {
        /** A stored block failed to connect, with Core's reject reason. */
        void blockInvalid(Sha256Hash hash, String reason);
    }

    sealed interface HeadersResult {
        /** All headers are valid and stored; {@code last} is the entry of the final header. */
        record Accepted(HeaderEntry last) implements HeadersResult {
        }

        /** A header failed validation; Core's reject reason (e.g. "high-hash", "bad-diffbits"). */
        record Invalid(String reason) implements HeadersResult {
        }

        /** The first header's parent is unknown. */
        record Unconnecting() implements HeadersResult {
        }

        /** Cannot be judged yet (e.g. "time-too-new"); the valid prefix is kept and nobody is punished. */
        record Inconclusive(String reason) implements HeadersResult {
        }
    }

    sealed interface BlockResult {
        record Accepted() implements BlockResult {
        }

        record Duplicate() implements BlockResult {
        }

        /** An unrequested block that was not worth storing; its header may have been stored. */
        record Ignored() implements BlockResult {
        }

        /** Consensus failure with Core's reject reason (e.g. "bad-txnmrklroot"). */
        record Invalid(String reason) implements BlockResult {
        }

        /** Cannot be judged yet (e.g. "time-too-new"); not the sender's fault. */
        record Inconclusive(String reason) implements BlockResult {
        }
    }
}
