package dev.blocksmith.core.chain;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chain state flush (bitcoind's FlushStateToDisk): the coins cache is written with the tip it describes, which
 * becomes the flushed tip (what survives a crash), and the listeners hear chainStateFlushed (bitcoind's
 * ChainStateFlushed: the indexes commit their best block). The modes say when: {@link #flushIfNeeded} after each
 * connected block (IF_NEEDED: the cache is full), {@link #flushIfPeriodic} after an activation (PERIODIC: about once
 * an hour), {@link #flush} before pruning and a scan of the coins, {@link #flushAndSync} at shutdown (ALWAYS).
 * <p>
 * Used by {@link ChainManager}, {@link ChainActivation} and {@link PruneController} under the chain lock only.
 */
final class ChainFlusher {
    private static final Logger LOG = LoggerFactory.getLogger(ChainFlusher.class);

    private final ChainDb db;
    private final Chainstate chainstate;
    private final ActiveChain chain;
    private final List<ChainListener> listeners;

    /** The block the database's coins and tip describe (see {@link ChainManager#flushedTip()}). */
    private volatile BlockIndex flushedTip;

    ChainFlusher(ChainDb db, Chainstate chainstate, ActiveChain chain, List<ChainListener> listeners) {
        this.db = db;
        this.chainstate = chainstate;
        this.chain = chain;
        this.listeners = listeners;
    }

    /**
     * Writes the coins cache and the tip they describe, then tells the listeners (bitcoind's ChainStateFlushed: the
     * indexes commit their best block, which a restart after a crash still knows).
     */
    void flush() {
        BlockIndex t = chain.tip();
        chainstate.flush(t);
        flushedTip = t;
        for (ChainListener l : listeners) {
            try {
                l.chainStateFlushed(t);
            } catch (RuntimeException e) {
                LOG.error("Chain listener failed on chain state flushed", e);
            }
        }
    }

    /** bitcoind's FlushStateToDisk(IF_NEEDED) after each block: a full cache is written and emptied. */
    void flushIfNeeded() {
        if (chainstate.cacheFull()) flush();
    }

    /** bitcoind's FlushStateToDisk(PERIODIC) at the end of an activation: the chain state is written when due. */
    void flushIfPeriodic() {
        if (chainstate.periodicFlushDue()) flush();
    }

    /** bitcoind's FlushStateToDisk(ALWAYS) at shutdown: the flush, then everything in the database made durable. */
    void flushAndSync() {
        flush();
        db.store().sync();
    }

    /** The block of the last flush (read without the lock). */
    BlockIndex flushedTip() {
        return flushedTip;
    }

    /** At start: the loaded tip is the database's, flushed by the run that wrote it. */
    void loaded(BlockIndex tip) {
        flushedTip = tip;
    }
}
