package dev.blocksmith.rpc.methods.wallet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import dev.blocksmith.rpc.methods.rawtransactions.RawTransactions;
import dev.blocksmith.wallet.Wallet;
import dev.blocksmith.wallet.WalletException;
import dev.blocksmith.wallet.WalletManager;
import dev.blocksmith.wallet.funding.FundedTransaction;
import dev.blocksmith.wallet.funding.FundingRequest;
import java.util.List;

/**
 * {@code fundrawtransaction "hexstring" ( options iswitness )}: adds wallet inputs (and at most one change
 * output) to a raw transaction so it pays its outputs and the fee, through the wallet's funding routine.
 * The raw transaction's inputs are kept, first and with what they carry; the added inputs are not signed.
 * Every funding failure is bitcoind's RPC_WALLET_ERROR (-4), insufficient funds included.
 */
public final class FundRawTransactionMethod extends WalletMethod {
    public FundRawTransactionMethod(WalletManager manager) {
        super(manager);
    }

    @Override
    public String name() {
        return "fundrawtransaction";
    }

    @Override
    public List<RpcParamSpec> params() {
        return List.of(RpcParamSpec.required("hexstring", RpcParamType.STR_HEX, "The hex string of the raw transaction"),
                RpcParamSpec.optional("options", RpcParamType.ANY, "For backward compatibility: passing in a true instead of an object will result in {\"includeWatching\":true}")
                        .withNamedOptions(FundingOptions.FUNDRAWTRANSACTION_OPTIONS),
                RpcParamSpec.withHint("iswitness", RpcParamType.BOOL, "depends on heuristic tests", "Whether the transaction hex is a serialized witness transaction."));
    }

    @Override
    public String description() {
        return "If the transaction has no inputs, they will be automatically selected to meet its out value.\n"
                + "It will add at most one change output to the outputs.\n"
                + "No existing outputs will be modified unless \"subtractFeeFromOutputs\" is specified.\n"
                + "Note that inputs which were signed may need to be resigned after completion since in/outputs have been added.\n"
                + "The inputs added will not be signed, use signrawtransactionwithkey\nor signrawtransactionwithwallet for that.\n"
                + "All existing inputs must either have their previous output transaction be in the wallet\nor be in the UTXO set. "
                + "Solving data must be provided for non-wallet inputs.";
    }

    @Override
    public String resultHelp() {
        return "{                     (json object)\n  \"hex\" : \"hex\",       (string) The resulting raw transaction (hex-encoded string)\n"
                + "  \"fee\" : n,           (numeric) Fee in BTC the resulting transaction pays\n"
                + "  \"changepos\" : n      (numeric) The position of the added change output, or -1\n}";
    }

    @Override
    public List<HelpExample> examples() {
        return List.of(new HelpExample("\"rawtransactionhex\"", "[\"rawtransactionhex\"]"));
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        Wallet w = WalletRpc.wallet(manager, request);
        boolean tryWitness = request.arg("iswitness").isNull() || request.arg("iswitness").asBool();
        boolean tryNoWitness = request.arg("iswitness").isNull() || !request.arg("iswitness").asBool();
        Transaction tx = RawTransactions.decode(request.arg("hexstring").asString(), tryNoWitness, tryWitness)
                .orElseThrow(() -> new RpcException(RpcErrorCode.DESERIALIZATION_ERROR, "TX decode failed"));
        if (tx.outputs().isEmpty()) throw RpcException.invalidParameter("TX must have at least one output");
        JsonNode options = request.arg("options").json();
        if (!options.isNull() && !options.isObject() && !options.isBoolean()) {
            throw RpcException.typeError("JSON value of type " + dev.blocksmith.rpc.json.JsonType.of(options).uniValueName()
                    + " is not of expected type object");
        }
        FundingRequest funding = FundingOptions.request(manager, w, tx, options, true);
        FundedTransaction funded;
        try {
            funded = w.fund(funding, manager::findCoin);
        } catch (WalletException e) {
            throw new RpcException(RpcErrorCode.WALLET_ERROR, e.getMessage());
        }
        ObjectNode o = RpcJson.object();
        o.put("hex", funded.tx().toHex());
        o.set("fee", WalletRpc.amount(funded.feeSats()));
        o.put("changepos", funded.changePosition());
        return o;
    }
}
