package dev.blocksmith.wallet.funding;

import dev.blocksmith.core.mempool.StandardPolicy;
import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.core.tx.TxOut;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.wallet.WalletException;
import dev.blocksmith.wallet.WalletKeyLocation;
import dev.blocksmith.wallet.coinselection.Candidate;
import dev.blocksmith.wallet.coinselection.CoinSelection;
import dev.blocksmith.wallet.coinselection.FeeRate;
import dev.blocksmith.wallet.coinselection.InsufficientFundsException;
import dev.blocksmith.wallet.coinselection.Selection;
import dev.blocksmith.wallet.coinselection.SelectionParams;
import dev.blocksmith.wallet.descriptor.InputWeight;
import dev.blocksmith.wallet.ledger.WalletCoin;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;

/**
 * Builds a funded transaction from a {@link FundingRequest} (Core's CreateTransactionInternal with coin
 * control): preset inputs first, then coins chosen by {@link CoinSelection} when the presets do not cover the
 * outputs and the fee, then change if it is worth an output. The fee is the rate times the estimated signed
 * size, taken from the change or, with subtractFeeFrom, from the chosen outputs. Pure: the wallet resolves
 * coins and the change address beforehand and keeps the change address only if it is used.
 */
public final class TransactionFunder {
    /**
     * bitcoind's tx_noinputs_size base: version, lock time, one byte of input count and one of witness overhead (the
     * output count and the outputs come on top).
     */
    static final int TX_NOINPUTS_BASE_VBYTES = 10;
    /** Core's DEFAULT_CONSOLIDATE_FEERATE, the long-term rate of the waste metric (10 sat/vB). */
    private static final FeeRate LONG_TERM_FEE_RATE = FeeRate.ofSatPerVb(10);
    /** Core's DUST_RELAY_TX_FEE (3 sat/vB), the rate outputs must be worth spending at. */
    private static final dev.blocksmith.core.mempool.FeeRate DUST_RELAY_FEE = dev.blocksmith.core.mempool.FeeRate.ofSatsPerKvB(3000);
    /** bitcoind's DEFAULT_DISCARD_FEE (-discardfee): 10 sat/vB. */
    private static final FeeRate DEFAULT_DISCARD_FEE_RATE = FeeRate.ofSatPerVb(10);
    /** Core's DEFAULT_TRANSACTION_MAXFEE (-maxtxfee): 0.1 BTC. */
    static final long MAX_TX_FEE_SATS = 10_000_000L;

    private final Random random;
    /** -maxtxfee: the largest absolute fee a funded transaction may pay. */
    private final long maxTxFeeSats;
    /** -mintxfee: the lowest fee rate a caller may ask for. */
    private final FeeRate minFeeRate;
    /** -consolidatefeerate: the long-term rate of the waste metric. */
    private final FeeRate longTermFeeRate;
    /** bitcoind's GetDiscardRate: the rate change is judged worth keeping at. */
    private final FeeRate discardFeeRate;

    public TransactionFunder(Random random) {
        this(random, MAX_TX_FEE_SATS, FeeRate.WALLET_MINIMUM, LONG_TERM_FEE_RATE, DEFAULT_DISCARD_FEE_RATE);
    }

    /**
     * @param maxTxFeeSats -maxtxfee
     * @param minFeeRate the lowest rate a caller may ask for (bitcoind's GetRequiredFeeRate)
     * @param longTermFeeRate -consolidatefeerate
     * @param discardFeeRate -discardfee; never below the dust relay rate (bitcoind's GetDiscardRate; bitcoind also
     *     lowers it to the longest-target fee estimate, which a regtest node without estimates does not have)
     */
    public TransactionFunder(Random random, long maxTxFeeSats, FeeRate minFeeRate, FeeRate longTermFeeRate, FeeRate discardFeeRate) {
        this.maxTxFeeSats = maxTxFeeSats;
        this.minFeeRate = minFeeRate;
        this.longTermFeeRate = longTermFeeRate;
        this.discardFeeRate = new FeeRate(Math.max(discardFeeRate.satsPerKvB(), DUST_RELAY_FEE.satsPerKvB()));
        this.random = random;
    }

    /** The funded transaction, and whether the change output (and so the change address) was used. */
    public record Result(FundedTransaction funded, boolean changeUsed) {
    }

    /**
     * @param presets the request's preset inputs with their coins, in order
     * @param coins the wallet coins that may be added, already filtered by the request's options
     */
    public Result fund(FundingRequest r, List<ResolvedInput> presets, List<WalletCoin> coins, ChangeTarget change) throws WalletException {
        return fund(r, presets, coins, change, c -> MempoolChain.CONFIRMED);
    }

    /**
     * @param mempoolChains where an unconfirmed coin's transaction sits in the mempool: unconfirmed coins with short
     *     chains are taken first, and none whose chain a spend would push past the mempool's limits, as bitcoind's
     *     eligibility filters do
     */
    public Result fund(FundingRequest r, List<ResolvedInput> presets, List<WalletCoin> coins, ChangeTarget change,
                       Function<WalletCoin, MempoolChain> mempoolChains) throws WalletException {
        if (r.outputs().isEmpty()) {
            throw new WalletException(WalletException.Kind.WALLET_ERROR, "Transaction must have at least one recipient");
        }
        // Core's CreateTransaction: estimates are never below the wallet minimum, so only an explicit rate can be.
        if (r.feeRate().satsPerKvB() < minFeeRate.satsPerKvB() && !r.rateBelowMinimumAllowed()) {
            throw new WalletException(WalletException.Kind.WALLET_ERROR, "Fee rate (" + r.feeRate().toSatPerVbString()
                    + ") is lower than the minimum fee rate setting (" + minFeeRate.toSatPerVbString() + ")");
        }
        for (int i = 0; i < r.outputs().size(); i++) {
            if (!r.subtractFeeFrom().contains(i) && StandardPolicy.isDust(r.outputs().get(i), DUST_RELAY_FEE)) {
                throw new WalletException(WalletException.Kind.WALLET_ERROR, "Transaction amount too small");
            }
        }
        // bitcoind's CreateTransactionInternal: the weight limit asked for must allow a standard transaction.
        int minWeight = MIN_STANDARD_TX_NONWITNESS_SIZE * 4;
        if (r.maxTxWeight() < minWeight || r.maxTxWeight() > FundingRequest.MAX_STANDARD_TX_WEIGHT) {
            throw new WalletException(WalletException.Kind.WALLET_ERROR, "Maximum transaction weight must be between " + minWeight + " and "
                    + FundingRequest.MAX_STANDARD_TX_WEIGHT);
        }
        boolean subtract = !r.subtractFeeFrom().isEmpty();
        long outputValue = r.outputs().stream().mapToLong(TxOut::value).sum();
        int outputsSize = r.outputs().stream().mapToInt(TxOut::serializedSize).sum();
        // bitcoind's tx_noinputs_size: version, lock time, one byte of input count, one of witness overhead, the
        // output count and the outputs.
        int noInputsVBytes = TX_NOINPUTS_BASE_VBYTES + compactSizeLength(r.outputs().size()) + outputsSize;
        // With the fee taken from the outputs, the inputs need only cover the amounts (bitcoind selects on plain
        // values then); the fee at the requested rate is computed afterwards from the final size.
        FeeRate selectRate = subtract ? new FeeRate(0) : r.feeRate();
        // bitcoind's min_viable_change: change must be above its dust threshold at the discard rate and worth more
        // than spending it costs at that rate; below, it goes to the fee.
        TxOut changePrototype = new TxOut(0, change.script().orElse(Script.EMPTY));
        long minChange = Math.max(discardFeeRate.fee(change.spendVBytes()) + 1,
                StandardPolicy.dustThreshold(changePrototype, new dev.blocksmith.core.mempool.FeeRate(discardFeeRate.satsPerKvB())));
        long changeFee = selectRate.fee(change.outputVBytes());
        SelectionParams params = new SelectionParams(selectRate, longTermFeeRate, discardFeeRate, 0, change.outputVBytes(), change.spendVBytes(),
                minChange);

        // bitcoind's selection target: the outputs and the fee of everything but the inputs and the change; each
        // input pays for itself out of its effective value (its value less the fee of its own size).
        long target = outputValue + selectRate.fee(noInputsVBytes);
        // bitcoind's CreateTransactionInternal: at a zero fee rate, zero-value outputs and no preset input would make a
        // transaction without inputs.
        if (presets.isEmpty() && target == 0) {
            throw new WalletException(WalletException.Kind.WALLET_ERROR,
                    "Transaction requires one destination of non-zero value, a non-zero feerate, or a pre-selected input");
        }
        long presetEffective = 0;
        for (ResolvedInput p : presets) presetEffective += p.spent().value() - selectRate.fee(p.selectionVBytes());
        List<Candidate> chosen = new ArrayList<>();
        long remaining = target - presetEffective;
        if (!presets.isEmpty() && remaining <= 0) {
            // bitcoind's SelectCoins: the preset inputs alone cover the target.
        } else if (!r.addInputs()) {
            // bitcoind's SelectCoins: without automatic selection the target must be met by the preset inputs, none or not.
            throw new WalletException(WalletException.Kind.WALLET_ERROR, "The preselected coins total amount does not cover the transaction target. "
                    + "Please allow other inputs to be automatically selected or include more coins manually");
        } else {
            // bitcoind's AutomaticCoinSelection: the outputs alone, then with change, must fit the weight limit.
            int noInputsWeight = (10 + compactSizeLength(r.outputs().size()) + outputsSize) * 4;
            if (r.maxTxWeight() - noInputsWeight <= 0) {
                throw new WalletException(WalletException.Kind.WALLET_ERROR, "Maximum transaction weight is less than transaction weight without inputs");
            }
            if (r.maxTxWeight() - noInputsWeight < change.outputVBytes() * 4) {
                throw new WalletException(WalletException.Kind.WALLET_ERROR, "Maximum transaction weight is too low, can not accommodate change output");
            }
            try {
                chosen.addAll(selectInputs(coins, mempoolChains, remaining, params, subtract, r.avoidPartialSpends()));
            } catch (InsufficientFundsException e) {
                throw new WalletException(WalletException.Kind.INSUFFICIENT_FUNDS, "Insufficient funds");
            }
        }
        // bitcoind's SelectionResult::GetChange: the effective value selected beyond the target and the change
        // output's own fee, if it is viable.
        long selectedEffective = presetEffective;
        for (Candidate c : chosen) selectedEffective += c.effectiveValue(selectRate);
        long changeValue = selectedEffective - target - changeFee;
        if (changeValue < minChange) changeValue = 0;
        if (changeValue > 0 && change.unavailable().isPresent()) {
            WalletException why = change.unavailable().get();
            throw new WalletException(why.kind(), "Transaction needs a change address, but we can't generate it. " + why.getMessage());
        }

        List<TxOut> outs = new ArrayList<>(r.outputs());
        int changePos = -1;
        if (changeValue > 0) {
            changePos = r.change().position().orElseGet(() -> random.nextInt(outs.size() + 1));
            outs.add(changePos, new TxOut(changeValue, change.script().orElseThrow()));
        }

        Map<OutPoint, WalletCoin> byOutPoint = new HashMap<>();
        for (WalletCoin c : coins) byOutPoint.put(c.outPoint(), c);
        List<TxIn> ins = new ArrayList<>();
        List<TxOut> spent = new ArrayList<>();
        List<Optional<WalletKeyLocation>> owners = new ArrayList<>();
        List<InputWeight> weights = new ArrayList<>();
        for (ResolvedInput p : presets) {
            ins.add(p.input().toTxIn());
            spent.add(p.spent());
            owners.add(p.owner());
            weights.add(p.weight());
        }
        // Added inputs in random order, as Core shuffles them, so their order reveals nothing.
        List<Candidate> added = new ArrayList<>(chosen);
        Collections.shuffle(added, random);
        for (Candidate c : added) {
            WalletCoin coin = byOutPoint.get(c.outPoint());
            ins.add(new TxIn(c.outPoint(), Script.EMPTY, r.newInputSequence()));
            spent.add(coin.output());
            owners.add(Optional.of(coin.location()));
            weights.add(coin.location().inputWeight());
        }
        long inputValue = spent.stream().mapToLong(TxOut::value).sum();
        // bitcoind's CreateTransactionInternal: the fee is the rate times the whole signed transaction's size; what the
        // per-part estimate of selection paid beyond it goes back to the change.
        long feeNeeded = r.feeRate().fee(SignedTxSize.of(weights, outs).vsize());
        long currentFee = inputValue - outs.stream().mapToLong(TxOut::value).sum();
        if (changePos >= 0 && feeNeeded < currentFee) {
            TxOut c = outs.get(changePos);
            outs.set(changePos, new TxOut(c.value() + currentFee - feeNeeded, c.scriptPubKey()));
            currentFee = feeNeeded;
        }
        if (subtract) {
            subtractFee(r, outs, changePos, feeNeeded - currentFee);
            currentFee = feeNeeded;
        }
        Transaction tx = new Transaction(r.version(), ins, outs, r.lockTime());
        // bitcoind's weight limits. Automatic selection keeps the inputs it adds (as it priced them) and any change
        // within what the request's limit leaves beside the outputs; added to preset inputs, the whole selection must
        // fit it too; and the estimated signed transaction must be standard.
        int maxInputsWeight = r.maxTxWeight() - noInputsVBytes * 4;
        int autoWeight = added.stream().mapToInt(Candidate::inputVBytes).sum() * 4;
        if (!added.isEmpty() && autoWeight + (changeValue > 0 ? change.outputVBytes() * 4 : 0) > maxInputsWeight) {
            throw new WalletException(WalletException.Kind.WALLET_ERROR, "The inputs size exceeds the maximum weight. "
                    + "Please try sending a smaller amount or manually consolidating your wallet's UTXOs");
        }
        if (!added.isEmpty() && !presets.isEmpty()
                && autoWeight + presets.stream().mapToInt(ResolvedInput::selectionVBytes).sum() * 4 > maxInputsWeight) {
            throw new WalletException(WalletException.Kind.WALLET_ERROR, "The combination of the pre-selected inputs and the wallet automatic "
                    + "inputs selection exceeds the transaction maximum weight. Please try sending a smaller amount or manually consolidating "
                    + "your wallet's UTXOs");
        }
        if (SignedTxSize.of(weights, outs).weight() > FundingRequest.MAX_STANDARD_TX_WEIGHT) {
            throw new WalletException(WalletException.Kind.WALLET_ERROR, "Transaction too large");
        }
        if (currentFee > maxTxFeeSats) {
            throw new WalletException(WalletException.Kind.WALLET_ERROR, "Fee exceeds maximum configured by user (e.g. -maxtxfee, maxfeerate)");
        }
        return new Result(new FundedTransaction(tx, currentFee, changePos, spent, owners), changeValue > 0);
    }

    /**
     * bitcoind's CoinEligibilityFilter: the depth a coin needs, by whether its transaction spent coins of ours, the
     * longest mempool chain it may be in, and whether an address's partial output group may be taken.
     */
    private record Eligibility(int confMine, int confTheirs, long maxAncestors, long maxDescendants, boolean includePartialGroups) {
        Eligibility(int confMine, int confTheirs, long maxChain, boolean includePartialGroups) {
            this(confMine, confTheirs, maxChain, maxChain, includePartialGroups);
        }

        boolean admits(WalletCoin c, MempoolChain chain) {
            return c.confirmations() >= (c.fromMe() ? confMine : confTheirs)
                    && chain.ancestors() <= maxAncestors && chain.descendants() <= maxDescendants;
        }
    }

    /** bitcoind's default -limitancestorcount and -limitdescendantcount, which its wallet reads from the node. */
    private static final long MAX_ANCESTORS = 25;
    private static final long MAX_DESCENDANTS = 25;

    /**
     * bitcoind's AutomaticCoinSelection tries these in turn and takes the first that pays: coins from others with six
     * confirmations and our own with one, then everything confirmed, then our unconfirmed change, those with the
     * shortest mempool chains first (partial groups last), then whatever the caller let through (unconfirmed coins of
     * others with include_unsafe). The chain bounds are bitcoind's for its default limits of 25: 2, 4, 12 and 24.
     */
    private static final List<Eligibility> ELIGIBILITY = List.of(new Eligibility(1, 6, 0, false), new Eligibility(1, 1, 0, false),
            new Eligibility(0, 1, 2, false), new Eligibility(0, 1, 4, false), new Eligibility(0, 1, 12, true),
            new Eligibility(0, 1, MAX_ANCESTORS - 1, MAX_DESCENDANTS - 1, true),
            new Eligibility(0, 0, MAX_ANCESTORS - 1, MAX_DESCENDANTS - 1, true));

    /**
     * The wallet coins to add, from the first eligibility level that can pay: chosen one by one, or, avoiding
     * partial spends, by {@link OutputGroups}.
     */
    private static List<Candidate> selectInputs(List<WalletCoin> coins, Function<WalletCoin, MempoolChain> chains, long remaining,
                                                SelectionParams params, boolean subtract, boolean avoidPartialSpends)
            throws InsufficientFundsException, WalletException {
        Map<OutPoint, MempoolChain> chainOf = new HashMap<>();
        for (WalletCoin c : coins) chainOf.put(c.outPoint(), c.confirmations() > 0 ? MempoolChain.CONFIRMED : chains.apply(c));
        refuseLongChains(coins, chainOf, remaining);
        InsufficientFundsException last = new InsufficientFundsException();
        for (Eligibility level : ELIGIBILITY) {
            List<WalletCoin> eligible = coins.stream().filter(c -> level.admits(c, chainOf.get(c.outPoint()))).toList();
            if (eligible.isEmpty()) continue;
            try {
                if (!avoidPartialSpends) {
                    List<Candidate> candidates = new ArrayList<>();
                    for (WalletCoin c : eligible) candidates.add(new Candidate(c.outPoint(), c.output().value(), c.location().inputVBytes()));
                    return select(candidates, remaining, params, subtract).inputs();
                }
                OutputGroups.Offer offer = new OutputGroups(eligible).offer(level.includePartialGroups());
                return offer.coinsOf(select(offer.candidates(), remaining, params, subtract).inputs());
            } catch (InsufficientFundsException e) {
                last = e;
            }
        }
        throw last;
    }

    /**
     * bitcoind's check after grouping: when the coins no level admits leave too little, and those among them whose
     * chains reached the mempool's limits would have paid, the wallet says so rather than "Insufficient funds".
     * (bitcoind's comparison, through an operator-precedence slip, asks whether those coins alone cover the target.)
     */
    private static void refuseLongChains(List<WalletCoin> coins, Map<OutPoint, MempoolChain> chainOf, long remaining) throws WalletException {
        long total = 0;
        long discarded = 0;
        long longChains = 0;
        for (WalletCoin c : coins) {
            long value = c.output().value();
            total += value;
            MempoolChain chain = chainOf.get(c.outPoint());
            if (ELIGIBILITY.stream().noneMatch(level -> level.admits(c, chain))) {
                discarded += value;
                if (chain.ancestors() >= MAX_ANCESTORS || chain.descendants() >= MAX_DESCENDANTS) longChains += value;
            }
        }
        if (total - discarded < remaining && longChains >= remaining) {
            throw new WalletException(WalletException.Kind.INSUFFICIENT_FUNDS, "Unconfirmed UTXOs are available, but spending them creates a "
                    + "chain of transactions that will be rejected by the mempool");
        }
    }

    private static Selection select(List<Candidate> candidates, long remaining, SelectionParams params, boolean subtract)
            throws InsufficientFundsException {
        return subtract ? CoinSelection.largestFirst(candidates, remaining, params) : CoinSelection.select(candidates, remaining, params);
    }

    /**
     * bitcoind's subtractFeeFromAmount: the fee still owed is taken equally from the chosen outputs, the remainder
     * of an uneven split from the first of them.
     */
    private static void subtractFee(FundingRequest r, List<TxOut> outs, int changePos, long toReduce) throws WalletException {
        long n = r.subtractFeeFrom().size();
        boolean first = true;
        for (int i = 0; i < r.outputs().size(); i++) {
            if (!r.subtractFeeFrom().contains(i)) continue;
            long share = toReduce / n + (first ? toReduce % n : 0);
            first = false;
            int at = changePos >= 0 && i >= changePos ? i + 1 : i;
            TxOut o = outs.get(at);
            TxOut reduced = new TxOut(o.value() - share, o.scriptPubKey());
            if (StandardPolicy.isDust(reduced, DUST_RELAY_FEE) || reduced.value() < 0) {
                throw new WalletException(WalletException.Kind.WALLET_ERROR, reduced.value() < 0
                        ? "The transaction amount is too small to pay the fee"
                        : "The transaction amount is too small to send after the fee has been deducted");
            }
            outs.set(at, reduced);
        }
    }

    /** bitcoind's MIN_STANDARD_TX_NONWITNESS_SIZE: 65 bytes. */
    private static final int MIN_STANDARD_TX_NONWITNESS_SIZE = 65;

    private static int compactSizeLength(long n) {
        return n < 253 ? 1 : n <= 0xffff ? 3 : 5;
    }

}
