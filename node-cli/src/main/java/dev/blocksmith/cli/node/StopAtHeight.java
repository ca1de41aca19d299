package dev.blocksmith.cli.node;

import dev.blocksmith.core.chain.ChainListener;
import dev.blocksmith.core.chain.ChainTip;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * bitcoind's {@code -stopatheight}: when a new best tip is at the height or above, the node begins its
 * ordinary clean shutdown (bitcoind's block-tip notification requests it and interrupts chain activation).
 * Only tip changes count, as in bitcoind: a node started on a chain already past the height keeps running
 * until its next block.
 */
public final class StopAtHeight implements ChainListener {
    private static final Logger LOG = LoggerFactory.getLogger(StopAtHeight.class);

    private final int height;
    private final Runnable requestShutdown;
    private final AtomicBoolean requested = new AtomicBoolean();

    public StopAtHeight(int height, Runnable requestShutdown) {
        this.height = height;
        this.requestShutdown = requestShutdown;
    }

    @Override
    public void tipChanged(ChainTip tip, boolean initialBlockDownload) {
        tipAt(tip.height());
    }

    /** The best chain's tip is now at {@code tipHeight}. */
    void tipAt(int tipHeight) {
        if (tipHeight < height || !requested.compareAndSet(false, true)) return;
        LOG.info("Tip at height {} reached -stopatheight={}: shutting down", tipHeight, height);
        requestShutdown.run();
    }
}
