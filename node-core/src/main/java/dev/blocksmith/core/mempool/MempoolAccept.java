package dev.blocksmith.core.mempool;

import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.core.chain.ChainTip;
import dev.blocksmith.core.chain.Coin;
import dev.blocksmith.core.consensus.BlockScriptFlags;
import dev.blocksmith.core.consensus.LockTime;
import dev.blocksmith.core.consensus.TransactionChecks;
import dev.blocksmith.core.consensus.TxInputChecks;
import dev.blocksmith.core.consensus.ValidationException;
import dev.blocksmith.core.consensus.ValidationException.Kind;
import dev.blocksmith.core.params.NetworkParams;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The accept pipeline (bitcoind's MemPoolAccept): one transaction (PreChecks, replacement checks, scripts,
 * then submission) and packages, both test-only (testmempoolaccept) and for real (submitpackage and 1p1c
 * relay: each transaction alone first, then the ones that failed only on fees or missing package parents
 * together at the package fee rate). It reads the pool and the chain and decides; the {@link Host}
 * (the {@link Mempool}) changes the pool and delivers events. Runs under the mempool lock.
 */
final class MempoolAccept {
    /** The height coins created by mempool transactions report (bitcoind's MEMPOOL_HEIGHT). */
    static final int MEMPOOL_HEIGHT = 0x7fffffff;
    /** bitcoind's EXTRA_DESCENDANT_TX_SIZE_LIMIT: the largest transaction the CPFP carve-out admits. */
    static final int EXTRA_DESCENDANT_TX_SIZE_LIMIT = 10_000;

    /** What the pipeline needs of the mempool that owns it. */
    interface Host {
        /** The rolling minimum fee rate (bitcoind's GetMinFee), without -minrelaytxfee. */
        FeeRate rollingMinFeeRate();

        /** The prioritisetransaction delta of a transaction, 0 if none. */
        long feeDelta(Sha256Hash txid);

        /** Evicts {@code ws.allConflicts} and adds the transaction, with events. */
        void submit(Workspace ws, long time, boolean bypassLimits);

        /** Expires and trims the pool to -maxmempool (bitcoind's LimitMempoolSize). */
        void limitSize();
    }

    /**
     * How one validation runs (bitcoind's ATMPArgs).
     *
     * @param allowReplacement conflicts with the mempool may be replaced (false: "bip125-replacement-disallowed")
     * @param allowSiblingEviction a TRUC child may evict its parent's other child
     * @param packageFeerates the fee floors apply to the package as a whole, not to each transaction
     * @param allowCarveouts the CPFP carve-out and the single-conflict relaxation of the descendant limits
     * @param clientMaxFeeRate submitpackage's maxfeerate on each transaction's modified fee rate
     * @param packageSubmission part of a package: trimming waits until the whole package is in
     * @param legacyMaxFeeRate sendrawtransaction's and testmempoolaccept's maxfeerate on the base fee
     *     ("max-fee-exceeded")
     */
    record Args(boolean testOnly, boolean bypassLimits, boolean allowReplacement, boolean allowSiblingEviction,
                boolean packageFeerates, boolean allowCarveouts, Optional<FeeRate> clientMaxFeeRate,
                boolean packageSubmission, Optional<FeeRate> legacyMaxFeeRate) {
        static Args single(AcceptOptions o) {
            return new Args(o.testOnly(), o.bypassLimits(), true, true, false, true, Optional.empty(), false, o.maxFeeRate());
        }

        /** testmempoolaccept of several transactions: no replacement, each at its own fee rate. */
        static Args packageTest() {
            return new Args(true, false, false, false, false, false, Optional.empty(), false, Optional.empty());
        }

        /** A package transaction tried alone first. */
        static Args singleInPackage(Optional<FeeRate> maxFeeRate) {
            return new Args(false, false, true, true, false, false, maxFeeRate, true, Optional.empty());
        }

        /** The package transactions that could not enter alone, tried together. */
        static Args childWithParents(Optional<FeeRate> maxFeeRate) {
            return new Args(false, false, true, false, true, false, maxFeeRate, true, Optional.empty());
        }
    }

    /** What validation learnt about one transaction (bitcoind's Workspace). */
    static final class Workspace {
        final Transaction tx;
        final Sha256Hash txid;
        final Sha256Hash wtxid;
        long fee;
        long modifiedFee;
        long delta;
        int vsize;
        long sigopCost;
        boolean spendsCoinbase;
        int tipHeight;
        List<TxOut> spent = List.of();
        /** In-mempool parents and ancestors (package parents not yet in the pool are not among them). */
        Set<PoolEntry> parents = Set.of();
        Set<PoolEntry> ancestors = Set.of();
        Set<PoolEntry> directConflicts = new LinkedHashSet<>();
        Set<PoolEntry> allConflicts = Set.of();
        boolean siblingEviction;
        /** Entering as part of a package (bitcoind's m_package_submission): no fee estimation from it. */
        boolean packageSubmission;
        FeeRate effectiveFeeRate = FeeRate.ZERO;
        List<Sha256Hash> effectiveIncludes = List.of();

        Workspace(Transaction tx) {
            this.tx = tx;
            this.txid = tx.txid();
            this.wtxid = tx.wtxid();
        }

        PoolEntry entry(long time, long sequence) {
            return new PoolEntry(tx, fee, vsize, sigopCost, time, tipHeight, spendsCoinbase, delta, sequence);
        }

        AcceptResult result(boolean added) {
            List<Sha256Hash> replaced = new ArrayList<>(allConflicts.size());
            for (PoolEntry r : allConflicts) replaced.add(r.txid);
            return new AcceptResult(txid, wtxid, vsize, fee, effectiveFeeRate, effectiveIncludes, replaced, added);
        }

        private void ownFeeRate() {
            effectiveFeeRate = FeeRate.of(modifiedFee, vsize);
            effectiveIncludes = List.of(wtxid);
        }
    }

    private final ChainManager chain;
    private final NetworkParams params;
    private final MempoolOptions options;
    private final TxScriptChecker scriptChecker;
    private final TxPool pool;
    private final ReplacementPolicy replacement;
    private final Host host;

    MempoolAccept(ChainManager chain, MempoolOptions options, TxScriptChecker scriptChecker, TxPool pool,
                  ReplacementPolicy replacement, Host host) {
        this.chain = chain;
        this.params = chain.params();
        this.options = options;
        this.scriptChecker = scriptChecker;
        this.pool = pool;
        this.replacement = replacement;
        this.host = host;
    }

    private static ValidationException policy(String reason, String debug) {
        return new ValidationException(Kind.POLICY, reason, debug);
    }

    // ---------------------------------------------------------------- one transaction

    /** bitcoind's AcceptSingleTransaction. */
    AcceptResult acceptSingle(Transaction tx, Args args, long time) throws ValidationException {
        Workspace ws = new Workspace(tx);
        ws.packageSubmission = args.packageSubmission();
        preChecks(ws, args, Map.of());
        // bitcoind's order: the caller's fee ceiling, the dust sweep, then the replacement rules.
        if (args.clientMaxFeeRate().isPresent() && exceeds(ws.modifiedFee, ws.vsize, args.clientMaxFeeRate().get())) {
            throw policy("max feerate exceeded", "");
        }
        if (options.requireStandard()) {
            Optional<ValidationException> unspent = ephemeralSpends(List.of(tx));
            if (unspent.isPresent()) throw unspent.get();
        }
        if (!ws.directConflicts.isEmpty()) {
            ws.allConflicts = replacement.check(tx, ws.modifiedFee, ws.vsize, ws.directConflicts, ws.siblingEviction);
        }
        checkScripts(tx, ws.spent, ws.tipHeight + 1);
        if (args.legacyMaxFeeRate().isPresent() && args.legacyMaxFeeRate().get().satsPerKvB() > 0
                && ws.fee > args.legacyMaxFeeRate().get().feeFor(ws.vsize)) {
            throw policy("max-fee-exceeded", "Fee exceeds maximum configured by user (e.g. -maxtxfee, maxfeerate)");
        }
        ws.ownFeeRate();
        if (args.testOnly()) return ws.result(false);
        host.submit(ws, time, args.bypassLimits());
        if (!args.bypassLimits() && !args.packageSubmission()) {
            host.limitSize();
            if (!pool.containsTxid(ws.txid)) throw policy("mempool full", "");
        }
        return ws.result(true);
    }

    private static boolean exceeds(long fee, long vsize, FeeRate max) {
        return FeeRate.of(fee, vsize).compareTo(max) > 0;
    }

    /**
     * bitcoind's PreChecks: every check but the scripts and the replacement rules, in bitcoind's order.
     *
     * @param packageTxs transactions of the package validated before this one, whose outputs it may spend
     */
    void preChecks(Workspace ws, Args args, Map<Sha256Hash, Transaction> packageTxs) throws ValidationException {
        Transaction tx = ws.tx;
        Sha256Hash txid = ws.txid;
        TransactionChecks.check(tx);
        if (tx.isCoinbase()) throw new ValidationException("coinbase", "coinbase");
        if (options.requireStandard()) StandardPolicy.checkTransaction(tx, options);
        // bitcoind: below 65 non-witness bytes a transaction could pass for an inner Merkle node (CVE-2017-12842).
        if (tx.baseSize() < StandardPolicy.MIN_STANDARD_TX_NONWITNESS_SIZE) throw policy("tx-size-small", "");

        ChainTip tip = chain.tip();
        int nextHeight = tip.height() + 1;
        ws.tipHeight = tip.height();
        // BIP113: lock times compare against the tip's median time past.
        if (!LockTime.isFinal(tx, nextHeight, tip.medianTimePast())) throw policy("non-final", "");
        if (pool.containsWtxid(ws.wtxid)) throw new ValidationException(Kind.DUPLICATE, "txn-already-in-mempool", "");
        if (pool.containsTxid(txid)) throw new ValidationException(Kind.DUPLICATE, "txn-same-nonwitness-data-in-mempool", "");

        for (TxIn in : tx.inputs()) {
            Optional<PoolEntry> spender = pool.spender(in.prevout());
            if (spender.isPresent()) {
                if (!args.allowReplacement()) throw policy("bip125-replacement-disallowed", "");
                ws.directConflicts.add(spender.get());
            }
        }

        List<Coin> coins = new ArrayList<>(tx.inputs().size());
        List<TxOut> spent = new ArrayList<>(tx.inputs().size());
        Set<PoolEntry> parents = new LinkedHashSet<>();
        for (TxIn in : tx.inputs()) {
            Optional<Coin> coin = coin(in.prevout(), parents, packageTxs);
            if (coin.isEmpty()) {
                for (int o = 0; o < tx.outputs().size(); o++) {
                    if (chain.coin(new OutPoint(txid, o)).isPresent()) {
                        throw new ValidationException(Kind.DUPLICATE, "txn-already-known", "");
                    }
                }
                throw new ValidationException(Kind.MISSING_INPUTS, Mempool.MISSING_INPUTS, "");
            }
            coins.add(coin.get());
            spent.add(coin.get().output());
            ws.spendsCoinbase |= coin.get().coinbase();
        }
        ws.spent = spent;
        ws.parents = parents;

        if (!sequenceLocksSatisfied(tx, coins, tip)) throw policy("non-BIP68-final", "");
        ws.fee = TxInputChecks.check(tx, coins, nextHeight, params.coinbaseMaturity());
        if (options.requireStandard()) {
            StandardPolicy.checkInputs(tx, spent);
            StandardPolicy.checkWitness(tx, spent);
        }
        ws.sigopCost = SigOpCounter.transactionCost(tx, spent, ScriptFlags.STANDARD);
        ws.delta = host.feeDelta(txid);
        ws.modifiedFee = ws.fee + ws.delta;
        ws.vsize = StandardPolicy.virtualSize(tx.weight(), ws.sigopCost, options.bytesPerSigop());

        // Ephemeral dust (bitcoind 29+): a dust output only on a transaction that pays nothing itself, so
        // it has no reason to be mined without the child that sweeps the dust.
        if (options.requireStandard() && StandardPolicy.dustOutputs(tx, options.dustRelayFee()) > 0
                && (ws.fee != 0 || ws.modifiedFee != 0)) {
            throw policy("dust", "tx with dust output must be 0-fee");
        }
        if (ws.sigopCost > StandardPolicy.MAX_STANDARD_TX_SIGOPS_COST) {
            throw policy("bad-txns-too-many-sigops", Long.toString(ws.sigopCost));
        }
        if (!args.bypassLimits()) {
            // Nothing below -minrelaytxfee stays bumped for sure, so no package can pay for it; TRUC
            // transactions are the exception (their topology keeps the bump).
            long relayFee = options.minRelayFee().feeFor(ws.vsize);
            if (tx.version() != TrucPolicy.TRUC_VERSION && ws.modifiedFee < relayFee) {
                throw policy("min relay fee not met", ws.modifiedFee + " < " + relayFee);
            }
            if (!args.packageFeerates()) {
                Optional<ValidationException> low = feeRateFailure(ws.vsize, ws.modifiedFee);
                if (low.isPresent()) throw low.get();
            }
        }

        ws.ancestors = ancestorsForEntry(ws, args);

        // A reorg returns block transactions whatever their topology (mempool_truc's reorg case).
        Optional<TrucPolicy.Violation> truc = args.bypassLimits() ? Optional.empty()
                : TrucPolicy.singleChecks(tx, ws.vsize, ws.ancestors, ws.directConflicts);
        if (truc.isPresent()) {
            if (args.allowSiblingEviction() && truc.get().evictableSibling().isPresent()) {
                // The sibling is replaced under the replacement rules, as if it conflicted.
                ws.directConflicts.add(truc.get().evictableSibling().get());
                ws.siblingEviction = true;
            } else {
                throw policy("TRUC-violation", truc.get().debug());
            }
        }
        for (PoolEntry a : ws.ancestors) {
            if (ws.directConflicts.contains(a)) {
                throw new ValidationException(Kind.CONSENSUS, "bad-txns-spends-conflicting-tx",
                        txid + " spends conflicting transaction " + a.txid);
            }
        }
    }

    /** bitcoind's CheckFeeRate: the rolling mempool minimum, then -minrelaytxfee; failures are reconsiderable. */
    private Optional<ValidationException> feeRateFailure(long vsize, long fees) {
        long minFee = host.rollingMinFeeRate().feeFor(vsize);
        if (minFee > 0 && fees < minFee) {
            return Optional.of(new ValidationException(Kind.RECONSIDERABLE, "mempool min fee not met", fees + " < " + minFee));
        }
        long relayFee = options.minRelayFee().feeFor(vsize);
        if (fees < relayFee) {
            return Optional.of(new ValidationException(Kind.RECONSIDERABLE, "min relay fee not met", fees + " < " + relayFee));
        }
        return Optional.empty();
    }

    /**
     * The in-mempool ancestors within the limits; a single conflict widens the descendant limits by what it
     * would free, and the CPFP carve-out admits one small extra child of a transaction at its limit.
     */
    private Set<PoolEntry> ancestorsForEntry(Workspace ws, Args args) throws ValidationException {
        Limits limits = Limits.of(options);
        if (ws.directConflicts.size() == 1 && args.allowCarveouts()) {
            PoolEntry conflict = ws.directConflicts.iterator().next();
            limits = new Limits(limits.ancestorCount, limits.ancestorSize, limits.descendantCount + 1,
                    limits.descendantSize + conflict.descendantSize);
        }
        try {
            return ancestorsWithinLimits(ws.parents, ws.vsize, 1, limits);
        } catch (ValidationException e) {
            if (!args.allowCarveouts() || ws.vsize > EXTRA_DESCENDANT_TX_SIZE_LIMIT || ws.tx.version() == TrucPolicy.TRUC_VERSION) {
                throw e;
            }
            Limits carveOut = new Limits(2, limits.ancestorSize, limits.descendantCount + 1,
                    limits.descendantSize + EXTRA_DESCENDANT_TX_SIZE_LIMIT);
            try {
                return ancestorsWithinLimits(ws.parents, ws.vsize, 1, carveOut);
            } catch (ValidationException again) {
                throw e;
            }
        }
    }

    /** The ancestor and descendant limits (bitcoind 30's -limitancestorcount and friends). */
    record Limits(long ancestorCount, long ancestorSize, long descendantCount, long descendantSize) {
        static Limits of(MempoolOptions o) {
            return new Limits(o.ancestorCount(), o.ancestorSizeVBytes(), o.descendantCount(), o.descendantSizeVBytes());
        }
    }

    /**
     * bitcoind's CalculateAncestorsAndCheckLimits for {@code count} new transactions of {@code vsize} in
     * total with these in-mempool parents.
     */
    Set<PoolEntry> ancestorsWithinLimits(Set<PoolEntry> parents, long vsize, int count, Limits limits)
            throws ValidationException {
        if (parents.size() + count > limits.ancestorCount()) {
            throw policy("too-long-mempool-chain", "too many unconfirmed parents [limit: " + limits.ancestorCount() + "]");
        }
        Set<PoolEntry> ancestors = new LinkedHashSet<>();
        Set<PoolEntry> staged = new LinkedHashSet<>(parents);
        long totalSize = vsize;
        while (!staged.isEmpty()) {
            PoolEntry s = staged.iterator().next();
            staged.remove(s);
            ancestors.add(s);
            totalSize += s.vsize;
            if (s.descendantSize + vsize > limits.descendantSize()) {
                throw policy("too-long-mempool-chain", "exceeds descendant size limit for tx " + s.txid
                        + " [limit: " + limits.descendantSize() + "]");
            }
            if (s.descendantCount + count > limits.descendantCount()) {
                throw policy("too-long-mempool-chain", "too many descendants for tx " + s.txid
                        + " [limit: " + limits.descendantCount() + "]");
            }
            if (totalSize > limits.ancestorSize()) {
                throw policy("too-long-mempool-chain", "exceeds ancestor size limit [limit: " + limits.ancestorSize() + "]");
            }
            for (PoolEntry p : s.parents) {
                if (!ancestors.contains(p)) staged.add(p);
                if (staged.size() + ancestors.size() + count > limits.ancestorCount()) {
                    throw policy("too-long-mempool-chain", "too many unconfirmed ancestors [limit: " + limits.ancestorCount() + "]");
                }
            }
        }
        return ancestors;
    }

    /** A coin from a package transaction, a mempool parent (recorded) or, failing both, the chain's UTXO set. */
    private Optional<Coin> coin(OutPoint op, Set<PoolEntry> parents, Map<Sha256Hash, Transaction> packageTxs) {
        Optional<PoolEntry> parent = pool.byTxid(op.txid());
        if (parent.isPresent()) {
            if (op.index() >= parent.get().tx.outputs().size()) return Optional.empty();
            parents.add(parent.get());
            return Optional.of(new Coin(parent.get().tx.output((int) op.index()), MEMPOOL_HEIGHT, false));
        }
        Transaction inPackage = packageTxs.get(op.txid());
        if (inPackage != null) {
            if (op.index() >= inPackage.outputs().size()) return Optional.empty();
            return Optional.of(new Coin(inPackage.output((int) op.index()), MEMPOOL_HEIGHT, false));
        }
        return chain.coin(op);
    }

    /**
     * BIP68 at the next block; coins still in the mempool count as if mined in it (bitcoind's
     * CheckSequenceLocksAtTip). Policy enforces BIP68 whether or not CSV is active yet for blocks:
     * bitcoind's STANDARD_LOCKTIME_VERIFY_FLAGS always include LOCKTIME_VERIFY_SEQUENCE.
     */
    static boolean sequenceLocksSatisfied(Transaction tx, List<Coin> coins, ChainTip tip) {
        int nextHeight = tip.height() + 1;
        List<Integer> heights = new ArrayList<>(coins.size());
        for (Coin c : coins) heights.add(c.height() == MEMPOOL_HEIGHT ? nextHeight : c.height());
        LockTime.SequenceLocks locks = LockTime.sequenceLocks(tx, true, heights, tip.index(), nextHeight);
        return LockTime.sequenceLocksSatisfied(locks, nextHeight, tip.medianTimePast());
    }

    /**
     * bitcoind's CheckEphemeralSpends: every dust output of a parent (in the package or the mempool) is spent
     * by each child of that parent in the package, so the dust never outlives the package.
     *
     * @return the failure of the first child that leaves dust behind
     */
    Optional<ValidationException> ephemeralSpends(List<Transaction> txs) {
        Map<Sha256Hash, Transaction> byTxid = new HashMap<>();
        for (Transaction t : txs) byTxid.put(t.txid(), t);
        for (Transaction tx : txs) {
            Set<Sha256Hash> seen = new HashSet<>();
            Set<OutPoint> unspentDust = new HashSet<>();
            for (TxIn in : tx.inputs()) {
                Sha256Hash parentTxid = in.prevout().txid();
                if (!seen.add(parentTxid)) continue;
                Transaction parent = byTxid.get(parentTxid);
                if (parent == null) parent = pool.byTxid(parentTxid).map(e -> e.tx).orElse(null);
                if (parent == null) continue;
                for (int o = 0; o < parent.outputs().size(); o++) {
                    if (StandardPolicy.isDust(parent.output(o), options.dustRelayFee())) unspentDust.add(new OutPoint(parentTxid, o));
                }
            }
            if (unspentDust.isEmpty()) continue;
            for (TxIn in : tx.inputs()) unspentDust.remove(in.prevout());
            if (!unspentDust.isEmpty()) {
                return Optional.of(policy("missing-ephemeral-spends", "tx " + tx.txid() + " (wtxid=" + tx.wtxid()
                        + ") did not spend parent's ephemeral dust"));
            }
        }
        return Optional.empty();
    }

    /**
     * Policy flags first; a failure is re-checked with the next block's consensus flags only, so the
     * rejection's kind says whether the transaction is invalid or merely non-standard. bitcoind 30 reports
     * both as "mempool-script-verify-flag-failed (...)" with the policy check's error.
     */
    void checkScripts(Transaction tx, List<TxOut> spent, int nextHeight) throws ValidationException {
        Optional<ScriptFailure> policyFailure = scriptChecker.check(tx, spent, ScriptFlags.STANDARD);
        if (policyFailure.isEmpty()) return;
        int consensusFlags = BlockScriptFlags.forBlock(Sha256Hash.ZERO, nextHeight, params);
        Optional<ScriptFailure> consensusFailure = scriptChecker.check(tx, spent, consensusFlags);
        // bitcoind reports the first error under the policy flags, even when the transaction is also
        // consensus-invalid for another reason; the consensus check only decides the kind.
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

    // ---------------------------------------------------------------- several transactions together

    /**
     * bitcoind's AcceptMultipleTransactions: the package must be well formed; each transaction in order
     * passes PreChecks seeing the earlier ones' outputs; then the package-wide rules (TRUC, the fee floors at
     * the package fee rate when {@code args.packageFeerates()}, the ancestor/descendant limits of the package
     * as a whole, package replacement, ephemeral dust), then the scripts of each; then, unless test-only,
     * all enter together. Validation stops at the first failure.
     */
    PackageResult acceptMultiple(List<Transaction> txs, Args args, long time) {
        Optional<String> malformed = PackageChecks.wellFormed(txs);
        if (malformed.isPresent()) return PackageResult.policy(malformed.get(), "");
        Map<Sha256Hash, PackageResult.TxOutcome> results = new LinkedHashMap<>();
        List<Workspace> workspaces = new ArrayList<>(txs.size());
        Map<Sha256Hash, Transaction> earlier = new HashMap<>();
        boolean conflicts = false;
        for (Transaction tx : txs) {
            Workspace ws = new Workspace(tx);
            ws.packageSubmission = true;
            try {
                preChecks(ws, args, earlier);
            } catch (ValidationException e) {
                results.put(ws.wtxid, new PackageResult.Invalid(e));
                return PackageResult.txFailed(results);
            }
            if (args.clientMaxFeeRate().isPresent() && exceeds(ws.modifiedFee, ws.vsize, args.clientMaxFeeRate().get())) {
                results.put(ws.wtxid, new PackageResult.Invalid(policy("max feerate exceeded", "")));
                return PackageResult.txFailed(results);
            }
            conflicts |= !ws.directConflicts.isEmpty();
            workspaces.add(ws);
            earlier.put(ws.txid, tx);
        }
        for (Workspace ws : workspaces) {
            Optional<String> truc = TrucPolicy.packageChecks(ws.tx, ws.vsize, txs, ws.ancestors);
            if (truc.isPresent()) return PackageResult.policy("TRUC-violation", truc.get());
        }
        long totalVsize = 0;
        long totalFees = 0;
        List<Sha256Hash> wtxids = new ArrayList<>(workspaces.size());
        for (Workspace ws : workspaces) {
            totalVsize += ws.vsize;
            totalFees += ws.modifiedFee;
            wtxids.add(ws.wtxid);
        }
        FeeRate packageRate = FeeRate.of(totalFees, totalVsize);
        if (args.packageFeerates()) {
            Optional<ValidationException> low = feeRateFailure(totalVsize, totalFees);
            if (low.isPresent()) {
                results.put(workspaces.get(workspaces.size() - 1).wtxid, new PackageResult.Invalid(low.get()));
                return PackageResult.txFailed(results);
            }
        }
        if (txs.size() > 1) {
            Optional<String> limits = packageLimits(txs, workspaces, totalVsize);
            if (limits.isPresent()) return PackageResult.policy("package-mempool-limits", limits.get());
            if (conflicts) {
                if (workspaces.size() != 2) return PackageResult.policy("package RBF failed: package must be 1-parent-1-child", "");
                switch (replacement.packageCheck(workspaces.get(0), workspaces.get(1), totalFees, totalVsize)) {
                    case ReplacementPolicy.Result.Failed f -> {
                        return PackageResult.policy(f.failure().reason(), f.failure().debug());
                    }
                    case ReplacementPolicy.Result.Replaces r -> workspaces.get(0).allConflicts = r.evicted();
                }
            }
        }
        if (options.requireStandard()) {
            Optional<ValidationException> unspent = ephemeralSpends(txs);
            if (unspent.isPresent()) {
                Sha256Hash child = childNamed(unspent.get(), workspaces);
                results.put(child, new PackageResult.Invalid(unspent.get()));
                return new PackageResult(PackageResult.State.TX, "unspent-dust", "", results);
            }
        }
        for (Workspace ws : workspaces) {
            try {
                checkScripts(ws.tx, ws.spent, ws.tipHeight + 1);
            } catch (ValidationException e) {
                results.put(ws.wtxid, new PackageResult.Invalid(e));
                return PackageResult.txFailed(results);
            }
            if (args.packageFeerates()) {
                ws.effectiveFeeRate = packageRate;
                ws.effectiveIncludes = wtxids;
            } else {
                ws.ownFeeRate();
            }
            if (args.testOnly()) results.put(ws.wtxid, new PackageResult.Valid(ws.result(false)));
        }
        if (args.testOnly()) return PackageResult.valid(results);
        for (Workspace ws : workspaces) {
            host.submit(ws, time, false);
            results.put(ws.wtxid, new PackageResult.Valid(ws.result(true)));
        }
        return PackageResult.valid(results);
    }

    /** The wtxid of the workspace whose transaction a failure names (ephemeral dust names the child). */
    private static Sha256Hash childNamed(ValidationException e, List<Workspace> workspaces) {
        for (Workspace ws : workspaces) {
            if (e.debug().contains(ws.wtxid.toString())) return ws.wtxid;
        }
        return workspaces.get(workspaces.size() - 1).wtxid;
    }

    /**
     * bitcoind's CheckPackageLimits: the package counts and sizes as one unit against the ancestor and
     * descendant limits of every in-mempool ancestor of any of its transactions.
     */
    private Optional<String> packageLimits(List<Transaction> txs, List<Workspace> workspaces, long totalVsize) {
        Limits limits = Limits.of(options);
        int count = txs.size();
        if (count > limits.ancestorCount()) {
            return Optional.of("package count " + count + " exceeds ancestor count limit [limit: " + limits.ancestorCount() + "]");
        }
        if (count > limits.descendantCount()) {
            return Optional.of("package count " + count + " exceeds descendant count limit [limit: " + limits.descendantCount() + "]");
        }
        if (totalVsize > limits.ancestorSize()) {
            return Optional.of("package size " + totalVsize + " exceeds ancestor size limit [limit: " + limits.ancestorSize() + "]");
        }
        if (totalVsize > limits.descendantSize()) {
            return Optional.of("package size " + totalVsize + " exceeds descendant size limit [limit: " + limits.descendantSize() + "]");
        }
        Set<PoolEntry> parents = new LinkedHashSet<>();
        for (Workspace ws : workspaces) {
            for (PoolEntry p : ws.parents) {
                parents.add(p);
                if (parents.size() + count > limits.ancestorCount()) {
                    return Optional.of("too many unconfirmed parents [limit: " + limits.ancestorCount() + "]");
                }
            }
        }
        try {
            // Counted as one unit the package may overstate its ancestry, hence bitcoind's "possibly".
            ancestorsWithinLimits(parents, totalVsize, count, limits);
        } catch (ValidationException e) {
            return Optional.of("possibly " + e.debug());
        }
        return Optional.empty();
    }

    /**
     * bitcoind's AcceptPackage for submitpackage and 1p1c relay: transactions already in the mempool are
     * reported as such; each other one is tried alone; those that failed only on fees or on inputs from an
     * earlier package transaction are then tried together as a package at the package fee rate. Any other
     * failure ends it ("transaction failed"). The pool is trimmed at the end, and a package transaction the
     * trim evicted reports "mempool full".
     */
    PackageResult acceptPackage(List<Transaction> txs, Optional<FeeRate> maxFeeRate, long time) {
        Optional<String> malformed = PackageChecks.wellFormed(txs);
        if (malformed.isPresent()) return PackageResult.policy(malformed.get(), "");
        if (txs.size() > 1 && !PackageChecks.isChildWithParents(txs)) return PackageResult.policy("package-not-child-with-parents", "");

        Map<Sha256Hash, PackageResult.TxOutcome> resultsFinal = new LinkedHashMap<>();
        Map<Sha256Hash, PackageResult.TxOutcome> individualNonFinal = new LinkedHashMap<>();
        boolean quitEarly = false;
        List<Transaction> packageEval = new ArrayList<>();
        for (Transaction tx : txs) {
            Optional<PoolEntry> same = pool.byWtxid(tx.wtxid());
            Optional<PoolEntry> sameTxid = pool.byTxid(tx.txid());
            if (same.isPresent()) {
                resultsFinal.put(tx.wtxid(), new PackageResult.InMempool(tx.txid(), same.get().vsize, same.get().fee));
            } else if (sameTxid.isPresent()) {
                resultsFinal.put(tx.wtxid(), new PackageResult.DifferentWitness(sameTxid.get().wtxid));
            } else {
                try {
                    AcceptResult r = acceptSingle(tx, Args.singleInPackage(maxFeeRate), time);
                    resultsFinal.put(tx.wtxid(), new PackageResult.Valid(r));
                } catch (ValidationException e) {
                    individualNonFinal.put(tx.wtxid(), new PackageResult.Invalid(e));
                    boolean retry = e.kind() == Kind.RECONSIDERABLE || e.kind() == Kind.MISSING_INPUTS;
                    if (txs.size() == 1 || !retry) {
                        quitEarly = true;
                    } else {
                        packageEval.add(tx);
                    }
                }
            }
        }
        PackageResult multi;
        if (quitEarly) {
            multi = PackageResult.txFailed(Map.of());
        } else if (packageEval.isEmpty()) {
            multi = PackageResult.valid(Map.of());
        } else if (packageEval.size() == 1) {
            Transaction only = packageEval.get(0);
            PackageResult.TxOutcome outcome;
            try {
                outcome = new PackageResult.Valid(acceptSingle(only, Args.singleInPackage(maxFeeRate), time));
            } catch (ValidationException e) {
                outcome = new PackageResult.Invalid(e);
            }
            multi = outcome instanceof PackageResult.Valid ? PackageResult.valid(Map.of(only.wtxid(), outcome))
                    : PackageResult.txFailed(Map.of(only.wtxid(), outcome));
        } else {
            multi = acceptMultiple(packageEval, Args.childWithParents(maxFeeRate), time);
        }

        host.limitSize();

        PackageResult.State state = multi.state();
        String reason = multi.reason();
        String debug = multi.debug();
        Map<Sha256Hash, PackageResult.TxOutcome> out = new LinkedHashMap<>();
        for (Transaction tx : txs) {
            Sha256Hash wtxid = tx.wtxid();
            PackageResult.TxOutcome fromMulti = multi.results().get(wtxid);
            PackageResult.TxOutcome fin = resultsFinal.get(wtxid);
            if (fromMulti != null) {
                if (fromMulti instanceof PackageResult.Valid && !pool.containsWtxid(wtxid)) {
                    state = PackageResult.State.TX;
                    reason = "transaction failed";
                    debug = "";
                    out.put(wtxid, new PackageResult.Invalid(policy("mempool full", "")));
                } else {
                    out.put(wtxid, fromMulti);
                }
            } else if (fin != null) {
                if (!pool.containsTxid(tx.txid())) {
                    state = PackageResult.State.TX;
                    reason = "transaction failed";
                    debug = "";
                    out.put(wtxid, new PackageResult.Invalid(policy("mempool full", "")));
                } else {
                    out.put(wtxid, fin);
                }
            } else if (individualNonFinal.containsKey(wtxid)) {
                out.put(wtxid, individualNonFinal.get(wtxid));
            }
        }
        return new PackageResult(state, reason, debug, out);
    }
}
