package dev.blocksmith.rpc.methods.wallet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.blocksmith.core.primitives.Amount;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.RpcParam;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import dev.blocksmith.wallet.CreatedTransaction;
import dev.blocksmith.wallet.Recipient;
import dev.blocksmith.wallet.Wallet;
import dev.blocksmith.wallet.WalletException;
import dev.blocksmith.wallet.WalletManager;
import dev.blocksmith.wallet.coinselection.FeeRate;
import dev.blocksmith.wallet.store.WalletStoreException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * {@code sendtoaddress "address" amount ( "comment" "comment_to" subtractfeefromamount replaceable conf_target
 * "estimate_mode" avoid_reuse fee_rate verbose )}. Checks run in bitcoind's order (address, amount, fee
 * options, unlock) and every failure leaves the wallet untouched.
 */
public final class SendToAddressMethod extends WalletMethod {

    public SendToAddressMethod(WalletManager manager) {
        super(manager);
    }

    @Override
    public String name() {
        return "sendtoaddress";
    }

    @Override
    public List<RpcParamSpec> params() {
        return List.of(
                RpcParamSpec.required("address", RpcParamType.STR, "The bitcoin address to send to."),
                RpcParamSpec.required("amount", RpcParamType.AMOUNT, "The amount in BTC to send. eg 0.1"),
                RpcParamSpec.optional("comment", RpcParamType.STR, "A comment used to store what the transaction is for."),
                RpcParamSpec.optional("comment_to", RpcParamType.STR, "A comment to store the name of the person or organization to which you're sending the transaction."),
                RpcParamSpec.withDefault("subtractfeefromamount", RpcParamType.BOOL, false, "The fee will be deducted from the amount being sent."),
                RpcParamSpec.withHint("replaceable", RpcParamType.BOOL, "wallet default", "Signal that this transaction can be replaced by a transaction (BIP 125)"),
                RpcParamSpec.withHint("conf_target", RpcParamType.NUM, "wallet -txconfirmtarget", "Confirmation target in blocks"),
                RpcParamSpec.withDefaultText("estimate_mode", RpcParamType.STR, "unset", "The fee estimate mode, must be one of (case insensitive): \"unset\" \"economical\" \"conservative\""),
                RpcParamSpec.withDefault("avoid_reuse", RpcParamType.BOOL, true, "(only available if avoid_reuse wallet flag is set) Avoid spending from dirty addresses."),
                RpcParamSpec.withHint("fee_rate", RpcParamType.AMOUNT, "not set, fall back to wallet fee estimation", "Specify a fee rate in sat/vB."),
                RpcParamSpec.withDefault("verbose", RpcParamType.BOOL, false, "If true, return extra information about the transaction."));
    }

    @Override
    public String description() {
        return "Send an amount to a given address.\nRequires wallet passphrase to be set with walletpassphrase call if wallet is encrypted.";
    }

    @Override
    public String resultHelp() {
        return "Result (if verbose is not set or set to false):\n\"hex\"    (string) The transaction id.\n\nResult (if verbose is set to true):\n{                          (json object)\n  \"txid\" : \"hex\",          (string) The transaction id.\n  \"fee_reason\" : \"str\"     (string) The transaction fee reason.\n}";
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        Wallet w = WalletRpc.wallet(manager, request);
        Script to = WalletRpc.destination(manager, request.arg("address").asString());
        Amount amount = WalletRpc.sendAmount(request.arg("amount"));
        boolean subtract = request.arg("subtractfeefromamount").asBool();
        boolean replaceable = request.arg("replaceable").asBoolOr(manager.policy().walletRbf());
        boolean avoidReuse = WalletRpc.avoidReuse(w, request.arg("avoid_reuse"));
        FeeChoice fee = feeChoice(manager, w, request.arg("conf_target"), request.arg("estimate_mode"), request.arg("fee_rate"),
                RpcErrorCode.WALLET_INSUFFICIENT_FUNDS);
        if (w.isLocked()) {
            throw new RpcException(RpcErrorCode.WALLET_UNLOCK_NEEDED, "Error: Please enter the wallet passphrase with walletpassphrase first.");
        }
        CreatedTransaction created = send(w, manager, List.of(new Recipient(to, amount.sats(), subtract)), fee.rate(), replaceable,
                avoidReuse, optionalText(request.arg("comment")), optionalText(request.arg("comment_to")));
        if (request.arg("verbose").asBool()) {
            ObjectNode out = RpcJson.object();
            out.put("txid", created.tx().txid().toHex());
            out.put("fee_reason", fee.reason());
            return out;
        }
        return new TextNode(created.tx().txid().toHex());
    }

    /** A fee rate and bitcoind's fee_reason for it. */
    record FeeChoice(FeeRate rate, String reason) {
    }

    /** bitcoind's SetFeeEstimateMode checks, then the explicit rate, the estimate or the fallback. */
    static FeeChoice feeChoice(WalletManager manager, Wallet w, RpcParam confTarget, RpcParam estimateMode, RpcParam feeRate)
            throws RpcException {
        return feeChoice(manager, w, confTarget, estimateMode, feeRate, RpcErrorCode.WALLET_ERROR);
    }

    /**
     * @param noEstimateCode the code of bitcoind's "Fee estimation failed" error, which is raised inside
     *     CreateTransaction and so carries the calling RPC's code for a failed creation (sendtoaddress and sendmany:
     *     RPC_WALLET_INSUFFICIENT_FUNDS; fundrawtransaction: RPC_WALLET_ERROR)
     */
    static FeeChoice feeChoice(WalletManager manager, Wallet w, RpcParam confTarget, RpcParam estimateMode, RpcParam feeRate,
                               RpcErrorCode noEstimateCode) throws RpcException {
        if (!feeRate.isNull()) {
            if (!confTarget.isNull()) {
                throw RpcException.invalidParameter("Cannot specify both conf_target and fee_rate. Please provide either a confirmation target in blocks for automatic fee estimation, or an explicit fee rate.");
            }
            if (!estimateMode.isNull() && !estimateMode.asString().equalsIgnoreCase("unset")) {
                throw RpcException.invalidParameter("Cannot specify both estimate_mode and fee_rate");
            }
            // fee_rate is in sat/vB with up to 3 decimals; AmountFromValue reads it with 3 decimals.
            JsonNode v = feeRate.json();
            if (!v.isNumber() && !v.isTextual()) throw new RpcException(RpcErrorCode.TYPE_ERROR, "Amount is not a number or string");
            BigDecimal satPerVb;
            try {
                satPerVb = new BigDecimal(v.asText());
            } catch (NumberFormatException e) {
                throw new RpcException(RpcErrorCode.TYPE_ERROR, "Invalid amount");
            }
            if (satPerVb.signum() < 0) throw new RpcException(RpcErrorCode.TYPE_ERROR, "Amount out of range");
            if (satPerVb.stripTrailingZeros().scale() > 3) throw new RpcException(RpcErrorCode.TYPE_ERROR, "Invalid amount");
            // bitcoind's ParseFixedPoint: at most 10^18 - 1 units of 10^-3; then MoneyRange.
            BigDecimal units = satPerVb.movePointRight(3);
            if (units.compareTo(new BigDecimal("999999999999999999")) > 0) throw new RpcException(RpcErrorCode.TYPE_ERROR, "Invalid amount");
            if (units.compareTo(BigDecimal.valueOf(dev.blocksmith.core.primitives.Amount.MAX_MONEY)) > 0) {
                throw new RpcException(RpcErrorCode.TYPE_ERROR, "Amount out of range");
            }
            // bitcoind reports an explicit rate as FeeReason::PAYTXFEE.
            return new FeeChoice(new FeeRate(satPerVb.movePointRight(3).longValueExact()), "PayTxFee set");
        }
        if (!estimateMode.isNull()) {
            String m = estimateMode.asString().toLowerCase(java.util.Locale.ROOT);
            if (!m.equals("unset") && !m.equals("economical") && !m.equals("conservative")) {
                throw RpcException.invalidParameter("Invalid estimate_mode parameter, must be one of: \"unset\", \"economical\", \"conservative\"");
            }
        }
        // settxfee's rate applies when the call names no confirmation target (bitcoind's GetMinimumFeeRate).
        if (confTarget.isNull() && w.payTxFee().isPresent()) {
            return new FeeChoice(max(w.payTxFee().get(), manager.policy().requiredFeeRate()), "PayTxFee set");
        }
        int target = confTarget.isNull() ? manager.policy().txConfirmTarget() : confTarget.asInt();
        if (target < 1 || target > 1008) throw RpcException.invalidParameter("Invalid conf_target, must be between 1 and 1008");
        var estimate = manager.estimateFee(target);
        // bitcoind's GetMinimumFeeRate: never below the wallet's -mintxfee.
        FeeRate floor = manager.policy().requiredFeeRate();
        if (estimate.isPresent()) return new FeeChoice(max(estimate.get(), floor), "Target 85% threshold");
        try {
            return new FeeChoice(max(manager.fallbackFee(), floor), "Fallback fee");
        } catch (WalletException e) {
            throw new RpcException(noEstimateCode, e.getMessage());
        }
    }

    private static FeeRate max(FeeRate a, FeeRate b) {
        return a.satsPerKvB() >= b.satsPerKvB() ? a : b;
    }

    /** A text argument, empty when not given. */
    static Optional<String> optionalText(RpcParam p) throws RpcException {
        return p.isNull() ? Optional.empty() : Optional.of(p.asString());
    }

    /**
     * Creates, commits and broadcasts a payment, keeping the sender's comments with it (bitcoind's SendMoney with its
     * mapValue "comment" and "to").
     */
    static CreatedTransaction send(Wallet w, WalletManager manager, List<Recipient> recipients, FeeRate rate, boolean replaceable,
                                   boolean avoidReuse, Optional<String> comment, Optional<String> commentTo) throws RpcException {
        if (w.flags().privateKeysDisabled()) {
            throw new RpcException(RpcErrorCode.WALLET_ERROR, "Error: Private keys are disabled for this wallet");
        }
        CreatedTransaction created;
        try {
            created = w.createTransaction(recipients, rate, replaceable, manager.feeSnipingLockTime(w), avoidReuse);
        } catch (WalletException e) {
            // bitcoind's SendMoney reports every CreateTransaction failure (amount too small, fee rate below the
            // minimum, insufficient funds, signing) as RPC_WALLET_INSUFFICIENT_FUNDS.
            if (e.kind() == WalletException.Kind.UNLOCK_NEEDED) throw WalletRpc.toRpc(e);
            throw new RpcException(RpcErrorCode.WALLET_INSUFFICIENT_FUNDS, e.getMessage());
        }
        // bitcoind's CreateTransaction under -walletrejectlongchains: a send the mempool's chain limits would refuse
        // is not made at all.
        if (manager.policy().rejectLongChains()) {
            Optional<String> tooLong = manager.broadcaster().chainLimitViolation(created.tx());
            if (tooLong.isPresent()) throw new RpcException(RpcErrorCode.WALLET_INSUFFICIENT_FUNDS, tooLong.get());
        }
        try {
            w.commit(created.tx(), manager.broadcaster(), comment, commentTo);
            return created;
        } catch (WalletStoreException e) {
            throw WalletRpc.storeError(e);
        }
    }
}
