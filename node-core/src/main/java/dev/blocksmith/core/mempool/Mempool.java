package dev.blocksmith.core.mempool;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.chain.BlockIndex;
import dev.blocksmith.core.chain.ChainListener;
import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.core.chain.ChainTip;
import dev.blocksmith.core.chain.Coin;
import dev.blocksmith.core.chain.UtxoView;
import dev.blocksmith.core.consensus.BlockScriptFlags;
import dev.blocksmith.core.consensus.LockTime;
import dev.blocksmith.core.consensus.TransactionChecks;
import dev.blocksmith.core.consensus.TxInputChecks;
import dev.blocksmith.core.consensus.ValidationException;
import dev.blocksmith.core.consensus.ValidationException.Kind;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.primitives.Amount;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.script.ScriptFailure;
import dev.blocksmith.core.script.ScriptFlags;
import dev.blocksmith.core.script.ScriptType;
import dev.blocksmith.core.script.SigOpCounter;
import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.core.tx.TxOut;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transaction memory pool: unconfirmed transactions that pass consensus and relay policy against
 * the chain tip, linked into ancestor/descendant packages (Core's CTxMemPool with the checks of
 * MemPoolAccept). Full replace-by-fee as bitcoind 28+, package limits, a size cap with eviction by
 * descendant fee rate and a decaying minimum fee, expiry, and reorg handling as a chain listener.
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
    public static final int MAX_REPLACEMENT_CANDIDATES = 100;
    /** Reason of a transaction whose inputs are unknown (an orphan, or a double spend of a confirmed coin). */
    public static final String MISSING_INPUTS = "bad-txns-inputs-missingorspent";
    /** Core's ROLLING_FEE_HALFLIFE: the mempool minimum fee halves every 12 hours when the pool is full. */
    private static final double ROLLING_FEE_HALFLIFE = 60 * 60 * 12;
    /** Core's limit of consecutive package failures once a template is nearly full. */
    private static final int MAX_CONSECUTIVE_FAILURES = 1000;

    private final ChainManager chain;
    private final NetworkParams params;
    private final MempoolOptions options;
    private final TxScriptChecker scriptChecker;
    private final LongSupplier clock;
    private final FeeEstimator feeEstimator;

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<Sha256Hash, PoolEntry> byTxid = new HashMap<>();
    private final Map<Sha256Hash, PoolEntry> byWtxid = new HashMap<>();
    private final Map<OutPoint, PoolEntry> spenders = new HashMap<>();
    /** Entries by entry time, for expiry without a scan. */
    private final java.util.TreeSet<PoolEntry> byTime = new java.util.TreeSet<>(
            Comparator.comparingLong((PoolEntry e) -> e.time).thenComparingLong(e -> e.sequence));
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

    private long totalVsize;
    private long totalUsage;
    private long totalFee;
    private long nextSequence;
    /**
     * bitcoind's mempool sequence number: starts at 1 and grows by one with every transaction added
     * and every one removed. Peers may fetch a transaction only once an announcement made after it
     * entered has been sent to them (bitcoind's info_for_relay against m_last_inv_sequence).
     */
    private long relaySequence = 1;
    private double rollingMinimumFeeRate;
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
        this.scriptChecker = scriptChecker;
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

    public void removeListener(MempoolListener l) {
        listeners.remove(l);
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
     * (replacing conflicts when the replacement rules allow).
     *
     * @throws ValidationException with bitcoind's reject reason; {@link Kind#INCONCLUSIVE} with
     *     {@link #MISSING_INPUTS} for an orphan (RPC testmempoolaccept reports it as "missing-inputs")
     */
    public AcceptResult accept(Transaction tx, AcceptOptions opts) throws ValidationException {
        lock.lock();
        try {
            return acceptLocked(tx, opts, clock.getAsLong());
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

    private static ValidationException policy(String reason, String debug) {
        return new ValidationException(Kind.POLICY, reason, debug);
    }

    private AcceptResult acceptLocked(Transaction tx, AcceptOptions opts, long time) throws ValidationException {
        Prechecked p = preChecks(tx, opts, true);
        checkScripts(tx, p.spent(), p.nextHeight());

        if (opts.maxFeeRate().isPresent() && opts.maxFeeRate().get().satsPerKvB() > 0) {
            long maxFee = opts.maxFeeRate().get().feeFor(p.vsize());
            if (p.fee() > maxFee) {
                throw policy("max-fee-exceeded", "Fee exceeds maximum configured by user (e.g. -maxtxfee, maxfeerate)");
            }
        }

        if (opts.testOnly()) return p.result(false);

        // bitcoind takes the entry's sequence before the replaced transactions leave (each removal counts).
        long entrySequence = opts.bypassLimits() ? 0 : relaySequence;
        if (!p.toReplace().isEmpty()) {
            LOG.debug("Replacing {} transactions with {}", p.toReplace().size(), p.txid());
            removeStaged(p.toReplace(), RemovalReason.REPLACED);
        }
        PoolEntry entry = p.entry(time, nextSequence++);
        addEntry(entry, p.parents(), p.ancestors());
        // As bitcoind: what returns from a disconnected block (bypass_limits) gets sequence 0.
        entry.relaySequence = entrySequence;
        relaySequence++;
        if (!opts.bypassLimits()) {
            // As bitcoind: only a transaction without unconfirmed parents, accepted while the chain is current, says
            // how long a fee rate takes to confirm.
            feeEstimator.processTransaction(p.txid(), FeeRate.of(p.fee(), p.vsize()), p.tipHeight(),
                    p.parents().isEmpty() && !chain.isInitialBlockDownload());
            limitSize();
            if (!byTxid.containsKey(p.txid())) throw policy("mempool full", "");
        }
        MempoolEntry snapshot = snapshot(entry);
        events.transactionAddedToMempool(tx, sequence++);
        pendingEvents.add(() -> listeners.forEach(l -> l.transactionAdded(tx, snapshot)));
        LOG.debug("Accepted {} (vsize {}, fee {}) to the mempool, now {} txs", p.txid(), p.vsize(), p.fee(), byTxid.size());
        return p.result(true);
    }

    /**
     * {@code testmempoolaccept} of several transactions (bitcoind's AcceptMultipleTransactions in
     * test mode): the package must be well formed; each transaction in order passes the checks before
     * scripts, seeing the earlier ones as if they were in the mempool, with no replacement of mempool
     * transactions; then the scripts of each in order. Validation stops at the first failure. The
     * mempool is unchanged afterwards: the transactions are staged under the lock and removed again
     * before it is released, without events. Each transaction's fee rate is its own (no package
     * fee rates) and maxfeerate is left to the caller, as in bitcoind's RPC.
     */
    public PackageTestResult testAcceptPackage(List<Transaction> txs) {
        Optional<String> malformed = PackageChecks.wellFormed(txs);
        if (malformed.isPresent()) return new PackageTestResult(malformed, Map.of());
        Map<Sha256Hash, PackageTestResult.Outcome> results = new LinkedHashMap<>();
        lock.lock();
        List<PoolEntry> staged = new ArrayList<>();
        try {
            long time = clock.getAsLong();
            AcceptOptions opts = AcceptOptions.testAccept(FeeRate.ZERO);
            List<Prechecked> checked = new ArrayList<>(txs.size());
            for (Transaction tx : txs) {
                Prechecked p;
                try {
                    p = preChecks(tx, opts, false);
                } catch (ValidationException e) {
                    results.put(tx.wtxid(), new PackageTestResult.Rejected(e));
                    return new PackageTestResult(Optional.empty(), results);
                }
                checked.add(p);
                PoolEntry entry = p.entry(time, nextSequence++);
                addEntry(entry, p.parents(), p.ancestors());
                staged.add(entry);
            }
            for (Prechecked p : checked) {
                try {
                    checkScripts(p.tx(), p.spent(), p.nextHeight());
                } catch (ValidationException e) {
                    results.put(p.tx().wtxid(), new PackageTestResult.Rejected(e));
                    return new PackageTestResult(Optional.empty(), results);
                }
                results.put(p.tx().wtxid(), new PackageTestResult.Accepted(p.result(false)));
            }
            return new PackageTestResult(Optional.empty(), results);
        } finally {
            unstage(staged);
            lock.unlock();
        }
    }

    /** Takes staged test entries out again, latest first, leaving no trace (no events, no fee estimates). */
    private void unstage(List<PoolEntry> staged) {
        for (int i = staged.size() - 1; i >= 0; i--) {
            PoolEntry e = staged.get(i);
            for (PoolEntry a : ancestors(e)) {
                a.descendantCount--;
                a.descendantSize -= e.vsize;
                a.descendantFees -= e.modifiedFee();
            }
            for (PoolEntry p : e.parents) p.children.remove(e);
            byTxid.remove(e.txid);
            byWtxid.remove(e.wtxid);
            byTime.remove(e);
            for (TxIn in : e.tx.inputs()) spenders.remove(in.prevout(), e);
            totalVsize -= e.vsize;
            totalUsage -= e.usage;
            totalFee -= e.fee;
        }
    }

    /** What bitcoind's PreChecks learnt about a transaction: everything but its scripts is checked. */
    private record Prechecked(Transaction tx, Sha256Hash txid, long fee, long modifiedFee, long delta, int vsize,
                              long sigopCost, List<TxOut> spent, Set<PoolEntry> parents, Set<PoolEntry> ancestors,
                              Set<PoolEntry> toReplace, boolean spendsCoinbase, int tipHeight) {
        int nextHeight() {
            return tipHeight + 1;
        }

        PoolEntry entry(long time, long sequence) {
            return new PoolEntry(tx, fee, vsize, sigopCost, time, tipHeight, spendsCoinbase, delta, sequence);
        }

        AcceptResult result(boolean added) {
            List<Sha256Hash> replaced = new ArrayList<>(toReplace.size());
            for (PoolEntry r : toReplace) replaced.add(r.txid);
            return new AcceptResult(txid, tx.wtxid(), vsize, fee, FeeRate.of(modifiedFee, vsize), replaced, added);
        }
    }

    /**
     * bitcoind's PreChecks (with the replacement rules): every check but the scripts, in bitcoind's order.
     *
     * @param allowReplacement false for package test-accepts, where a conflict with the mempool is
     *     refused outright ("bip125-replacement-disallowed")
     */
    private Prechecked preChecks(Transaction tx, AcceptOptions opts, boolean allowReplacement) throws ValidationException {
        Sha256Hash txid = tx.txid();
        TransactionChecks.check(tx);
        if (tx.isCoinbase()) throw new ValidationException("coinbase", "coinbase");
        if (options.requireStandard()) StandardPolicy.checkTransaction(tx, options);
        // Core: below 65 non-witness bytes a transaction could pass for an inner Merkle node (CVE-2017-12842).
        if (tx.baseSize() < StandardPolicy.MIN_STANDARD_TX_NONWITNESS_SIZE) throw policy("tx-size-small", "");

        ChainTip tip = chain.tip();
        int nextHeight = tip.height() + 1;
        // BIP113: lock times compare against the tip's median time past.
        if (!LockTime.isFinal(tx, nextHeight, tip.medianTimePast())) throw policy("non-final", "");
        if (byWtxid.containsKey(tx.wtxid())) throw new ValidationException(Kind.DUPLICATE, "txn-already-in-mempool", "");
        if (byTxid.containsKey(txid)) throw new ValidationException(Kind.DUPLICATE, "txn-same-nonwitness-data-in-mempool", "");

        Set<PoolEntry> directConflicts = new LinkedHashSet<>();
        for (TxIn in : tx.inputs()) {
            PoolEntry spender = spenders.get(in.prevout());
            if (spender != null) {
                if (!allowReplacement) throw policy("bip125-replacement-disallowed", "");
                directConflicts.add(spender);
            }
        }

        List<Coin> coins = new ArrayList<>(tx.inputs().size());
        List<TxOut> spent = new ArrayList<>(tx.inputs().size());
        Set<PoolEntry> parents = new LinkedHashSet<>();
        boolean spendsCoinbase = false;
        for (TxIn in : tx.inputs()) {
            Optional<Coin> coin = mempoolOrChainCoin(in.prevout(), parents);
            if (coin.isEmpty()) {
                for (int o = 0; o < tx.outputs().size(); o++) {
                    if (chain.coin(new OutPoint(txid, o)).isPresent()) {
                        throw new ValidationException(Kind.DUPLICATE, "txn-already-known", "");
                    }
                }
                throw new ValidationException(Kind.INCONCLUSIVE, MISSING_INPUTS, "");
            }
            coins.add(coin.get());
            spent.add(coin.get().output());
            spendsCoinbase |= coin.get().coinbase();
        }

        if (!sequenceLocksSatisfied(tx, coins, tip)) throw policy("non-BIP68-final", "");
        long fee = TxInputChecks.check(tx, coins, nextHeight, params.coinbaseMaturity());

        if (options.requireStandard()) {
            StandardPolicy.checkInputs(tx, spent);
            StandardPolicy.checkWitness(tx, spent);
        }
        long sigopCost = SigOpCounter.transactionCost(tx, spent, ScriptFlags.STANDARD);
        if (sigopCost > StandardPolicy.MAX_STANDARD_TX_SIGOPS_COST) {
            throw policy("bad-txns-too-many-sigops", Long.toString(sigopCost));
        }
        long delta = deltas.getOrDefault(txid, 0L);
        long modifiedFee = fee + delta;
        int vsize = StandardPolicy.virtualSize(tx.weight(), sigopCost, options.bytesPerSigop());

        if (options.requireStandard()) checkEphemeralDust(tx, fee, modifiedFee, parents);
        if (!opts.bypassLimits()) {
            long minFee = mempoolMinFeeRate().feeFor(vsize);
            if (modifiedFee < minFee) throw policy("mempool min fee not met", modifiedFee + " < " + minFee);
            long relayFee = options.minRelayFee().feeFor(vsize);
            if (modifiedFee < relayFee) throw policy("min relay fee not met", modifiedFee + " < " + relayFee);
        }

        Set<PoolEntry> ancestors = ancestorsWithinLimits(parents, vsize);
        for (PoolEntry a : ancestors) {
            if (directConflicts.contains(a)) {
                throw new ValidationException(Kind.CONSENSUS, "bad-txns-spends-conflicting-tx",
                        txid + " spends conflicting transaction " + a.txid);
            }
        }
        TrucPolicy.check(tx, vsize, parents, ancestors, directConflicts);

        Set<PoolEntry> toReplace = directConflicts.isEmpty() ? Set.of()
                : replacementChecks(tx, modifiedFee, vsize, directConflicts);
        return new Prechecked(tx, txid, fee, modifiedFee, delta, vsize, sigopCost, spent, parents, ancestors, toReplace,
                spendsCoinbase, tip.height());
    }

    /**
     * Ephemeral dust (Core 29+): a dust output is tolerated only on a zero-fee transaction, and a child
     * of such a parent must spend all of the parent's dust, so the dust never outlives the package.
     */
    private void checkEphemeralDust(Transaction tx, long fee, long modifiedFee, Set<PoolEntry> parents) throws ValidationException {
        if (StandardPolicy.dustOutputs(tx, options.dustRelayFee()) > 0 && (fee != 0 || modifiedFee != 0)) {
            throw policy("dust", "tx with dust output must be 0-fee");
        }
        Set<OutPoint> spentHere = new HashSet<>();
        for (TxIn in : tx.inputs()) spentHere.add(in.prevout());
        for (PoolEntry p : parents) {
            for (int o = 0; o < p.tx.outputs().size(); o++) {
                if (StandardPolicy.isDust(p.tx.output(o), options.dustRelayFee()) && !spentHere.contains(new OutPoint(p.txid, o))) {
                    throw policy("missing-ephemeral-spends", "tx " + tx.txid() + " (wtxid=" + tx.wtxid()
                            + ") did not spend parent's ephemeral dust");
                }
            }
        }
    }

    /** A coin from a mempool parent (recording the parent) or, if none, from the chain's UTXO set. */
    private Optional<Coin> mempoolOrChainCoin(OutPoint op, Set<PoolEntry> parents) {
        PoolEntry parent = byTxid.get(op.txid());
        if (parent != null) {
            if (op.index() >= parent.tx.outputs().size()) return Optional.empty();
            parents.add(parent);
            return Optional.of(new Coin(parent.tx.output((int) op.index()), MEMPOOL_HEIGHT, false));
        }
        return chain.coin(op);
    }

    /**
     * BIP68 at the next block; coins still in the mempool count as if mined in it (Core's CheckSequenceLocksAtTip).
     * Policy enforces BIP68 whether or not CSV is active yet for blocks: bitcoind passes
     * STANDARD_LOCKTIME_VERIFY_FLAGS, which always include LOCKTIME_VERIFY_SEQUENCE (feature_bip68_sequence).
     */
    private boolean sequenceLocksSatisfied(Transaction tx, List<Coin> coins, ChainTip tip) {
        int nextHeight = tip.height() + 1;
        List<Integer> heights = new ArrayList<>(coins.size());
        for (Coin c : coins) heights.add(c.height() == MEMPOOL_HEIGHT ? nextHeight : c.height());
        LockTime.SequenceLocks locks = LockTime.sequenceLocks(tx, true, heights, tip.index(), nextHeight);
        return LockTime.sequenceLocksSatisfied(locks, nextHeight, tip.medianTimePast());
    }

    /**
     * Policy flags first; a failure is re-checked with the next block's consensus flags only, so the
     * rejection's kind says whether the transaction is invalid or merely non-standard. Core 30 reports
     * both as "mempool-script-verify-flag-failed (...)" with the policy check's error.
     */
    private void checkScripts(Transaction tx, List<TxOut> spent, int nextHeight) throws ValidationException {
        Optional<ScriptFailure> policyFailure = scriptChecker.check(tx, spent, ScriptFlags.STANDARD);
        if (policyFailure.isEmpty()) return;
        int consensusFlags = BlockScriptFlags.forBlock(Sha256Hash.ZERO, nextHeight, params);
        Optional<ScriptFailure> consensusFailure = scriptChecker.check(tx, spent, consensusFlags);
        // bitcoind reports the first error under the policy flags, even when the transaction is also
        // consensus-invalid for another reason (p2p_invalid_tx's NonStandardAndInvalid); the
        // consensus check only decides the kind.
        ScriptFailure f = policyFailure.get();
        TxIn in = tx.input(f.inputIndex());
        String debug = "input " + f.inputIndex() + " of " + tx.txid() + " (wtxid " + tx.wtxid() + "), spending "
                + in.prevout().txid() + ":" + in.prevout().index();
        // bitcoind's PolicyScriptChecks: a failing transaction without witnesses that spends a witness
        // program is reported as witness-stripped, so that relay does not remember its txid as rejected.
        Kind kind = !tx.hasWitness() && spendsNonAnchorWitnessProgram(tx, spent) ? Kind.WITNESS_STRIPPED
                : consensusFailure.isPresent() ? Kind.CONSENSUS : Kind.POLICY;
        throw new ValidationException(kind, "mempool-script-verify-flag-failed (" + f.error().message() + ")", debug);
    }

    /**
     * bitcoind's SpendsNonAnchorWitnessProg: some input spends a witness program of any version other than
     * pay-to-anchor, directly or as a P2SH redeem script.
     */
    static boolean spendsNonAnchorWitnessProgram(Transaction tx, List<TxOut> spent) {
        if (tx.isCoinbase()) return false;
        for (int i = 0; i < spent.size(); i++) {
            Script prev = spent.get(i).scriptPubKey();
            if (prev.isWitnessProgram() && !ScriptType.isPayToAnchor(prev)) return true;
            if (prev.isP2SH()) {
                byte[] redeem = SigOpCounter.lastPush(tx.input(i).scriptSig());
                if (redeem != null && Script.ofOwned(redeem).isWitnessProgram()) return true;
            }
        }
        return false;
    }

    /** Core's CalculateAncestorsAndCheckLimits for a new transaction of {@code vsize} with these parents. */
    private Set<PoolEntry> ancestorsWithinLimits(Set<PoolEntry> parents, int vsize) throws ValidationException {
        if (parents.size() + 1 > options.ancestorCount()) {
            throw policy("too-long-mempool-chain", "too many unconfirmed parents [limit: " + options.ancestorCount() + "]");
        }
        Set<PoolEntry> ancestors = new LinkedHashSet<>();
        Deque<PoolEntry> staged = new ArrayDeque<>(parents);
        Set<PoolEntry> stagedSet = new HashSet<>(parents);
        long totalSize = vsize;
        while (!staged.isEmpty()) {
            PoolEntry s = staged.poll();
            stagedSet.remove(s);
            ancestors.add(s);
            totalSize += s.vsize;
            if (s.descendantSize + vsize > options.descendantSizeVBytes()) {
                throw policy("too-long-mempool-chain", "exceeds descendant size limit for tx " + s.txid
                        + " [limit: " + options.descendantSizeVBytes() + "]");
            }
            if (s.descendantCount + 1 > options.descendantCount()) {
                throw policy("too-long-mempool-chain", "too many descendants for tx " + s.txid
                        + " [limit: " + options.descendantCount() + "]");
            }
            if (totalSize > options.ancestorSizeVBytes()) {
                throw policy("too-long-mempool-chain", "exceeds ancestor size limit [limit: " + options.ancestorSizeVBytes() + "]");
            }
            for (PoolEntry p : s.parents) {
                if (!ancestors.contains(p) && stagedSet.add(p)) staged.add(p);
            }
            if (staged.size() + ancestors.size() + 1 > options.ancestorCount()) {
                throw policy("too-long-mempool-chain", "too many unconfirmed ancestors [limit: " + options.ancestorCount() + "]");
            }
        }
        return ancestors;
    }

    /**
     * Full replace-by-fee (Core 28+: no BIP125 signal needed), in Core's order: rule 6 (a higher fee
     * rate than each direct conflict), rule 5 (at most 100 evictions), rule 2 (no new unconfirmed
     * inputs), rules 3 and 4 (pay at least the replaced fees plus relay of the replacement).
     *
     * @return every transaction the replacement evicts (direct conflicts and their descendants)
     */
    private Set<PoolEntry> replacementChecks(Transaction tx, long modifiedFee, int vsize, Set<PoolEntry> direct)
            throws ValidationException {
        Sha256Hash txid = tx.txid();
        FeeRate newRate = FeeRate.of(modifiedFee, vsize);
        for (PoolEntry c : direct) {
            FeeRate oldRate = FeeRate.of(c.modifiedFee(), c.vsize);
            // Core 30 compares the exact fractions (FeeFrac); the message shows them per kvB, rounded down.
            if (modifiedFee * c.vsize <= c.modifiedFee() * vsize) {
                throw policy("insufficient fee", "rejecting replacement " + txid + "; new feerate " + newRate
                        + " <= old feerate " + oldRate);
            }
        }
        long candidates = 0;
        for (PoolEntry c : direct) candidates += c.descendantCount;
        if (candidates > MAX_REPLACEMENT_CANDIDATES) {
            throw policy("too many potential replacements", "rejecting replacement " + txid
                    + "; too many potential replacements (" + candidates + " > " + MAX_REPLACEMENT_CANDIDATES + ")");
        }
        Set<PoolEntry> all = new LinkedHashSet<>();
        for (PoolEntry c : direct) {
            all.add(c);
            all.addAll(descendants(c));
        }
        Set<Sha256Hash> parentsOfConflicts = new HashSet<>();
        for (PoolEntry c : direct) {
            for (TxIn in : c.tx.inputs()) parentsOfConflicts.add(in.prevout().txid());
        }
        for (int j = 0; j < tx.inputs().size(); j++) {
            Sha256Hash prev = tx.input(j).prevout().txid();
            if (!parentsOfConflicts.contains(prev) && byTxid.containsKey(prev)) {
                throw policy("replacement-adds-unconfirmed", "replacement " + txid + " adds unconfirmed input, idx " + j);
            }
        }
        long replacedFees = 0;
        for (PoolEntry c : all) replacedFees += c.modifiedFee();
        if (modifiedFee < replacedFees) {
            throw policy("insufficient fee", "rejecting replacement " + txid + ", less fees than conflicting txs; "
                    + formatMoney(modifiedFee) + " < " + formatMoney(replacedFees));
        }
        long additional = modifiedFee - replacedFees;
        long relayFee = options.incrementalRelayFee().feeFor(vsize);
        if (additional < relayFee) {
            throw policy("insufficient fee", "rejecting replacement " + txid + ", not enough additional fees to relay; "
                    + formatMoney(additional) + " < " + formatMoney(relayFee));
        }
        return all;
    }

    /** Core's FormatMoney: BTC with trailing zeros trimmed down to two decimals. */
    static String formatMoney(long sats) {
        return Amount.ofSats(sats).formatMoney();
    }

    // ---------------------------------------------------------------- structure

    private void addEntry(PoolEntry e, Set<PoolEntry> parents, Set<PoolEntry> ancestors) {
        byTxid.put(e.txid, e);
        byWtxid.put(e.wtxid, e);
        byTime.add(e);
        for (TxIn in : e.tx.inputs()) spenders.put(in.prevout(), e);
        e.parents.addAll(parents);
        for (PoolEntry p : parents) p.children.add(e);
        for (PoolEntry a : ancestors) {
            e.ancestorCount++;
            e.ancestorSize += a.vsize;
            e.ancestorFees += a.modifiedFee();
            e.ancestorSigops += a.sigopCost;
            a.descendantCount++;
            a.descendantSize += e.vsize;
            a.descendantFees += e.modifiedFee();
        }
        totalVsize += e.vsize;
        totalUsage += e.usage;
        totalFee += e.fee;
    }

    private static Set<PoolEntry> ancestors(PoolEntry e) {
        Set<PoolEntry> out = new LinkedHashSet<>();
        Deque<PoolEntry> todo = new ArrayDeque<>(e.parents);
        while (!todo.isEmpty()) {
            PoolEntry p = todo.poll();
            if (out.add(p)) todo.addAll(p.parents);
        }
        return out;
    }

    private static Set<PoolEntry> descendants(PoolEntry e) {
        Set<PoolEntry> out = new LinkedHashSet<>();
        Deque<PoolEntry> todo = new ArrayDeque<>(e.children);
        while (!todo.isEmpty()) {
            PoolEntry c = todo.poll();
            if (out.add(c)) todo.addAll(c.children);
        }
        return out;
    }

    private static Set<PoolEntry> withDescendants(PoolEntry e) {
        Set<PoolEntry> out = new LinkedHashSet<>();
        out.add(e);
        out.addAll(descendants(e));
        return out;
    }

    /**
     * Removes a set of entries. Aggregates of entries that stay are corrected first, while every link
     * is still in place (Core's RemoveStaged): a confirmed parent leaves its children's ancestor sums.
     */
    private void removeStaged(Set<PoolEntry> toRemove, RemovalReason reason) {
        for (PoolEntry e : toRemove) {
            for (PoolEntry a : ancestors(e)) {
                if (toRemove.contains(a)) continue;
                a.descendantCount--;
                a.descendantSize -= e.vsize;
                a.descendantFees -= e.modifiedFee();
            }
            for (PoolEntry d : descendants(e)) {
                if (toRemove.contains(d)) continue;
                d.ancestorCount--;
                d.ancestorSize -= e.vsize;
                d.ancestorFees -= e.modifiedFee();
                d.ancestorSigops -= e.sigopCost;
            }
        }
        for (PoolEntry e : toRemove) {
            for (PoolEntry p : e.parents) p.children.remove(e);
            for (PoolEntry c : e.children) c.parents.remove(e);
            byTxid.remove(e.txid);
            byWtxid.remove(e.wtxid);
            byTime.remove(e);
            for (TxIn in : e.tx.inputs()) spenders.remove(in.prevout(), e);
            if (unbroadcast.remove(e.txid)) {
                // bitcoind's line (mempool_unbroadcast waits for it when a block confirms the transaction).
                LOG.debug("Removed {} from set of unbroadcast txns{}", e.txid,
                        reason == RemovalReason.CONFIRMED ? " before confirmation that txn was sent out" : "");
            }
            relaySequence++;
            totalVsize -= e.vsize;
            totalUsage -= e.usage;
            totalFee -= e.fee;
            if (reason != RemovalReason.CONFIRMED) feeEstimator.removeTransaction(e.txid);
            Transaction tx = e.tx;
            long seq = sequence++;
            if (reason != RemovalReason.CONFIRMED) events.transactionRemovedFromMempool(tx, reason, seq);
            pendingEvents.add(() -> listeners.forEach(l -> l.transactionRemoved(tx, reason)));
        }
        if (!toRemove.isEmpty()) LOG.debug("Removed {} transactions from the mempool ({})", toRemove.size(), reason);
    }

    /** Recomputes every link and aggregate from the transactions (after a reorg re-added parents). */
    private void rebuildLinks() {
        for (PoolEntry e : byTxid.values()) {
            e.parents.clear();
            e.children.clear();
        }
        for (PoolEntry e : byTxid.values()) {
            for (TxIn in : e.tx.inputs()) {
                PoolEntry p = byTxid.get(in.prevout().txid());
                if (p != null) {
                    e.parents.add(p);
                    p.children.add(e);
                }
            }
        }
        for (PoolEntry e : byTxid.values()) {
            e.resetAggregates();
            for (PoolEntry a : ancestors(e)) {
                e.ancestorCount++;
                e.ancestorSize += a.vsize;
                e.ancestorFees += a.modifiedFee();
                e.ancestorSigops += a.sigopCost;
            }
            for (PoolEntry d : descendants(e)) {
                e.descendantCount++;
                e.descendantSize += d.vsize;
                e.descendantFees += d.modifiedFee();
            }
        }
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
     * what it just dropped.
     */
    private void trimToSize(long limit) {
        while (totalUsage > limit && !byTxid.isEmpty()) {
            PoolEntry worst = null;
            for (PoolEntry e : byTxid.values()) {
                if (worst == null || compareDescendantScore(e, worst) < 0) worst = e;
            }
            FeeRate removed = FeeRate.of(worst.descendantFees, worst.descendantSize).plus(options.incrementalRelayFee());
            trackPackageRemoved(removed);
            removeStaged(withDescendants(worst), RemovalReason.SIZELIMIT);
        }
    }

    /** Core's descendant score: the larger of the entry's own and its package's modified fee rate. */
    private static int compareDescendantScore(PoolEntry a, PoolEntry b) {
        long[] sa = descendantScore(a);
        long[] sb = descendantScore(b);
        int c = Long.compare(sa[0] * sb[1], sb[0] * sa[1]);
        if (c != 0) return c;
        // Among equals, evict the newer one first.
        return Long.compare(b.sequence, a.sequence);
    }

    private static long[] descendantScore(PoolEntry e) {
        // own rate >= package rate  <=>  fee * descSize >= descFees * vsize
        if (e.modifiedFee() * e.descendantSize >= e.descendantFees * e.vsize) return new long[] {e.modifiedFee(), e.vsize};
        return new long[] {e.descendantFees, e.descendantSize};
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
            if (totalUsage < options.maxMempoolBytes() / 4) {
                halflife /= 4;
            } else if (totalUsage < options.maxMempoolBytes() / 2) {
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
        for (PoolEntry e : byTime) {
            if (e.time >= cutoff) break;
            stale.addAll(withDescendants(e));
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
            List<Sha256Hash> txids = new ArrayList<>(block.transactions().size());
            for (Transaction tx : block.transactions()) txids.add(tx.txid());
            feeEstimator.processBlock(index.height(), txids);
            for (Transaction tx : block.transactions()) {
                PoolEntry e = byTxid.get(tx.txid());
                if (e != null) removeStaged(Set.of(e), RemovalReason.CONFIRMED);
                if (tx.isCoinbase()) continue;
                Set<PoolEntry> conflicts = new LinkedHashSet<>();
                for (TxIn in : tx.inputs()) {
                    PoolEntry spender = spenders.get(in.prevout());
                    if (spender != null && !spender.txid.equals(tx.txid())) conflicts.addAll(withDescendants(spender));
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
        lock.lock();
        try {
            long now = clock.getAsLong();
            for (Transaction tx : block.transactions()) {
                if (tx.isCoinbase() || byTxid.containsKey(tx.txid())) continue;
                try {
                    acceptLocked(tx, AcceptOptions.reorg(), now);
                } catch (ValidationException e) {
                    LOG.debug("Transaction {} of disconnected block {} not returned to the mempool: {}", tx.txid(),
                            index.hash(), e.getMessage());
                }
            }
            rebuildLinks();
            removeForReorg(block);
        } finally {
            unlockAndFire();
        }
    }

    @Override
    public void tipChanged(ChainTip tip, boolean initialBlockDownload) {
        lock.lock();
        try {
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
            if (byTxid.containsKey(tx.txid())) continue;
            for (int o = 0; o < tx.outputs().size(); o++) {
                PoolEntry spender = spenders.get(new OutPoint(tx.txid(), o));
                if (spender != null) invalid.addAll(withDescendants(spender));
            }
        }
        for (PoolEntry e : byTxid.values()) {
            if (invalid.contains(e)) continue;
            boolean bad = !LockTime.isFinal(e.tx, nextHeight, tip.medianTimePast());
            if (!bad && (e.spendsCoinbase || hasRelativeLock(e.tx))) {
                List<Coin> coins = new ArrayList<>(e.tx.inputs().size());
                for (TxIn in : e.tx.inputs()) {
                    Optional<Coin> c = mempoolOrChainCoin(in.prevout(), new HashSet<>());
                    if (c.isEmpty()) {
                        bad = true;
                        break;
                    }
                    coins.add(c.get());
                    if (c.get().coinbase() && nextHeight - c.get().height() < params.coinbaseMaturity()) bad = true;
                }
                if (!bad && !sequenceLocksSatisfied(e.tx, coins, tip)) bad = true;
            }
            if (bad) invalid.addAll(withDescendants(e));
        }
        removeStaged(invalid, RemovalReason.REORG);
    }

    /** BIP68 applies: version 2+ and an input without the disable flag. */
    private static boolean hasRelativeLock(Transaction tx) {
        if (tx.version() < 2) return false;
        for (TxIn in : tx.inputs()) {
            if ((in.sequence() & TxIn.SEQUENCE_LOCKTIME_DISABLE_FLAG) == 0) return true;
        }
        return false;
    }

    // ---------------------------------------------------------------- block templates

    /**
     * Chooses transactions for a block by ancestor-package fee rate (Core's addPackageTxs): the best
     * package by modified fee rate goes in whole, parents before children, and packages that paid for
     * already-included ancestors are re-scored without them (child-pays-for-parent).
     *
     * @param maxWeight weight available to transactions (the caller reserves the coinbase's share)
     * @param maxSigopCost sigop cost available to transactions
     */
    public List<SelectedTx> selectForBlock(long maxWeight, long maxSigopCost) {
        lock.lock();
        try {
            return select(maxWeight, maxSigopCost);
        } finally {
            unlockAndFire();
        }
    }

    private record Candidate(PoolEntry entry, long fees, long size, long sigops) {
    }

    private static final Comparator<Candidate> BEST_FIRST = (a, b) -> {
        int c = Long.compare(b.fees * a.size, a.fees * b.size);
        if (c != 0) return c;
        return Long.compare(a.entry.sequence, b.entry.sequence);
    };

    private List<SelectedTx> select(long maxWeight, long maxSigopCost) {
        PriorityQueue<Candidate> queue = new PriorityQueue<>(BEST_FIRST);
        for (PoolEntry e : byTxid.values()) queue.add(new Candidate(e, e.ancestorFees, e.ancestorSize, e.ancestorSigops));
        Map<PoolEntry, Candidate> modified = new HashMap<>();
        Set<PoolEntry> inBlock = new HashSet<>();
        Set<PoolEntry> failed = new HashSet<>();
        List<SelectedTx> out = new ArrayList<>();
        long weight = 0;
        long sigops = 0;
        int consecutiveFailures = 0;
        while (!queue.isEmpty()) {
            Candidate c = queue.poll();
            PoolEntry e = c.entry();
            if (inBlock.contains(e) || failed.contains(e)) continue;
            Candidate current = modified.get(e);
            if (current != null && current != c) continue;
            // Packages come out in fee-rate order, so the first one below the floor ends the selection.
            if (c.fees() < options.blockMinFeeRate().feeFor(c.size())) break;
            long packageWeight = c.size() * Transaction.WITNESS_SCALE_FACTOR;
            if (weight + packageWeight > maxWeight || sigops + c.sigops() > maxSigopCost) {
                failed.add(e);
                consecutiveFailures++;
                if (consecutiveFailures > MAX_CONSECUTIVE_FAILURES && weight > maxWeight - 4000) break;
                continue;
            }
            List<PoolEntry> pkg = new ArrayList<>();
            pkg.add(e);
            for (PoolEntry a : ancestors(e)) {
                if (!inBlock.contains(a)) pkg.add(a);
            }
            pkg.sort(Comparator.comparingLong((PoolEntry p) -> p.ancestorCount).thenComparingLong(p -> p.sequence));
            Set<PoolEntry> touched = new LinkedHashSet<>();
            for (PoolEntry p : pkg) {
                out.add(new SelectedTx(p.tx, p.fee, p.sigopCost));
                inBlock.add(p);
                modified.remove(p);
            }
            for (PoolEntry p : pkg) touched.addAll(descendants(p));
            weight += packageWeight;
            sigops += c.sigops();
            consecutiveFailures = 0;
            for (PoolEntry d : touched) {
                if (inBlock.contains(d) || failed.contains(d)) continue;
                long fees = d.modifiedFee();
                long size = d.vsize;
                long sig = d.sigopCost;
                for (PoolEntry a : ancestors(d)) {
                    if (inBlock.contains(a)) continue;
                    fees += a.modifiedFee();
                    size += a.vsize;
                    sig += a.sigopCost;
                }
                Candidate updated = new Candidate(d, fees, size, sig);
                modified.put(d, updated);
                queue.add(updated);
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- queries

    private MempoolEntry snapshot(PoolEntry e) {
        boolean rbf = e.signalsRbf();
        if (!rbf) {
            for (PoolEntry a : ancestors(e)) {
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
            return new MempoolInfo(loaded, byTxid.size(), totalVsize, totalUsage, totalFee, options.maxMempoolBytes(),
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
            return byTxid.size();
        } finally {
            unlockAndFire();
        }
    }

    public boolean contains(Sha256Hash txid) {
        lock.lock();
        try {
            return byTxid.containsKey(txid);
        } finally {
            unlockAndFire();
        }
    }

    public boolean containsWtxid(Sha256Hash wtxid) {
        lock.lock();
        try {
            return byWtxid.containsKey(wtxid);
        } finally {
            unlockAndFire();
        }
    }

    public Optional<Transaction> get(Sha256Hash txid) {
        lock.lock();
        try {
            return Optional.ofNullable(byTxid.get(txid)).map(e -> e.tx);
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
            PoolEntry e = (byWtxid ? this.byWtxid : byTxid).get(hash);
            return Optional.ofNullable(e).map(x -> new RelayInfo(x.tx, x.fee, x.modifiedFee(), x.vsize, x.ancestorCount,
                    x.relaySequence));
        } finally {
            unlockAndFire();
        }
    }

    public Optional<Transaction> getByWtxid(Sha256Hash wtxid) {
        lock.lock();
        try {
            return Optional.ofNullable(byWtxid.get(wtxid)).map(e -> e.tx);
        } finally {
            unlockAndFire();
        }
    }

    public Optional<MempoolEntry> entry(Sha256Hash txid) {
        lock.lock();
        try {
            return Optional.ofNullable(byTxid.get(txid)).map(this::snapshot);
        } finally {
            unlockAndFire();
        }
    }

    /** Every entry, oldest first (getrawmempool verbose). */
    public List<MempoolEntry> entries() {
        lock.lock();
        try {
            List<PoolEntry> all = new ArrayList<>(byTxid.values());
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
            List<PoolEntry> all = new ArrayList<>(byTxid.values());
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
                PoolEntry p = byTxid.get(in.prevout().txid());
                if (p != null) parents.add(p);
            }
            ancestorsWithinLimits(parents, tx.vsize());
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
            PoolEntry e = byTxid.get(txid);
            if (e == null) return Optional.empty();
            List<MempoolEntry> out = new ArrayList<>();
            for (PoolEntry a : ancestors(e)) out.add(snapshot(a));
            return Optional.of(out);
        } finally {
            unlockAndFire();
        }
    }

    /** In-mempool descendants of a transaction (getmempooldescendants); empty if it is not in the mempool. */
    public Optional<List<MempoolEntry>> descendantsOf(Sha256Hash txid) {
        lock.lock();
        try {
            PoolEntry e = byTxid.get(txid);
            if (e == null) return Optional.empty();
            List<MempoolEntry> out = new ArrayList<>();
            for (PoolEntry d : descendants(e)) out.add(snapshot(d));
            return Optional.of(out);
        } finally {
            unlockAndFire();
        }
    }

    /** The mempool transaction spending an outpoint (gettxspendingprevout). */
    public Optional<Sha256Hash> spenderOf(OutPoint op) {
        lock.lock();
        try {
            return Optional.ofNullable(spenders.get(op)).map(e -> e.txid);
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
                if (spenders.containsKey(op)) return Optional.empty();
                PoolEntry e = byTxid.get(op.txid());
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
            PoolEntry e = byTxid.get(txid);
            if (e == null) return;
            e.delta += feeDelta;
            e.ancestorFees += feeDelta;
            e.descendantFees += feeDelta;
            for (PoolEntry a : ancestors(e)) a.descendantFees += feeDelta;
            for (PoolEntry d : descendants(e)) d.ancestorFees += feeDelta;
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
            if (byTxid.containsKey(txid)) unbroadcast.add(txid);
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
            List<PoolEntry> all = new ArrayList<>(byTxid.values());
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
                acceptLocked(s.tx(), AcceptOptions.relay(), time);
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
                    if (byTxid.containsKey(txid)) unbroadcast.add(txid);
                }
            } finally {
                unlockAndFire();
            }
        }
        LOG.info("Imported mempool transactions from {}: {} succeeded, {} failed, {} expired", file, accepted, failed, expired);
        return Optional.of(accepted);
    }

    /**
     * Recomputes every link, aggregate and total from the transactions and throws if anything the
     * pool maintains incrementally disagrees (Core's -checkmempool, for tests).
     */
    void checkConsistency() {
        lock.lock();
        try {
            long vsize = 0;
            long usage = 0;
            long fees = 0;
            int spends = 0;
            for (PoolEntry e : byTxid.values()) {
                vsize += e.vsize;
                usage += e.usage;
                fees += e.fee;
                check(byWtxid.get(e.wtxid) == e, "wtxid index of " + e);
                check(byTime.contains(e), "time index of " + e);
                Set<PoolEntry> parents = new LinkedHashSet<>();
                for (TxIn in : e.tx.inputs()) {
                    spends++;
                    check(spenders.get(in.prevout()) == e, "spender of " + in.prevout());
                    PoolEntry p = byTxid.get(in.prevout().txid());
                    if (p != null) parents.add(p);
                }
                check(parents.equals(e.parents), "parents of " + e);
                for (PoolEntry c : e.children) check(c.parents.contains(e), "child link of " + e);
                long ac = 1;
                long as = e.vsize;
                long af = e.modifiedFee();
                long asig = e.sigopCost;
                for (PoolEntry a : ancestors(e)) {
                    ac++;
                    as += a.vsize;
                    af += a.modifiedFee();
                    asig += a.sigopCost;
                }
                check(ac == e.ancestorCount && as == e.ancestorSize && af == e.ancestorFees && asig == e.ancestorSigops,
                        "ancestor aggregates of " + e);
                long dc = 1;
                long ds = e.vsize;
                long df = e.modifiedFee();
                for (PoolEntry d : descendants(e)) {
                    dc++;
                    ds += d.vsize;
                    df += d.modifiedFee();
                }
                check(dc == e.descendantCount && ds == e.descendantSize && df == e.descendantFees,
                        "descendant aggregates of " + e);
            }
            check(byWtxid.size() == byTxid.size() && byTime.size() == byTxid.size(), "index sizes");
            check(spenders.size() == spends, "spender count");
            check(vsize == totalVsize && usage == totalUsage && fees == totalFee, "totals");
        } finally {
            unlockAndFire();
        }
    }

    private static void check(boolean ok, String what) {
        if (!ok) throw new IllegalStateException("mempool inconsistent: " + what);
    }
}
