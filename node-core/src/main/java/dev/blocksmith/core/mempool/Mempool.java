package dev.blocksmith.core.mempool;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.chain.BlockIndex;
import dev.blocksmith.core.chain.ChainListener;
import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.core.chain.ChainTip;
import dev.blocksmith.core.chain.Coin;
import dev.blocksmith.core.chain.UtxoView;
import dev.blocksmith.core.consensus.LockTime;
import dev.blocksmith.core.consensus.ValidationException;
import dev.blocksmith.core.consensus.ValidationException.Kind;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transaction memory pool as the node uses it (bitcoind's CTxMemPool and the validation entry points
 * around it): the one lock, listeners and events, the size cap with eviction by descendant fee rate and a
 * decaying minimum fee, expiry, reorg handling as a chain listener, prioritisation and persistence. The
 * parts: {@link TxPool} holds the entries and their links, {@link MempoolAccept} decides what enters
 * (single transactions and packages), {@link ReplacementPolicy} and {@link TrucPolicy} are its replacement
 * and TRUC rules. Block assembly reads {@link #miningCandidates()} (node-miner's BlockAssembler).
 *
 * <p>Every method takes the one mempool lock; listeners run after it is released. The lock order is
 * chain lock, then mempool lock: the mempool reads the chain's coins without the chain lock and never
 * calls chain writes.
 */
public final class Mempool implements ChainListener {
    private static final Logger LOG = LoggerFactory.getLogger(Mempool.class);
    /** The height coins created by mempool transactions report (Core's MEMPOOL_HEIGHT). */
    public static final int MEMPOOL_HEIGHT = 0x7fffffff;
    /** BIP125 rule 5 as Core: at most this many transactions evicted by one replacement. */
    public static final int MAX_REPLACEMENT_CANDIDATES = ReplacementPolicy.MAX_REPLACEMENT_CANDIDATES;
    /** Reason of a transaction whose inputs are unknown (an orphan, or a double spend of a confirmed coin). */
    public static final String MISSING_INPUTS = "bad-txns-inputs-missingorspent";
    /** Core's ROLLING_FEE_HALFLIFE: the mempool minimum fee halves every 12 hours when the pool is full. */
    private static final double ROLLING_FEE_HALFLIFE = 60 * 60 * 12;

    private final ChainManager chain;
    private final NetworkParams params;
    private final MempoolOptions options;
    private final LongSupplier clock;
    private final FeeEstimator feeEstimator;

    private final ReentrantLock lock = new ReentrantLock();
    private final TxPool pool = new TxPool();
    private final MempoolAccept accept;
    private final Map<Sha256Hash, Long> deltas = new HashMap<>();
    private final Set<Sha256Hash> unbroadcast = new LinkedHashSet<>();
    private final List<MempoolListener> listeners = new CopyOnWriteArrayList<>();
    /** Events produced under the lock, delivered once it is released. */
    private final List<Runnable> pendingEvents = new ArrayList<>();
    /** Numbers of the event batches handed out under the lock and still being delivered. */
    private final java.util.TreeSet<Long> deliveriesInFlight = new java.util.TreeSet<>();
    /** Number of the last batch handed out; written under the lock. */
    private long lastDelivery;
    /**
     * bitcoind's mempool sequence number: the number the next addition or removal takes (every removal counts,
     * a block's own transactions too), starting at 1. Written under the lock; getrawmempool reads it directly.
     */
    private volatile long sequence = 1;
    /** Where additions and removals leave the lock for the outside world (ZMQ), posted under the lock in order. */
    private volatile dev.blocksmith.core.events.ValidationEventQueue events = dev.blocksmith.core.events.ValidationEventQueue.discarding();

    /**
     * bitcoind's mempool sequence number: starts at 1 and grows by one with every transaction added
     * and every one removed. Peers may fetch a transaction only once an announcement made after it
     * entered has been sent to them (bitcoind's info_for_relay against m_last_inv_sequence).
     */
    private long relaySequence = 1;
    private double rollingMinimumFeeRate;
    /** The current reorganisation's disconnected transactions, bounded as bitcoind's disconnect pool. */
    private final DisconnectedTransactions disconnected = new DisconnectedTransactions();
    private long lastRollingFeeUpdate;
    private boolean blockSinceLastRollingFeeBump;
    private volatile boolean loaded;

    /**
     * @param clock seconds since the epoch (entry times, expiry, the minimum fee's decay)
     */
    public Mempool(ChainManager chain, MempoolOptions options, TxScriptChecker scriptChecker, FeeEstimator feeEstimator,
                   LongSupplier clock) {
        this.chain = chain;
        this.params = chain.params();
        this.options = options;
        this.accept = new MempoolAccept(chain, options, scriptChecker, pool, new ReplacementPolicy(options, pool), new Host());
        this.feeEstimator = feeEstimator;
        this.clock = clock;
        this.lastRollingFeeUpdate = clock.getAsLong();
    }

    public MempoolOptions options() {
        return options;
    }

    public FeeEstimator feeEstimator() {
        return feeEstimator;
    }

    public void addListener(MempoolListener l) {
        listeners.add(l);
    }

    /** Unregisters a listener of either kind; a queued one hears nothing more once this returns. */
    public void removeListener(MempoolListener l) {
        listeners.remove(l);
        for (MempoolListener registered : listeners) {
            if (registered instanceof QueuedMempoolListener q && q.target() == l) {
                listeners.remove(q);
                q.deactivate();
            }
        }
    }

    /**
     * Registers a listener that hears the mempool through the validation event queue set by {@link #publishTo}, in
     * order with the chain's queued events and on the queue's thread (bitcoind's TransactionAddedToMempool and
     * TransactionRemovedFromMempool for wallets); without a queue, at once.
     */
    public void addQueuedListener(MempoolListener l) {
        listeners.add(new QueuedMempoolListener(l, () -> events));
    }

    /** Posts additions and removals (all but a block's own transactions) to {@code queue}, with their sequence numbers. */
    public void publishTo(dev.blocksmith.core.events.ValidationEventQueue queue) {
        this.events = java.util.Objects.requireNonNull(queue);
    }

    /**
     * getrawmempool's {@code mempool_sequence}: the number the next change will take, so a caller that saw
     * notifications up to {@code sequence() - 1} has seen every change this mempool's contents reflect.
     */
    public long sequence() {
        return sequence;
    }

    // ---------------------------------------------------------------- acceptance

    /**
     * Validates a transaction against the chain tip plus the mempool and, unless test-only, adds it
     * (replacing conflicts, or a TRUC sibling, when the replacement rules allow).
     *
     * @throws ValidationException with bitcoind's reject reason; {@link Kind#MISSING_INPUTS} with
     *     {@link #MISSING_INPUTS} for an orphan (RPC testmempoolaccept reports it as "missing-inputs")
     */
    public AcceptResult accept(Transaction tx, AcceptOptions opts) throws ValidationException {
        lock.lock();
        try {
            return accept.acceptSingle(tx, MempoolAccept.Args.single(opts), clock.getAsLong());
        } finally {
            unlockAndFire();
        }
    }

    /**
     * {@code testmempoolaccept} of several transactions (bitcoind's AcceptMultipleTransactions in test
     * mode): the package must be well formed; each transaction in order passes the checks before scripts,
     * seeing the earlier ones' outputs, with no replacement of mempool transactions; then the package rules
     * and the scripts of each in order. Validation stops at the first failure. Each transaction's fee rate
     * is its own (no package fee rates) and maxfeerate is left to the caller, as in bitcoind's RPC. The
     * mempool is unchanged.
     */
    public PackageResult testAcceptPackage(List<Transaction> txs) {
        lock.lock();
        try {
            return accept.acceptMultiple(txs, MempoolAccept.Args.packageTest(), clock.getAsLong());
        } finally {
            unlockAndFire();
        }
    }

    /**
     * Submits a package: a child with its unconfirmed parents, parents first (bitcoind's ProcessNewPackage
     * for submitpackage and 1-parent-1-child relay). Transactions already in the mempool count as such; the
     * others are tried alone first, and those that failed only on their fee rate or for want of a package
     * parent are then tried together at the package fee rate (child pays for parent).
     *
     * @param maxFeeRate refuse a transaction whose modified fee rate is above this ("max feerate exceeded")
     */
    public PackageResult acceptPackage(List<Transaction> txs, Optional<FeeRate> maxFeeRate) {
        lock.lock();
        try {
            return accept.acceptPackage(txs, maxFeeRate, clock.getAsLong());
        } finally {
            unlockAndFire();
        }
    }

    private void unlockAndFire() {
        List<Runnable> events = List.copyOf(pendingEvents);
        pendingEvents.clear();
        long delivery = 0;
        if (!events.isEmpty()) {
            delivery = ++lastDelivery;
            synchronized (deliveriesInFlight) {
                deliveriesInFlight.add(delivery);
            }
        }
        lock.unlock();
        if (events.isEmpty()) return;
        try {
            for (Runnable r : events) {
                try {
                    r.run();
                } catch (RuntimeException e) {
                    LOG.error("Mempool listener failed", e);
                }
            }
        } finally {
            synchronized (deliveriesInFlight) {
                deliveriesInFlight.remove(delivery);
                deliveriesInFlight.notifyAll();
            }
        }
    }

    /**
     * Returns once the listeners have seen every mempool event of work finished before the call
     * (bitcoind's SyncWithValidationInterfaceQueue): events are handed out under the lock and delivered
     * after it is released, so this takes the lock to learn the last batch, then waits for it and all
     * earlier ones. A listener must not call it (it would wait for itself).
     */
    public void awaitListeners() throws InterruptedException {
        long last;
        lock.lock();
        try {
            last = lastDelivery;
        } finally {
            lock.unlock();
        }
        synchronized (deliveriesInFlight) {
            while (!deliveriesInFlight.isEmpty() && deliveriesInFlight.first() <= last) {
                deliveriesInFlight.wait();
            }
        }
    }

    /** What the accept pipeline may do to the pool: all of it under the lock, with events queued. */
    private final class Host implements MempoolAccept.Host {
        @Override
        public FeeRate rollingMinFeeRate() {
            return mempoolMinFeeRate();
        }

        @Override
        public long feeDelta(Sha256Hash txid) {
            return deltas.getOrDefault(txid, 0L);
        }

        @Override
        public void submit(MempoolAccept.Workspace ws, long time, boolean bypassLimits) {
            // bitcoind takes the entry's sequence before the replaced transactions leave (each removal counts).
            long entrySequence = bypassLimits ? 0 : relaySequence;
            if (!ws.allConflicts.isEmpty()) {
                LOG.debug("Replacing {} transactions with {}", ws.allConflicts.size(), ws.txid);
                removeStaged(ws.allConflicts, RemovalReason.REPLACED);
            }
            // Parents are looked up now: a package parent entered just before its child.
            Set<PoolEntry> parents = new LinkedHashSet<>();
            for (TxIn in : ws.tx.inputs()) pool.byTxid(in.prevout().txid()).ifPresent(parents::add);
            Set<PoolEntry> ancestors = new LinkedHashSet<>(parents);
            for (PoolEntry p : parents) ancestors.addAll(TxPool.ancestors(p));
            PoolEntry entry = ws.entry(time, pool.takeSequence());
            pool.add(entry, parents, ancestors);
            // As bitcoind: what returns from a disconnected block (bypass_limits) gets sequence 0.
            entry.relaySequence = entrySequence;
            relaySequence++;
            if (!bypassLimits) {
                // As bitcoind: only a transaction entering alone (not as part of a package) without unconfirmed
                // parents, accepted while the chain is current, says how long a fee rate takes to confirm.
                feeEstimator.processTransaction(ws.txid, FeeRate.of(ws.fee, ws.vsize), ws.tipHeight,
                        !ws.packageSubmission && parents.isEmpty() && !chain.isInitialBlockDownload());
            }
            MempoolEntry snapshot = snapshot(entry);
            Transaction tx = ws.tx;
            events.transactionAddedToMempool(tx, sequence++);
            pendingEvents.add(() -> listeners.forEach(l -> l.transactionAdded(tx, snapshot)));
            LOG.debug("Accepted {} (vsize {}, fee {}) to the mempool, now {} txs", ws.txid, ws.vsize, ws.fee, pool.size());
        }

        @Override
        public void limitSize() {
            Mempool.this.limitSize();
        }
    }

    // ---------------------------------------------------------------- removal

    /** Removes entries (with their links and aggregates) and queues their events, in the set's order. */
    private void removeStaged(Set<PoolEntry> toRemove, RemovalReason reason) {
        pool.remove(toRemove, e -> {
            if (unbroadcast.remove(e.txid)) {
                // bitcoind's line (mempool_unbroadcast waits for it when a block confirms the transaction).
                LOG.debug("Removed {} from set of unbroadcast txns{}", e.txid,
                        reason == RemovalReason.CONFIRMED ? " before confirmation that txn was sent out" : "");
            }
            relaySequence++;
            if (reason != RemovalReason.CONFIRMED) feeEstimator.removeTransaction(e.txid);
            Transaction tx = e.tx;
            long seq = sequence++;
            if (reason != RemovalReason.CONFIRMED) events.transactionRemovedFromMempool(tx, reason, seq);
            pendingEvents.add(() -> listeners.forEach(l -> l.transactionRemoved(tx, reason)));
        });
        if (!toRemove.isEmpty()) LOG.debug("Removed {} transactions from the mempool ({})", toRemove.size(), reason);
    }

    // ---------------------------------------------------------------- size limit, minimum fee, expiry

    /** Core's LimitMempoolSize: expire old entries, then trim to -maxmempool. */
    private void limitSize() {
        expireLocked(clock.getAsLong() - options.expirySeconds());
        trimToSize(options.maxMempoolBytes());
    }

    /**
     * Evicts the package with the lowest descendant score until the pool fits, raising the rolling
     * minimum fee to the evicted rate plus the incremental relay fee so the pool does not refill with
     * what it just dropped. A child leaves with its parent: a package that entered together (child pays
     * for parent) is judged by its descendant score and leaves whole.
     */
    private void trimToSize(long limit) {
        int removedCount = 0;
        FeeRate maxRemoved = FeeRate.ZERO;
        while (pool.totalUsage() > limit && !pool.isEmpty()) {
            PoolEntry worst = pool.worstByDescendantScore().orElseThrow();
            FeeRate removed = FeeRate.of(worst.descendantFees, worst.descendantSize).plus(options.incrementalRelayFee());
            trackPackageRemoved(removed);
            maxRemoved = FeeRate.max(maxRemoved, removed);
            Set<PoolEntry> stage = TxPool.withDescendants(worst);
            removedCount += stage.size();
            removeStaged(stage, RemovalReason.SIZELIMIT);
        }
        // bitcoind's line (mempool_limit waits for it).
        if (maxRemoved.satsPerKvB() > 0) LOG.debug("Removed {} txn, rolling minimum fee bumped to {}", removedCount, maxRemoved);
    }

    private void trackPackageRemoved(FeeRate rate) {
        if (rate.satsPerKvB() > rollingMinimumFeeRate) {
            rollingMinimumFeeRate = rate.satsPerKvB();
            blockSinceLastRollingFeeBump = false;
        }
    }

    /**
     * Core's GetMinFee: the rolling minimum decays with a 12-hour half-life (faster when the pool is
     * well below its cap) once a block has arrived since the last eviction; below half the incremental
     * relay fee it drops to zero.
     */
    private FeeRate mempoolMinFeeRate() {
        if (!blockSinceLastRollingFeeBump || rollingMinimumFeeRate == 0) return FeeRate.ofSatsPerKvB(Math.round(rollingMinimumFeeRate));
        long now = clock.getAsLong();
        if (now > lastRollingFeeUpdate + 10) {
            double halflife = ROLLING_FEE_HALFLIFE;
            if (pool.totalUsage() < options.maxMempoolBytes() / 4) {
                halflife /= 4;
            } else if (pool.totalUsage() < options.maxMempoolBytes() / 2) {
                halflife /= 2;
            }
            rollingMinimumFeeRate = rollingMinimumFeeRate / Math.pow(2.0, (now - lastRollingFeeUpdate) / halflife);
            lastRollingFeeUpdate = now;
            if (rollingMinimumFeeRate < options.incrementalRelayFee().satsPerKvB() / 2.0) {
                rollingMinimumFeeRate = 0;
                return FeeRate.ZERO;
            }
        }
        return FeeRate.max(FeeRate.ofSatsPerKvB(Math.round(rollingMinimumFeeRate)), options.incrementalRelayFee());
    }

    /**
     * Core's GetMinFee alone: the rolling minimum a full pool has raised, zero while the pool has never been full
     * (what bitcoind rounds into the feefilter it sends peers).
     */
    public FeeRate rollingMinFeeRate() {
        lock.lock();
        try {
            return mempoolMinFeeRate();
        } finally {
            unlockAndFire();
        }
    }

    /** The fee rate a new transaction must pay now: the rolling minimum or -minrelaytxfee, whichever is higher. */
    public FeeRate minFeeRate() {
        lock.lock();
        try {
            return FeeRate.max(mempoolMinFeeRate(), options.minRelayFee());
        } finally {
            unlockAndFire();
        }
    }

    /** Removes transactions that entered before {@code cutoff} (seconds), with their descendants. */
    public int expire(long cutoff) {
        lock.lock();
        try {
            return expireLocked(cutoff);
        } finally {
            unlockAndFire();
        }
    }

    private int expireLocked(long cutoff) {
        Set<PoolEntry> stale = new LinkedHashSet<>();
        for (PoolEntry e : pool.byTime()) {
            if (e.time >= cutoff) break;
            stale.addAll(TxPool.withDescendants(e));
        }
        removeStaged(stale, RemovalReason.EXPIRY);
        return stale.size();
    }

    // ---------------------------------------------------------------- chain events

    /**
     * Removes the block's transactions and every mempool transaction that double-spends one of them, transaction
     * by transaction in block order as bitcoind's removeForBlock: each one's own removal, then its conflicts (with
     * their descendants), so the mempool sequence numbers (ZMQ's sequence topic) follow bitcoind's.
     */
    @Override
    public void blockConnected(Block block, BlockIndex index) {
        lock.lock();
        try {
            disconnected.clear();
            List<Sha256Hash> txids = new ArrayList<>(block.transactions().size());
            for (Transaction tx : block.transactions()) txids.add(tx.txid());
            feeEstimator.processBlock(index.height(), txids);
            for (Transaction tx : block.transactions()) {
                pool.byTxid(tx.txid()).ifPresent(e -> removeStaged(Set.of(e), RemovalReason.CONFIRMED));
                if (tx.isCoinbase()) continue;
                Set<PoolEntry> conflicts = new LinkedHashSet<>();
                for (TxIn in : tx.inputs()) {
                    Optional<PoolEntry> spender = pool.spender(in.prevout());
                    if (spender.isPresent() && !spender.get().txid.equals(tx.txid())) {
                        conflicts.addAll(TxPool.withDescendants(spender.get()));
                    }
                }
                removeStaged(conflicts, RemovalReason.CONFLICT);
                deltas.remove(tx.txid());
            }
            lastRollingFeeUpdate = clock.getAsLong();
            blockSinceLastRollingFeeBump = true;
        } finally {
            unlockAndFire();
        }
    }

    /**
     * Puts the block's transactions back (without fee floors, as Core's bypass_limits), then drops what
     * the shorter chain made invalid. A transaction that also confirms in the new branch leaves again when
     * that block connects.
     */
    @Override
    public void blockDisconnected(Block block, BlockIndex index) {
        blockDisconnected(block, index, true);
    }

    /**
     * As {@link #blockDisconnected(Block, BlockIndex)}; without {@code returnTransactions} (deep in an
     * invalidateblock) the block's transactions are not taken back, and what spends them leaves, as bitcoind's
     * MaybeUpdateMempoolForReorg without fAddToMempool.
     */
    @Override
    public void blockDisconnected(Block block, BlockIndex index, boolean returnTransactions) {
        lock.lock();
        try {
            long now = clock.getAsLong();
            for (Transaction tx : block.transactions()) {
                if (!returnTransactions) break;
                if (tx.isCoinbase() || pool.containsTxid(tx.txid())) continue;
                try {
                    accept.acceptSingle(tx, MempoolAccept.Args.single(AcceptOptions.reorg()), now);
                } catch (ValidationException e) {
                    LOG.debug("Transaction {} of disconnected block {} not returned to the mempool: {}", tx.txid(),
                            index.hash(), e.getMessage());
                }
            }
            pool.rebuildLinks();
            removeForReorg(block);
            // bitcoind's disconnect pool keeps at most 20 MB of a reorganisation's transactions: those of the most
            // recent blocks beyond that do not come back, nor do their descendants.
            Set<PoolEntry> givenUp = new HashSet<>();
            for (Sha256Hash txid : disconnected.addBlock(block.transactions())) {
                pool.byTxid(txid).ifPresent(e -> givenUp.addAll(TxPool.withDescendants(e)));
            }
            if (!givenUp.isEmpty()) removeStaged(givenUp, RemovalReason.REORG);
        } finally {
            unlockAndFire();
        }
    }

    @Override
    public void tipChanged(ChainTip tip, boolean initialBlockDownload) {
        lock.lock();
        try {
            disconnected.clear();
            limitSize();
        } finally {
            unlockAndFire();
        }
    }

    /**
     * Core's removeForReorg after {@code disconnected} left the chain: entries spending its outputs that
     * did not come back, entries spending a coinbase no longer mature at the next height, and entries
     * no longer final (absolute or BIP68). Coin lookups are limited to the entries that can be affected.
     */
    private void removeForReorg(Block disconnected) {
        ChainTip tip = chain.tip();
        int nextHeight = tip.height() + 1;
        Set<PoolEntry> invalid = new LinkedHashSet<>();
        for (Transaction tx : disconnected.transactions()) {
            if (pool.containsTxid(tx.txid())) continue;
            for (int o = 0; o < tx.outputs().size(); o++) {
                pool.spender(new OutPoint(tx.txid(), o)).ifPresent(s -> invalid.addAll(TxPool.withDescendants(s)));
            }
        }
        for (PoolEntry e : pool.all()) {
            if (invalid.contains(e)) continue;
            boolean bad = !LockTime.isFinal(e.tx, nextHeight, tip.medianTimePast());
            if (!bad && (e.spendsCoinbase || hasRelativeLock(e.tx))) {
                List<Coin> coins = new ArrayList<>(e.tx.inputs().size());
                for (TxIn in : e.tx.inputs()) {
                    Optional<Coin> c = mempoolOrChainCoin(in.prevout());
                    if (c.isEmpty()) {
                        bad = true;
                        break;
                    }
                    coins.add(c.get());
                    if (c.get().coinbase() && nextHeight - c.get().height() < params.coinbaseMaturity()) bad = true;
                }
                if (!bad && !MempoolAccept.sequenceLocksSatisfied(e.tx, coins, tip)) bad = true;
            }
            if (bad) invalid.addAll(TxPool.withDescendants(e));
        }
        removeStaged(invalid, RemovalReason.REORG);
    }

    private Optional<Coin> mempoolOrChainCoin(OutPoint op) {
        Optional<PoolEntry> parent = pool.byTxid(op.txid());
        if (parent.isPresent()) {
            Transaction ptx = parent.get().tx;
            return op.index() < ptx.outputs().size()
                    ? Optional.of(new Coin(ptx.output((int) op.index()), MEMPOOL_HEIGHT, false)) : Optional.empty();
        }
        return chain.coin(op);
    }

    /** BIP68 applies: version 2+ and an input without the disable flag. */
    private static boolean hasRelativeLock(Transaction tx) {
        if (tx.version() < 2) return false;
        for (TxIn in : tx.inputs()) {
            if ((in.sequence() & TxIn.SEQUENCE_LOCKTIME_DISABLE_FLAG) == 0) return true;
        }
        return false;
    }

    // ---------------------------------------------------------------- block assembly input

    /**
     * Every entry as block assembly needs it, in entry order: fees, size, sigops and in-pool parents
     * (node-miner's BlockAssembler chooses by ancestor-package fee rate from these).
     */
    public List<MiningCandidate> miningCandidates() {
        lock.lock();
        try {
            List<MiningCandidate> out = new ArrayList<>(pool.size());
            for (PoolEntry e : pool.inEntryOrder()) {
                out.add(new MiningCandidate(e.tx, e.fee, e.modifiedFee(), e.vsize, e.sigopCost, e.parentTxids()));
            }
            return out;
        } finally {
            unlockAndFire();
        }
    }

    // ---------------------------------------------------------------- queries

    private MempoolEntry snapshot(PoolEntry e) {
        boolean rbf = e.signalsRbf();
        if (!rbf) {
            for (PoolEntry a : TxPool.ancestors(e)) {
                if (a.signalsRbf()) {
                    rbf = true;
                    break;
                }
            }
        }
        return new MempoolEntry(e.tx, e.txid, e.wtxid, e.fee, e.modifiedFee(), e.vsize, e.weight, e.sigopCost, e.time,
                e.height, e.ancestorCount, e.ancestorSize, e.ancestorFees, e.descendantCount, e.descendantSize,
                e.descendantFees, e.parentTxids(), e.childTxids(), rbf, unbroadcast.contains(e.txid));
    }

    public MempoolInfo info() {
        lock.lock();
        try {
            return new MempoolInfo(loaded, pool.size(), pool.totalVsize(), pool.totalUsage(), pool.totalFee(), options.maxMempoolBytes(),
                    FeeRate.max(mempoolMinFeeRate(), options.minRelayFee()), options.minRelayFee(),
                    options.incrementalRelayFee(), unbroadcast.size(), true, options.permitBareMultisig(),
                    Math.max(options.maxDatacarrierBytes(), 0));
        } finally {
            unlockAndFire();
        }
    }

    public int size() {
        lock.lock();
        try {
            return pool.size();
        } finally {
            unlockAndFire();
        }
    }

    public boolean contains(Sha256Hash txid) {
        lock.lock();
        try {
            return pool.containsTxid(txid);
        } finally {
            unlockAndFire();
        }
    }

    public boolean containsWtxid(Sha256Hash wtxid) {
        lock.lock();
        try {
            return pool.containsWtxid(wtxid);
        } finally {
            unlockAndFire();
        }
    }

    public Optional<Transaction> get(Sha256Hash txid) {
        lock.lock();
        try {
            return pool.byTxid(txid).map(e -> e.tx);
        } finally {
            unlockAndFire();
        }
    }

    /** The current relay sequence number (bitcoind's CTxMemPool::GetSequence). */
    public long relaySequence() {
        lock.lock();
        try {
            return relaySequence;
        } finally {
            unlockAndFire();
        }
    }

    /**
     * What transaction relay needs of one entry, found by wtxid or by txid (bitcoind's info()).
     */
    public Optional<RelayInfo> relayInfo(Sha256Hash hash, boolean byWtxid) {
        lock.lock();
        try {
            PoolEntry e = (byWtxid ? pool.byWtxid(hash) : pool.byTxid(hash)).orElse(null);
            return Optional.ofNullable(e).map(x -> new RelayInfo(x.tx, x.fee, x.modifiedFee(), x.vsize, x.ancestorCount,
                    x.relaySequence));
        } finally {
            unlockAndFire();
        }
    }

    public Optional<Transaction> getByWtxid(Sha256Hash wtxid) {
        lock.lock();
        try {
            return pool.byWtxid(wtxid).map(e -> e.tx);
        } finally {
            unlockAndFire();
        }
    }

    public Optional<MempoolEntry> entry(Sha256Hash txid) {
        lock.lock();
        try {
            return pool.byTxid(txid).map(this::snapshot);
        } finally {
            unlockAndFire();
        }
    }

    /** Every entry, oldest first (getrawmempool verbose). */
    public List<MempoolEntry> entries() {
        lock.lock();
        try {
            List<PoolEntry> all = new ArrayList<>(pool.all());
            all.sort(Comparator.comparingLong(e -> e.sequence));
            List<MempoolEntry> out = new ArrayList<>(all.size());
            for (PoolEntry e : all) out.add(snapshot(e));
            return out;
        } finally {
            unlockAndFire();
        }
    }

    public List<Sha256Hash> txids() {
        lock.lock();
        try {
            List<PoolEntry> all = new ArrayList<>(pool.all());
            all.sort(Comparator.comparingLong(e -> e.sequence));
            List<Sha256Hash> out = new ArrayList<>(all.size());
            for (PoolEntry e : all) out.add(e.txid);
            return out;
        } finally {
            unlockAndFire();
        }
    }

    /**
     * Whether a transaction not yet submitted would pass the ancestor and descendant limits with its in-mempool
     * parents (bitcoind's checkChainLimits, which the wallet asks before committing a send under
     * -walletrejectlongchains): empty when it would, else the limit's text, e.g. "too many unconfirmed
     * ancestors [limit: 25]". The vsize is the transaction's own, without sigop adjustment.
     */
    public Optional<String> chainLimitViolation(Transaction tx) {
        lock.lock();
        try {
            Set<PoolEntry> parents = new LinkedHashSet<>();
            for (TxIn in : tx.inputs()) {
                PoolEntry p = pool.byTxid(in.prevout().txid()).orElse(null);
                if (p != null) parents.add(p);
            }
            accept.ancestorsWithinLimits(parents, tx.vsize(), 1, MempoolAccept.Limits.of(options));
            return Optional.empty();
        } catch (ValidationException e) {
            return Optional.of(e.debug().isEmpty() ? e.reason() : e.debug());
        } finally {
            unlockAndFire();
        }
    }

    /** In-mempool ancestors of a transaction (getmempoolancestors); empty if it is not in the mempool. */
    public Optional<List<MempoolEntry>> ancestorsOf(Sha256Hash txid) {
        lock.lock();
        try {
            PoolEntry e = pool.byTxid(txid).orElse(null);
            if (e == null) return Optional.empty();
            List<MempoolEntry> out = new ArrayList<>();
            for (PoolEntry a : TxPool.ancestors(e)) out.add(snapshot(a));
            return Optional.of(out);
        } finally {
            unlockAndFire();
        }
    }

    /** In-mempool descendants of a transaction (getmempooldescendants); empty if it is not in the mempool. */
    public Optional<List<MempoolEntry>> descendantsOf(Sha256Hash txid) {
        lock.lock();
        try {
            PoolEntry e = pool.byTxid(txid).orElse(null);
            if (e == null) return Optional.empty();
            List<MempoolEntry> out = new ArrayList<>();
            for (PoolEntry d : TxPool.descendants(e)) out.add(snapshot(d));
            return Optional.of(out);
        } finally {
            unlockAndFire();
        }
    }

    /** The mempool transaction spending an outpoint (gettxspendingprevout). */
    public Optional<Sha256Hash> spenderOf(OutPoint op) {
        lock.lock();
        try {
            return pool.spender(op).map(e -> e.txid);
        } finally {
            unlockAndFire();
        }
    }

    /**
     * The chain's UTXO set seen through the mempool: outputs of mempool transactions are visible (at
     * {@link #MEMPOOL_HEIGHT}) and coins spent by mempool transactions are hidden.
     */
    public UtxoView utxoView() {
        return op -> {
            lock.lock();
            try {
                if (pool.spender(op).isPresent()) return Optional.empty();
                PoolEntry e = pool.byTxid(op.txid()).orElse(null);
                if (e != null) {
                    return op.index() < e.tx.outputs().size()
                            ? Optional.of(new Coin(e.tx.output((int) op.index()), MEMPOOL_HEIGHT, false)) : Optional.empty();
                }
                return chain.coin(op);
            } finally {
                unlockAndFire();
            }
        };
    }

    // ---------------------------------------------------------------- prioritisation and broadcast

    /**
     * prioritisetransaction: adds {@code feeDelta} satoshis to the fee used for mining and eviction
     * decisions (not the fee paid). Kept for transactions not yet in the mempool.
     */
    public void prioritiseTransaction(Sha256Hash txid, long feeDelta) {
        lock.lock();
        try {
            long total = deltas.merge(txid, feeDelta, Long::sum);
            if (total == 0) deltas.remove(txid);
            PoolEntry e = pool.byTxid(txid).orElse(null);
            if (e == null) return;
            pool.applyDelta(e, feeDelta);
        } finally {
            unlockAndFire();
        }
    }

    /** Fee deltas set by prioritisetransaction (getprioritisedtransactions). */
    public Map<Sha256Hash, Long> feeDeltas() {
        lock.lock();
        try {
            return Map.copyOf(deltas);
        } finally {
            unlockAndFire();
        }
    }

    /** Marks a locally submitted transaction as not yet announced to any peer. */
    public void addUnbroadcast(Sha256Hash txid) {
        lock.lock();
        try {
            if (pool.containsTxid(txid)) unbroadcast.add(txid);
        } finally {
            unlockAndFire();
        }
    }

    public void removeUnbroadcast(Sha256Hash txid) {
        lock.lock();
        try {
            unbroadcast.remove(txid);
        } finally {
            unlockAndFire();
        }
    }

    public Set<Sha256Hash> unbroadcast() {
        lock.lock();
        try {
            return Set.copyOf(unbroadcast);
        } finally {
            unlockAndFire();
        }
    }

    // ---------------------------------------------------------------- persistence

    /** Whether the start-up load of mempool.dat has finished (getmempoolinfo "loaded"). */
    public boolean isLoaded() {
        return loaded;
    }

    /** Marks the start-up load as done without a file (-persistmempool=0). */
    public void markLoaded() {
        loaded = true;
    }

    /** Writes mempool.dat (see {@link MempoolPersistence}); returns the number of transactions written. */
    public int save(java.nio.file.Path file) throws java.io.IOException {
        MempoolPersistence.Snapshot snap;
        lock.lock();
        try {
            List<PoolEntry> all = new ArrayList<>(pool.all());
            // Parents before children, so that loading can re-accept in file order.
            all.sort(Comparator.comparingLong((PoolEntry e) -> e.ancestorCount).thenComparingLong(e -> e.sequence));
            List<MempoolPersistence.Stored> txs = new ArrayList<>(all.size());
            Map<Sha256Hash, Long> outsideDeltas = new HashMap<>(deltas);
            for (PoolEntry e : all) {
                txs.add(new MempoolPersistence.Stored(e.tx, e.time, e.delta));
                outsideDeltas.remove(e.txid);
            }
            snap = new MempoolPersistence.Snapshot(txs, outsideDeltas, Set.copyOf(unbroadcast));
        } finally {
            unlockAndFire();
        }
        MempoolPersistence.write(file, snap);
        return snap.transactions().size();
    }

    /**
     * What {@link #importFile} takes from a mempool file (bitcoind's ImportMempoolOptions).
     *
     * @param useCurrentTime enter the transactions now instead of at their saved entry times
     * @param applyFeeDeltas apply the saved prioritisetransaction deltas (they stack on existing ones)
     * @param applyUnbroadcast mark the saved unbroadcast transactions as unbroadcast again
     */
    public record ImportOptions(boolean useCurrentTime, boolean applyFeeDeltas, boolean applyUnbroadcast) {
        /** Start-up loading of the node's own mempool.dat: everything as it was saved. */
        public static final ImportOptions STARTUP = new ImportOptions(false, true, true);
        /** The importmempool RPC's defaults. */
        public static final ImportOptions RPC_DEFAULTS = new ImportOptions(true, false, false);
    }

    /**
     * Reads mempool.dat and re-validates every transaction through the normal checks (skipping expired
     * ones), keeping their original entry times. A missing, corrupt or foreign file is logged and
     * ignored: the node starts with an empty mempool.
     *
     * @return the number of transactions accepted
     */
    public int load(java.nio.file.Path file) {
        try {
            return importFile(file, ImportOptions.STARTUP).orElse(0);
        } finally {
            loaded = true;
        }
    }

    /**
     * Adds the transactions of a mempool file to the pool (bitcoind's LoadMempool, also behind the
     * importmempool RPC): each one is validated as a relayed transaction; those already in the pool,
     * expired or invalid are skipped. The pool's own transactions stay.
     *
     * @return the number accepted, or empty when the file cannot be read or is not a mempool file
     */
    public Optional<Integer> importFile(java.nio.file.Path file, ImportOptions opts) {
        Optional<MempoolPersistence.Snapshot> read = MempoolPersistence.read(file);
        if (read.isEmpty()) return Optional.empty();
        MempoolPersistence.Snapshot snap = read.get();
        int accepted = 0;
        int failed = 0;
        int expired = 0;
        long now = clock.getAsLong();
        if (opts.applyFeeDeltas()) {
            for (Map.Entry<Sha256Hash, Long> d : snap.deltas().entrySet()) prioritiseTransaction(d.getKey(), d.getValue());
        }
        for (MempoolPersistence.Stored s : snap.transactions()) {
            if (opts.applyFeeDeltas() && s.delta() != 0) prioritiseTransaction(s.tx().txid(), s.delta());
            long time = opts.useCurrentTime() ? now : s.time();
            if (time < now - options.expirySeconds()) {
                expired++;
                continue;
            }
            lock.lock();
            try {
                accept.acceptSingle(s.tx(), MempoolAccept.Args.single(AcceptOptions.relay()), time);
                accepted++;
            } catch (ValidationException e) {
                failed++;
                LOG.debug("mempool file transaction {} not accepted: {}", s.tx().txid(), e.getMessage());
            } finally {
                unlockAndFire();
            }
        }
        if (opts.applyUnbroadcast()) {
            lock.lock();
            try {
                for (Sha256Hash txid : snap.unbroadcast()) {
                    if (pool.containsTxid(txid)) unbroadcast.add(txid);
                }
            } finally {
                unlockAndFire();
            }
        }
        LOG.info("Imported mempool transactions from {}: {} succeeded, {} failed, {} expired", file, accepted, failed, expired);
        return Optional.of(accepted);
    }

    /** Recomputes every link, aggregate and total and throws if the pool disagrees (bitcoind's -checkmempool, for tests). */
    void checkConsistency() {
        lock.lock();
        try {
            pool.checkConsistency();
        } finally {
            unlockAndFire();
        }
    }
}
