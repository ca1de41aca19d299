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
import dev.blocksmith.wallet.ledger.WalletCoin;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Builds a funded transaction from a {@link FundingRequest} (Core's CreateTransactionInternal with coin
 * control): preset inputs first, then coins chosen by {@link CoinSelection} when the presets do not cover the
 * outputs and the fee, then change if it is worth an output. The fee is the rate times the estimated signed
 * size, taken from the change or, with subtractFeeFrom, from the chosen outputs. Pure: the wallet resolves
 * coins and the change address beforehand and keeps the change address only if it is used.
 */
public final class TransactionFunder {
    /** Version, lock time, input and output counts, and the segwit marker and flag (10.5 vB, rounded up). */
    static final int TX_BASE_VBYTES = 11;
    /** Core's DEFAULT_CONSOLIDATE_FEERATE, the long-term rate of the waste metric (10 sat/vB). */
    private static final FeeRate LONG_TERM_FEE_RATE = FeeRate.ofSatPerVb(10);
    /** Core's DUST_RELAY_TX_FEE (3 sat/vB), the rate outputs must be worth spending at. */
    private static final dev.blocksmith.core.mempool.FeeRate DUST_RELAY_FEE = dev.blocksmith.core.mempool.FeeRate.ofSatsPerKvB(3000);
    /** Core's DEFAULT_TRANSACTION_MAXFEE (-maxtxfee): 0.1 BTC. */
    static final long MAX_TX_FEE_SATS = 10_000_000L;

    private final Random random;
    /** -maxtxfee: the largest absolute fee a funded transaction may pay. */
    private final long maxTxFeeSats;
    /** -mintxfee: the lowest fee rate a caller may ask for. */
    private final FeeRate minFeeRate;
    /** -consolidatefeerate: the long-term rate of the waste metric. */
    private final FeeRate longTermFeeRate;

    public TransactionFunder(Random random) {
        this(random, MAX_TX_FEE_SATS, FeeRate.WALLET_MINIMUM, LONG_TERM_FEE_RATE);
    }

    /**
     * @param maxTxFeeSats -maxtxfee
     * @param minFeeRate the lowest rate a caller may ask for (bitcoind's GetRequiredFeeRate)
     * @param longTermFeeRate -consolidatefeerate
     */
    public TransactionFunder(Random random, long maxTxFeeSats, FeeRate minFeeRate, FeeRate longTermFeeRate) {
        this.maxTxFeeSats = maxTxFeeSats;
        this.minFeeRate = minFeeRate;
        this.longTermFeeRate = longTermFeeRate;
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
        long presetValue = presets.stream().mapToLong(p -> p.spent().value()).sum();
        int presetVBytes = presets.stream().mapToInt(ResolvedInput::inputVBytes).sum();
        int overhead = TX_BASE_VBYTES + outputsSize + presetVBytes;
        // With the fee taken from the outputs, the inputs need only cover the amounts; the fee at the requested
        // rate is computed afterwards from the final size.
        FeeRate selectRate = subtract ? new FeeRate(0) : r.feeRate();
        // Change below its own dust threshold goes to the fee instead (294 sats for the P2WPKH estimate).
        long minChange = change.script().map(s -> StandardPolicy.dustThreshold(new TxOut(0, s), DUST_RELAY_FEE)).orElse(294L);
        SelectionParams params = new SelectionParams(selectRate, longTermFeeRate, overhead, change.outputVBytes(), change.spendVBytes(), minChange);

        // bitcoind's CreateTransactionInternal: at a zero fee rate, zero-value outputs and no preset input would make a
        // transaction without inputs.
        if (presets.isEmpty() && outputValue + selectRate.fee(overhead) == 0) {
            throw new WalletException(WalletException.Kind.WALLET_ERROR,
                    "Transaction requires one destination of non-zero value, a non-zero feerate, or a pre-selected input");
        }
        List<Candidate> chosen = new ArrayList<>();
        long changeValue;
        long presetExcess = presetValue - outputValue - selectRate.fee(overhead);
        if (presetExcess >= 0 && !presets.isEmpty()) {
            long afterChangeFee = presetExcess - selectRate.fee(change.outputVBytes());
            changeValue = afterChangeFee >= minChange ? afterChangeFee : 0;
        } else if (!presets.isEmpty() && !r.addInputs()) {
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
            List<Candidate> candidates = new ArrayList<>();
            for (WalletCoin c : coins) candidates.add(new Candidate(c.outPoint(), c.output().value(), inputVBytes(c.location())));
            Selection sel;
            try {
                long payment = outputValue - presetValue;
                sel = subtract ? CoinSelection.largestFirst(candidates, payment, params) : CoinSelection.select(candidates, payment, params);
            } catch (InsufficientFundsException e) {
                throw new WalletException(WalletException.Kind.INSUFFICIENT_FUNDS, "Insufficient funds");
            }
            chosen.addAll(sel.inputs());
            changeValue = sel.changeSats();
        }
        if (changeValue > 0 && change.unavailable().isPresent()) {
            WalletException why = change.unavailable().get();
            throw new WalletException(why.kind(), "Transaction needs a change address, but we can't generate it. " + why.getMessage());
        }

        List<TxOut> outs = new ArrayList<>(r.outputs());
        if (subtract) subtractFee(r, outs, presetVBytes, chosen, changeValue > 0 ? change.outputVBytes() : 0, overhead);
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
        for (ResolvedInput p : presets) {
            ins.add(p.input().toTxIn());
            spent.add(p.spent());
            owners.add(p.owner());
        }
        // Added inputs in random order, as Core shuffles them, so their order reveals nothing.
        List<Candidate> added = new ArrayList<>(chosen);
        Collections.shuffle(added, random);
        for (Candidate c : added) {
            WalletCoin coin = byOutPoint.get(c.outPoint());
            ins.add(new TxIn(c.outPoint(), Script.EMPTY, r.newInputSequence()));
            spent.add(coin.output());
            owners.add(Optional.of(coin.location()));
        }
        Transaction tx = new Transaction(r.version(), ins, outs, r.lockTime());
        long fee = spent.stream().mapToLong(TxOut::value).sum() - outs.stream().mapToLong(TxOut::value).sum();
        int vsize = overhead + added.stream().mapToInt(Candidate::inputVBytes).sum() + (changeValue > 0 ? change.outputVBytes() : 0);
        if ((long) vsize * 4 > r.maxTxWeight()) {
            throw new WalletException(WalletException.Kind.WALLET_ERROR, "The inputs size exceeds the maximum weight. "
                    + "Please try sending a smaller amount or manually consolidating your wallet's UTXOs");
        }
        if (fee > maxTxFeeSats) {
            throw new WalletException(WalletException.Kind.WALLET_ERROR, "Fee exceeds maximum configured by user (e.g. -maxtxfee, maxfeerate)");
        }
        return new Result(new FundedTransaction(tx, fee, changePos, spent, owners), changeValue > 0);
    }

    private static void subtractFee(FundingRequest r, List<TxOut> outs, int presetVBytes, List<Candidate> chosen, int changeVBytes, int overhead)
            throws WalletException {
        int vsize = overhead + changeVBytes;
        for (Candidate c : chosen) vsize += c.inputVBytes();
        long fee = r.feeRate().fee(vsize);
        long n = r.subtractFeeFrom().size();
        boolean first = true;
        for (int i = 0; i < r.outputs().size(); i++) {
            if (!r.subtractFeeFrom().contains(i)) continue;
            // Core gives the remainder of an uneven split to the first subtracting output.
            long share = fee / n + (first ? fee % n : 0);
            first = false;
            TxOut o = outs.get(i);
            TxOut reduced = new TxOut(o.value() - share, o.scriptPubKey());
            if (reduced.value() < 0 || StandardPolicy.isDust(reduced, DUST_RELAY_FEE)) {
                throw new WalletException(WalletException.Kind.WALLET_ERROR, "The transaction amount is too small to pay the fee");
            }
            outs.set(i, reduced);
        }
    }

    /** bitcoind's MIN_STANDARD_TX_NONWITNESS_SIZE: 65 bytes. */
    private static final int MIN_STANDARD_TX_NONWITNESS_SIZE = 65;

    private static int compactSizeLength(long n) {
        return n < 253 ? 1 : n <= 0xffff ? 3 : 5;
    }

    /** Virtual size an input of ours adds when spent with maximum-size signatures (see Descriptor#inputVBytes). */
    public static int inputVBytes(WalletKeyLocation at) {
        return at.inputVBytes();
    }
}
