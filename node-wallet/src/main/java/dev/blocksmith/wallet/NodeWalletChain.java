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

/** {@link WalletChain} over the node's chain manager (bitcoind's ChainImpl). */
final class NodeWalletChain implements WalletChain {
    private final ChainManager chain;

    NodeWalletChain(ChainManager chain) {
        this.chain = chain;
    }

    @Override
    public ChainTip tip() {
        return chain.tip();
    }

    @Override
    public Optional<BlockIndex> index(Sha256Hash hash) {
        return chain.index(hash);
    }

    @Override
    public Optional<BlockIndex> atHeight(int height) {
        return chain.atHeight(height);
    }

    @Override
    public boolean isOnBestChain(BlockIndex idx) {
        return chain.isOnBestChain(idx);
    }

    @Override
    public Optional<Block> block(Sha256Hash hash) {
        return chain.block(hash);
    }

    @Override
    public Optional<Coin> coin(OutPoint op) {
        return chain.coin(op);
    }

    @Override
    public boolean isInitialBlockDownload() {
        return chain.isInitialBlockDownload();
    }

    @Override
    public boolean hasBlockData(int fromHeight, int toHeight) {
        return chain.hasBlockData(fromHeight, toHeight);
    }

    @Override
    public boolean havePruned() {
        return chain.havePruned();
    }

    @Override
    public OptionalInt lastPrunedHeight() {
        return chain.lastPrunedHeight();
    }

    @Override
    public void subscribe(ChainListener listener) {
        chain.addQueuedListener(listener);
    }

    @Override
    public void unsubscribe(ChainListener listener) {
        chain.removeListener(listener);
    }

    @Override
    public void awaitNotifications() {
        try {
            chain.awaitQueuedListeners();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
