package dev.blocksmith.wallet;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.chain.BlockIndex;
import dev.blocksmith.core.chain.ChainListener;
import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.core.chain.ChainTip;
import dev.blocksmith.core.chain.Coin;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.tx.OutPoint;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What wallets see of the chain (bitcoind's interfaces::Chain): reads of the best chain and its blocks, and
 * notifications that arrive through the validation event queue, outside the chain lock, so that a wallet writing its
 * file never holds up validation. The node's {@link ChainManager} stands behind it ({@link #of}).
 */
public interface WalletChain {
    ChainTip tip();

    Optional<BlockIndex> index(Sha256Hash hash);

    /** The block at {@code height} on the best chain. */
    Optional<BlockIndex> atHeight(int height);

    boolean isOnBestChain(BlockIndex idx);

    /** The block's data; empty when unknown or pruned. */
    Optional<Block> block(Sha256Hash hash);

    /** An unspent output of the chain's UTXO set. */
    Optional<Coin> coin(OutPoint op);

    boolean isInitialBlockDownload();

    /** Whether every block of the best chain from {@code fromHeight} to {@code toHeight} has its data (bitcoind's hasBlocks). */
    boolean hasBlockData(int fromHeight, int toHeight);

    boolean havePruned();

    /** The height of the last pruned block of the best chain, if any. */
    OptionalInt lastPrunedHeight();

    /**
     * Registers {@code listener} for connections, disconnections, tip updates and flushes, delivered in order on
     * the validation queue's thread (bitcoind's handleNotifications).
     */
    void subscribe(ChainListener listener);

    /** Stops the notifications of {@code listener}; none is delivered once this returns. */
    void unsubscribe(ChainListener listener);

    /**
     * Returns once the notifications of the chain's work finished before the call were delivered (bitcoind's
     * BlockUntilSyncedToCurrentChain, which wallet RPCs call first so that they answer for the current tip). Must not
     * be called holding a wallet's lock.
     */
    void awaitNotifications();

    /** The chain of {@code chain}, with notifications through its validation event queue. */
    static WalletChain of(ChainManager chain) {
        return new NodeWalletChain(chain);
    }
}
