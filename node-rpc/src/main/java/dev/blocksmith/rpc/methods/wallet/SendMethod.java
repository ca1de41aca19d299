package dev.blocksmith.rpc.methods.wallet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.core.tx.Transaction;
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
import dev.blocksmith.wallet.WalletException;
import dev.blocksmith.wallet.WalletManager;
import dev.blocksmith.wallet.funding.FundedTransaction;
import dev.blocksmith.wallet.funding.FundingRequest;
import java.util.List;

/**
 * {@code send outputs ( conf_target "estimate_mode" fee_rate options version )}: bitcoind's one-call send. The
 * outputs and the options' inputs make a transaction (as createrawtransaction), fundrawtransaction's routine funds
 * it (wallet coins are added when no inputs are given, or with add_inputs), and {@link SendFinisher} signs and
 * commits it or returns the PSBT. Funding failures are RPC_WALLET_ERROR (-4), as bitcoind's FundTransaction.
 */
public final class SendMethod extends WalletMethod {
    /** send's options, also accepted as named arguments (bitcoind's OBJ_NAMED_PARAMS), then FundTxDoc's. */
    private static final List<NamedOption> OPTIONS = FundingOptions.concat(List.of(new NamedOption("add_inputs", RpcParamType.BOOL),
            new NamedOption("include_unsafe", RpcParamType.BOOL), new NamedOption("minconf", RpcParamType.NUM),
            new NamedOption("maxconf", RpcParamType.NUM), new NamedOption("add_to_wallet", RpcParamType.BOOL),
            new NamedOption("change_address", RpcParamType.STR), new NamedOption("change_position", RpcParamType.NUM),
            new NamedOption("change_type", RpcParamType.STR), new NamedOption("fee_rate", RpcParamType.AMOUNT),
            new NamedOption("include_watching", RpcParamType.BOOL), new NamedOption("inputs", RpcParamType.ARR),
            new NamedOption("locktime", RpcParamType.NUM), new NamedOption("lock_unspents", RpcParamType.BOOL),
            new NamedOption("psbt", RpcParamType.BOOL), new NamedOption("subtract_fee_from_outputs", RpcParamType.ARR),
            new NamedOption("max_tx_weight", RpcParamType.NUM)), FundingOptions.FUND_TX_DOC);

    public SendMethod(WalletManager manager) {
        super(manager);
    }

    @Override
    public String name() {
        return "send";
    }

    @Override
    public List<RpcParamSpec> params() {
        return List.of(RpcParamSpec.required("outputs", RpcParamType.ANY, "The outputs: [{\"address\":amount},{\"data\":\"hex\"},...] or one object"),
                RpcParamSpec.withHint("conf_target", RpcParamType.NUM, "wallet -txconfirmtarget", "Confirmation target in blocks"),
                RpcParamSpec.withDefaultText("estimate_mode", RpcParamType.STR, "unset", "The fee estimate mode: unset, economical, conservative"),
                RpcParamSpec.withHint("fee_rate", RpcParamType.AMOUNT, "not set, fall back to wallet fee estimation", "Specify a fee rate in sat/vB."),
                RpcParamSpec.optional("options", RpcParamType.OBJ, "add_inputs, include_unsafe, minconf, maxconf, add_to_wallet, change_address, "
                        + "change_position, change_type, fee_rate, include_watching, inputs, locktime, lock_unspents, psbt, "
                        + "subtract_fee_from_outputs, replaceable, solving_data, max_tx_weight").withNamedOptions(OPTIONS),
                RpcParamSpec.withDefault("version", RpcParamType.NUM, 2, "Transaction version"));
    }

    @Override
    public String description() {
        return "EXPERIMENTAL warning: this call may be changed in future releases.\n\nSend a transaction.";
    }

    @Override
    public String resultHelp() {
        return SendFinisher.RESULT_HELP;
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        Wallet w = WalletRpc.wallet(manager, request);
        ObjectNode options = SendFinisher.options(request);
        boolean replaceable = new RpcParam("replaceable", options.get("replaceable")).asBoolOr(manager.policy().walletRbf());
        JsonNode inputs = options.has("inputs") ? options.get("inputs") : RpcJson.array();
        // send's options fields have no declaration of their own: the lock time defaults to 0 (bitcoind's
        // ConstructTransaction with a null locktime), the version to the declared version argument.
        long version = options.has("version") ? new RpcParam("version", options.get("version")).asLong() : request.arg("version").asLong();
        long lockTime = new RpcParam("locktime", options.get("locktime")).asLongOr(0);
        Transaction raw = TransactionConstructor.construct(inputs, request.arg("outputs").json(), lockTime, replaceable, version,
                manager.params());
        WalletCreateFundedPsbtMethod.moveInputWeights(inputs, options);
        // Wallet coins are added when no input is named, unless add_inputs says otherwise (m_allow_other_inputs).
        ObjectNode funding = options.deepCopy();
        funding.remove("version");
        FundingRequest fundingRequest = FundingOptions.request(manager, w, raw, funding, raw.inputs().isEmpty(), false);
        FundedTransaction funded;
        try {
            funded = w.fund(fundingRequest, manager::findCoin);
        } catch (WalletException e) {
            if (e.kind() == WalletException.Kind.UNLOCK_NEEDED) throw WalletRpc.toRpc(e);
            throw new RpcException(RpcErrorCode.WALLET_ERROR, e.getMessage());
        }
        return SendFinisher.finish(w, manager, options, funded.tx());
    }
}
