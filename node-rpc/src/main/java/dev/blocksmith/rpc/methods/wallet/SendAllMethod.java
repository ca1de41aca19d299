package dev.blocksmith.rpc.methods.wallet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.core.address.Address;
import dev.blocksmith.core.mempool.StandardPolicy;
import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.core.tx.TxOut;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.RpcParam;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamSpec.NamedOption;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import dev.blocksmith.rpc.methods.rawtransactions.TransactionConstructor;
import dev.blocksmith.wallet.Wallet;
import dev.blocksmith.wallet.WalletManager;
import dev.blocksmith.wallet.coinselection.FeeRate;
import dev.blocksmith.wallet.descriptor.InputWeight;
import dev.blocksmith.wallet.funding.AncestorBumpFees;
import dev.blocksmith.wallet.funding.SignedTxSize;
import dev.blocksmith.wallet.ledger.WalletCoin;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code sendall recipients ( conf_target "estimate_mode" fee_rate options )}: spends every spendable coin (or the
 * given inputs) with no change, the value after the fee going to the recipients named without an amount (split
 * evenly, the remainder to the first). Checks, order and texts are bitcoind's (wallet/rpc/spend.cpp sendall).
 */
public final class SendAllMethod extends WalletMethod {
    /** sendall's options, also accepted as named arguments (bitcoind's OBJ_NAMED_PARAMS), then FundTxDoc's. */
    private static final List<NamedOption> OPTIONS = FundingOptions.concat(List.of(new NamedOption("add_to_wallet", RpcParamType.BOOL),
            new NamedOption("fee_rate", RpcParamType.AMOUNT), new NamedOption("include_watching", RpcParamType.BOOL),
            new NamedOption("inputs", RpcParamType.ARR), new NamedOption("locktime", RpcParamType.NUM),
            new NamedOption("lock_unspents", RpcParamType.BOOL), new NamedOption("psbt", RpcParamType.BOOL),
            new NamedOption("send_max", RpcParamType.BOOL), new NamedOption("minconf", RpcParamType.NUM),
            new NamedOption("maxconf", RpcParamType.NUM), new NamedOption("version", RpcParamType.NUM)), FundingOptions.FUND_TX_DOC);
    /** bitcoind's DUST_RELAY_TX_FEE: 3 sat/vB, the rate an output must be worth spending at. */
    private static final dev.blocksmith.core.mempool.FeeRate DUST_RELAY_FEE = dev.blocksmith.core.mempool.FeeRate.ofSatsPerKvB(3000);
    /** bitcoind's MAX_STANDARD_TX_WEIGHT. */
    private static final int MAX_STANDARD_TX_WEIGHT = 400_000;

    public SendAllMethod(WalletManager manager) {
        super(manager);
    }

    @Override
    public String name() {
        return "sendall";
    }

    @Override
    public List<RpcParamSpec> params() {
        return List.of(RpcParamSpec.required("recipients", RpcParamType.ARR,
                        "The sendall destinations: addresses without an amount share the remainder, {\"address\":amount} get that amount"),
                RpcParamSpec.withHint("conf_target", RpcParamType.NUM, "wallet -txconfirmtarget", "Confirmation target in blocks"),
                RpcParamSpec.withDefaultText("estimate_mode", RpcParamType.STR, "unset", "The fee estimate mode: unset, economical, conservative"),
                RpcParamSpec.withHint("fee_rate", RpcParamType.AMOUNT, "not set, fall back to wallet fee estimation", "Specify a fee rate in sat/vB."),
                RpcParamSpec.optional("options", RpcParamType.OBJ, "add_to_wallet, fee_rate, include_watching, inputs, locktime, lock_unspents, psbt, "
                        + "send_max, minconf, maxconf, version, conf_target, estimate_mode, replaceable").withNamedOptions(OPTIONS));
    }

    @Override
    public String description() {
        return "EXPERIMENTAL warning: this call may be changed in future releases.\n\nSpend the value of all (or specific) confirmed UTXOs and "
                + "unconfirmed change in the wallet to one or more recipients.\nUnconfirmed inbound UTXOs and locked UTXOs will not be spent. "
                + "Sendall will respect the avoid_reuse wallet flag.\nIf your wallet contains many small inputs, either because it received tiny "
                + "payments or as a result of accumulating change, consider using `send_max` to exclude inputs that are worth less than the fees "
                + "needed to spend them.";
    }

    @Override
    public String resultHelp() {
        return SendFinisher.RESULT_HELP;
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        Wallet w = WalletRpc.wallet(manager, request);
        ObjectNode options = SendFinisher.options(request);

        Set<String> withoutAmount = new LinkedHashSet<>();
        ArrayNode outputs = RpcJson.array();
        for (JsonNode r : request.arg("recipients").asArray()) {
            if (r.isTextual()) {
                ObjectNode pair = RpcJson.object();
                pair.put(r.asText(), 0);
                outputs.add(pair);
                withoutAmount.add(r.asText());
            } else {
                outputs.add(r);
            }
        }
        if (withoutAmount.isEmpty()) throw RpcException.invalidParameter("Must provide at least one address without a specified amount");

        SendToAddressMethod.FeeChoice choice = SendToAddressMethod.feeChoice(manager, w, param(options, "conf_target"),
                param(options, "estimate_mode"), param(options, "fee_rate"));
        int minConf = 0;
        if (options.has("minconf")) {
            minConf = new RpcParam("minconf", options.get("minconf")).asInt();
            if (minConf < 0) throw RpcException.invalidParameter("Invalid minconf (minconf cannot be negative): " + minConf);
        }
        int maxConf = Integer.MAX_VALUE;
        if (options.has("maxconf")) {
            maxConf = new RpcParam("maxconf", options.get("maxconf")).asInt();
            if (maxConf < minConf) throw RpcException.invalidParameter("maxconf can't be lower than minconf: " + maxConf + " < " + minConf);
        }
        boolean replaceable = new RpcParam("replaceable", options.get("replaceable")).asBoolOr(manager.policy().walletRbf());
        FeeRate rate = choice.rate();
        FeeRate required = manager.policy().requiredFeeRate();
        // An explicit rate is never raised behind the caller's back.
        if (options.has("fee_rate") && rate.satsPerKvB() < required.satsPerKvB()) {
            throw RpcException.invalidParameter("Fee rate (" + rate.toSatPerVbString() + ") is lower than the minimum fee rate setting ("
                    + required.toSatPerVbString() + ")");
        }

        JsonNode inputs = options.has("inputs") ? options.get("inputs") : RpcJson.array();
        // Without a locktime option the lock time is set against fee sniping when the transaction is finished.
        long lockTime = param(options, "locktime").asLongOr(0);
        // sendall's options.version (bitcoind: default=2); options fields have no declaration of their own.
        long version = param(options, "version").asLongOr(2);
        Transaction raw = TransactionConstructor.construct(inputs, outputs, lockTime, replaceable, version, manager.params());

        boolean sendMax = options.has("send_max") && options.get("send_max").asBoolean();
        long sequence = replaceable ? Wallet.MAX_BIP125_RBF_SEQUENCE : Wallet.NON_RBF_SEQUENCE;
        List<TxIn> ins = new ArrayList<>(raw.inputs());
        long totalIn = 0;
        List<InputWeight> weights = new ArrayList<>();
        if (options.has("inputs") && options.has("send_max")) {
            throw RpcException.invalidParameter("Cannot combine send_max with specific inputs.");
        } else if (options.has("inputs") && (options.has("minconf") || options.has("maxconf"))) {
            throw RpcException.invalidParameter("Cannot combine minconf or maxconf with specific inputs.");
        } else if (options.has("inputs")) {
            for (TxIn in : raw.inputs()) {
                OutPoint op = in.prevout();
                if (w.isSpent(op)) {
                    throw RpcException.invalidParameter("Input not available. UTXO (" + op.txid().toHex() + ":" + op.index() + ") was already spent.");
                }
                TxOut out = w.knownOutput(op).orElse(null);
                var at = out == null ? java.util.Optional.<dev.blocksmith.wallet.WalletKeyLocation>empty() : w.locate(out.scriptPubKey());
                if (at.isEmpty()) {
                    throw RpcException.invalidParameter("Input not found. UTXO (" + op.txid().toHex() + ":" + op.index() + ") is not part of wallet.");
                }
                totalIn += out.value();
                weights.add(at.get().inputWeight());
            }
        } else {
            for (WalletCoin c : w.unspent()) {
                if (!c.mature() || !c.safe() || w.isLockedCoin(c.outPoint())) continue;
                if (c.confirmations() < minConf || c.confirmations() > maxConf) continue;
                // bitcoind: with send_max, a coin worth less than the fee of its own input (input_bytes) is left out.
                if (sendMax && rate.fee(c.location().inputVBytes()) > c.output().value()) continue;
                ins.add(new TxIn(c.outPoint(), dev.blocksmith.core.script.Script.EMPTY, sequence));
                totalIn += c.output().value();
                weights.add(c.location().inputWeight());
            }
        }
        Transaction tx = new Transaction(raw.version(), ins, raw.outputs(), raw.lockTime());

        // bitcoind's sendall: the fee is the rate times the maximum signed size of the whole transaction.
        int vsize = SignedTxSize.of(weights, tx.outputs()).vsize();
        long feeFromSize = rate.fee(vsize);
        // bitcoind: unconfirmed parents paying less than the rate are brought up to it out of the amount sent.
        long bumpFees = AncestorBumpFees.combined(tx.inputs().stream().map(in -> in.prevout().txid())
                .filter(manager.broadcaster()::inMempool).toList(), rate, manager.broadcaster());
        long effective = totalIn - feeFromSize - bumpFees;
        if (feeFromSize > manager.policy().maxTxFeeSats()) {
            throw new RpcException(RpcErrorCode.WALLET_ERROR, "Fee exceeds maximum configured by user (e.g. -maxtxfee, maxfeerate)");
        }
        if (effective <= 0) {
            throw new RpcException(RpcErrorCode.WALLET_INSUFFICIENT_FUNDS, sendMax
                    ? "Total value of UTXO pool too low to pay for transaction, try using lower feerate."
                    : "Total value of UTXO pool too low to pay for transaction. Try using lower feerate or excluding uneconomic UTXOs with 'send_max' option.");
        }
        if (SignedTxSize.of(weights, tx.outputs()).weight() > MAX_STANDARD_TX_WEIGHT) throw new RpcException(RpcErrorCode.WALLET_ERROR, "Transaction too large.");
        long claimed = tx.outputs().stream().mapToLong(TxOut::value).sum();
        if (claimed > totalIn) throw new RpcException(RpcErrorCode.WALLET_INSUFFICIENT_FUNDS, "Assigned more value to outputs than available funds.");
        long remainder = effective - claimed;
        if (remainder < 0) {
            throw new RpcException(RpcErrorCode.WALLET_INSUFFICIENT_FUNDS, "Insufficient funds for fees after creating specified outputs.");
        }
        long each = remainder / withoutAmount.size();
        boolean gaveRemainder = false;
        List<TxOut> outs = new ArrayList<>();
        for (TxOut o : tx.outputs()) {
            String addr = Address.fromScriptPubKey(o.scriptPubKey(), manager.params()).map(Address::encode).orElse("");
            TxOut out = o;
            if (withoutAmount.contains(addr)) {
                long value = each;
                if (!gaveRemainder) {
                    value += remainder % withoutAmount.size();
                    gaveRemainder = true;
                }
                out = new TxOut(value, o.scriptPubKey());
                if (StandardPolicy.isDust(out, DUST_RELAY_FEE)) {
                    throw new RpcException(RpcErrorCode.WALLET_INSUFFICIENT_FUNDS, "Dynamically assigned remainder results in dust output.");
                }
            } else if (StandardPolicy.isDust(out, DUST_RELAY_FEE)) {
                throw RpcException.invalidParameter("Specified output amount to " + addr + " is below dust threshold.");
            }
            outs.add(out);
        }
        Transaction finalTx = new Transaction(tx.version(), tx.inputs(), outs, tx.lockTime());
        if (options.has("lock_unspents") && options.get("lock_unspents").asBoolean()) {
            w.lockForSpend(finalTx.inputs().stream().map(TxIn::prevout).toList());
        }
        return SendFinisher.finish(w, manager, options, finalTx);
    }

    private static RpcParam param(JsonNode o, String key) {
        return new RpcParam(key, o.has(key) ? o.get(key) : null);
    }
}
