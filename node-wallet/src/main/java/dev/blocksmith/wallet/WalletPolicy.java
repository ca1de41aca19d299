package dev.blocksmith.wallet;

import dev.blocksmith.core.primitives.Amount;
import dev.blocksmith.wallet.account.AddressType;
import dev.blocksmith.wallet.coinselection.FeeRate;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How wallets build and send transactions: bitcoind's wallet startup options (wallet/init.cpp, applied to every
 * wallet as bitcoind's CWallet::Create does), with bitcoind's defaults. {@link #parse} reads them from their
 * option texts with bitcoind's error messages.
 *
 * @param addressType -addresstype: the type getnewaddress gives when none is asked for (default bech32)
 * @param changeType -changetype: the change output type; empty lets the wallet choose from the payment's outputs
 * @param walletRbf -walletrbf: whether sends signal BIP125 replaceability when the call does not say (default 1)
 * @param spendZeroConfChange -spendzeroconfchange: whether our own unconfirmed change may be spent (default 1)
 * @param walletBroadcast -walletbroadcast: whether created transactions are handed to the mempool (default 1)
 * @param avoidPartialSpends -avoidpartialspends: spend all coins of an address together (default 0)
 * @param txConfirmTarget -txconfirmtarget: the confirmation target fees are estimated for (default 6)
 * @param maxTxFeeSats -maxtxfee: the largest absolute fee a wallet transaction may pay (default 0.10 BTC)
 * @param minTxFee -mintxfee: the lowest fee rate the wallet builds at (default 100 sat/kvB)
 * @param discardFee -discardfee: change below dust at this rate goes to the fee (default 10000 sat/kvB)
 * @param consolidateFeeRate -consolidatefeerate: below this rate coin selection prefers more inputs (default 10000 sat/kvB)
 * @param maxApsFeeSats -maxapsfee: extra fee accepted to avoid partial spends; -1 disables (default 0)
 * @param rejectLongChains -walletrejectlongchains: refuse sends whose unconfirmed chain would exceed the mempool's
 *     limits (default 1)
 * @param relayMinFee the node's -minrelaytxfee, which bitcoind's wallet reads from its chain: the floor of settxfee
 *     and of the fee rate the wallet builds at
 * @param deprecatedRpcs -deprecatedrpc: the deprecated wallet RPCs served anyway (bitcoind 30: "settxfee")
 * @param payTxFee -paytxfee (deprecated in bitcoind 30): the fee rate every wallet pays until settxfee changes it;
 *     empty lets the wallet estimate (default)
 */
public record WalletPolicy(AddressType addressType, Optional<AddressType> changeType, boolean walletRbf, boolean spendZeroConfChange,
                           boolean walletBroadcast, boolean avoidPartialSpends, int txConfirmTarget, long maxTxFeeSats, FeeRate minTxFee,
                           FeeRate discardFee, FeeRate consolidateFeeRate, long maxApsFeeSats, boolean rejectLongChains,
                           FeeRate relayMinFee, java.util.Set<String> deprecatedRpcs, Optional<FeeRate> payTxFee) {
    /** bitcoind's DEFAULT_TX_CONFIRM_TARGET. */
    public static final int DEFAULT_TX_CONFIRM_TARGET = 6;
    /** bitcoind's DEFAULT_TRANSACTION_MAXFEE: 0.10 BTC. */
    public static final long DEFAULT_MAX_TX_FEE = Amount.COIN / 10;
    /** bitcoind's DEFAULT_DISCARD_FEE and DEFAULT_CONSOLIDATE_FEERATE: 10 000 sat/kvB. */
    public static final FeeRate DEFAULT_DISCARD_FEE = new FeeRate(10_000);
    public static final FeeRate DEFAULT_CONSOLIDATE_FEERATE = new FeeRate(10_000);
    /** bitcoind's HIGH_TX_FEE_PER_KB (0.01 BTC/kvB) and HIGH_APS_FEE (0.0001 BTC): above them bitcoind warns. */
    public static final long HIGH_TX_FEE_PER_KB = Amount.COIN / 100;

    public static final WalletPolicy DEFAULT = new WalletPolicy(AddressType.DEFAULT, Optional.empty(), true, true, true, false,
            DEFAULT_TX_CONFIRM_TARGET, DEFAULT_MAX_TX_FEE, FeeRate.WALLET_MINIMUM, DEFAULT_DISCARD_FEE, DEFAULT_CONSOLIDATE_FEERATE, 0, true,
            new FeeRate(100), java.util.Set.of(), Optional.empty());

    /** The option names {@link #parse} reads (without the leading dash), as bitcoind spells them. */
    public static final List<String> OPTION_NAMES = List.of("addresstype", "changetype", "walletrbf", "spendzeroconfchange",
            "walletbroadcast", "avoidpartialspends", "txconfirmtarget", "maxtxfee", "mintxfee", "discardfee", "consolidatefeerate",
            "maxapsfee", "walletrejectlongchains", "paytxfee");

    public WalletPolicy {
        Objects.requireNonNull(addressType);
        Objects.requireNonNull(changeType);
        Objects.requireNonNull(minTxFee);
        Objects.requireNonNull(discardFee);
        Objects.requireNonNull(consolidateFeeRate);
        Objects.requireNonNull(relayMinFee);
        Objects.requireNonNull(payTxFee);
        deprecatedRpcs = java.util.Set.copyOf(deprecatedRpcs);
        if (maxTxFeeSats < 0) throw new IllegalArgumentException("maxtxfee must not be negative");
    }

    /** An option value bitcoind refuses at startup; the message is bitcoind's init error. */
    public static final class InvalidOptionException extends Exception {
        public InvalidOptionException(String message) {
            super(message);
        }
    }

    /**
     * Reads the options present in {@code values} (name without dash → the text given; a bare flag such as
     * {@code -walletrbf} is "1"), the others keeping bitcoind's defaults. Unlike bitcoind, which checks them as
     * each wallet loads, the node checks them once at startup; the messages are bitcoind's.
     *
     * @param minRelayFee the node's -minrelaytxfee, which -maxtxfee may not be below
     */
    public static WalletPolicy parse(Map<String, String> values, FeeRate minRelayFee) throws InvalidOptionException {
        WalletPolicy p = DEFAULT;
        AddressType addressType = p.addressType;
        String v = values.get("addresstype");
        if (v != null && !v.isEmpty()) {
            String given = v;
            addressType = AddressType.byRpcName(v).orElseThrow(() -> new InvalidOptionException("Unknown address type '" + given + "'"));
        }
        Optional<AddressType> changeType = p.changeType;
        v = values.get("changetype");
        if (v != null && !v.isEmpty()) {
            String given = v;
            changeType = Optional.of(AddressType.byRpcName(v).orElseThrow(() -> new InvalidOptionException("Unknown change type '" + given + "'")));
        }
        FeeRate minTxFee = p.minTxFee;
        if (values.containsKey("mintxfee")) minTxFee = new FeeRate(money("mintxfee", values.get("mintxfee")));
        long maxAps = p.maxApsFeeSats;
        v = values.get("maxapsfee");
        if (v != null) maxAps = v.strip().equals("-1") ? -1 : money("maxapsfee", v);
        FeeRate discard = p.discardFee;
        if (values.containsKey("discardfee")) discard = new FeeRate(money("discardfee", values.get("discardfee")));
        long maxTxFee = p.maxTxFeeSats;
        v = values.get("maxtxfee");
        if (v != null) {
            maxTxFee = money("maxtxfee", v);
            // bitcoind: CFeeRate(maxtxfee, 1000) below the relay minimum would make every send stick.
            if (maxTxFee < minRelayFee.satsPerKvB()) {
                throw new InvalidOptionException("Invalid amount for -maxtxfee=<amount>: '" + v + "' (must be at least the minrelay fee of "
                        + btcPerKvB(minRelayFee) + " to prevent stuck transactions)");
            }
        }
        FeeRate consolidate = p.consolidateFeeRate;
        if (values.containsKey("consolidatefeerate")) consolidate = new FeeRate(money("consolidatefeerate", values.get("consolidatefeerate")));
        int target = p.txConfirmTarget;
        v = values.get("txconfirmtarget");
        if (v != null) target = integer(v);
        Optional<FeeRate> payTxFee = p.payTxFee;
        v = values.get("paytxfee");
        if (v != null) {
            FeeRate rate = new FeeRate(money("paytxfee", v));
            // bitcoind's CWallet::Create: a rate below the relay minimum would make every send stick.
            if (rate.satsPerKvB() < minRelayFee.satsPerKvB()) {
                throw new InvalidOptionException("Invalid amount for -paytxfee=<amount>: '" + v + "' (must be at least "
                        + btcPerKvB(minRelayFee) + ")");
            }
            payTxFee = rate.satsPerKvB() == 0 ? Optional.empty() : Optional.of(rate);
        }
        return new WalletPolicy(addressType, changeType, bool(values, "walletrbf", p.walletRbf), bool(values, "spendzeroconfchange", p.spendZeroConfChange),
                bool(values, "walletbroadcast", p.walletBroadcast), bool(values, "avoidpartialspends", p.avoidPartialSpends), target, maxTxFee,
                minTxFee, discard, consolidate, maxAps, bool(values, "walletrejectlongchains", p.rejectLongChains), minRelayFee, p.deprecatedRpcs,
                payTxFee);
    }

    /** bitcoind's ParseMoney: a non-negative BTC decimal of at most 8 places; AmountErrMsg otherwise. */
    private static long money(String option, String text) throws InvalidOptionException {
        try {
            BigDecimal d = new BigDecimal(text.strip());
            if (d.signum() < 0) throw new NumberFormatException("negative");
            return Amount.parseBtc(d).sats();
        } catch (NumberFormatException | ArithmeticException e) {
            throw new InvalidOptionException("Invalid amount for -" + option + "=<amount>: '" + text + "'");
        }
    }

    /** bitcoind's GetBoolArg: "", digits other than 0, and unparsable text other than "0" are true ("-x" alone is 1). */
    private static boolean bool(Map<String, String> values, String name, boolean fallback) {
        String v = values.get(name);
        if (v == null) return fallback;
        String s = v.strip().toLowerCase(Locale.ROOT);
        if (s.isEmpty()) return true;
        // bitcoind's InterpretBool: LocaleIndependentAtoi != 0, so "true"/"yes" (non-numeric) count as 0.
        return integer(s) != 0;
    }

    /** bitcoind's LocaleIndependentAtoi: leading sign and digits, 0 when there are none, saturated. */
    private static int integer(String text) {
        String s = text.strip();
        int i = 0;
        boolean negative = false;
        if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) negative = s.charAt(i++) == '-';
        long value = 0;
        while (i < s.length() && Character.isDigit(s.charAt(i)) && value <= Integer.MAX_VALUE) value = value * 10 + (s.charAt(i++) - '0');
        value = negative ? -value : value;
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, value));
    }

    /** CFeeRate::ToString(): "0.00000100 BTC/kvB". */
    private static String btcPerKvB(FeeRate r) {
        return Amount.ofSats(r.satsPerKvB()).toBtcString() + " BTC/kvB";
    }

    public WalletPolicy withAddressType(AddressType t) {
        return new WalletPolicy(t, changeType, walletRbf, spendZeroConfChange, walletBroadcast, avoidPartialSpends, txConfirmTarget,
                maxTxFeeSats, minTxFee, discardFee, consolidateFeeRate, maxApsFeeSats, rejectLongChains, relayMinFee, deprecatedRpcs, payTxFee);
    }

    public WalletPolicy withWalletBroadcast(boolean broadcast) {
        return new WalletPolicy(addressType, changeType, walletRbf, spendZeroConfChange, broadcast, avoidPartialSpends, txConfirmTarget,
                maxTxFeeSats, minTxFee, discardFee, consolidateFeeRate, maxApsFeeSats, rejectLongChains, relayMinFee, deprecatedRpcs, payTxFee);
    }

    public WalletPolicy withDeprecatedRpcs(java.util.Set<String> names) {
        return new WalletPolicy(addressType, changeType, walletRbf, spendZeroConfChange, walletBroadcast, avoidPartialSpends, txConfirmTarget,
                maxTxFeeSats, minTxFee, discardFee, consolidateFeeRate, maxApsFeeSats, rejectLongChains, relayMinFee, names, payTxFee);
    }

    /** bitcoind's GetRequiredFeeRate: the wallet's -mintxfee, never below the node's relay minimum. */
    public FeeRate requiredFeeRate() {
        return minTxFee.satsPerKvB() >= relayMinFee.satsPerKvB() ? minTxFee : relayMinFee;
    }
}
