package dev.blocksmith.rpc.methods.wallet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.core.psbt.Psbt;
import dev.blocksmith.core.script.SignatureHasher;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.RpcParam;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import dev.blocksmith.rpc.methods.rawtransactions.PsbtBase64;
import dev.blocksmith.rpc.methods.rawtransactions.TransactionConstructor;
import dev.blocksmith.wallet.PsbtFill;
import dev.blocksmith.wallet.Wallet;
import dev.blocksmith.wallet.WalletException;
import dev.blocksmith.wallet.WalletManager;
import dev.blocksmith.wallet.funding.FundedTransaction;
import dev.blocksmith.wallet.funding.FundingRequest;
import java.util.List;

/**
 * {@code walletcreatefundedpsbt ( [inputs] ) [outputs] ( locktime options bip32derivs version )}: the
 * wallet as Creator and Updater: the outputs are funded from the wallet (around the given inputs), and the
 * unsigned PSBT carries the UTXOs, scripts and BIP32 origins of the wallet's inputs and change, ready for
 * a signer such as walletprocesspsbt or a hardware wallet. Funding is fundrawtransaction's routine and
 * options; its failures are RPC_WALLET_ERROR (-4) as there.
 */
public final class WalletCreateFundedPsbtMethod extends WalletMethod {
    public WalletCreateFundedPsbtMethod(WalletManager manager) {
        super(manager);
    }

    @Override
    public String name() {
        return "walletcreatefundedpsbt";
    }

    @Override
    public List<RpcParamSpec> params() {
        return List.of(RpcParamSpec.optional("inputs", RpcParamType.ARR, "Leave empty to add inputs automatically: [{\"txid\":\"hex\",\"vout\":n,\"sequence\":n},...]"),
                RpcParamSpec.required("outputs", RpcParamType.ANY, "The outputs: [{\"address\":amount},{\"data\":\"hex\"},...] or one object"),
                RpcParamSpec.withDefault("locktime", RpcParamType.NUM, 0, "Raw locktime. Non-0 value also locktime-activates inputs"),
                RpcParamSpec.optional("options", RpcParamType.OBJ, "fundrawtransaction's options: add_inputs, include_unsafe, changeAddress, "
                        + "changePosition, change_type, includeWatching, lockUnspents, fee_rate (sat/vB), feeRate (BTC/kvB), subtractFeeFromOutputs, "
                        + "replaceable, conf_target, estimate_mode, minconf, maxconf, solving_data, max_tx_weight").withNamedOptions(FundingOptions.WALLETCREATEFUNDEDPSBT_OPTIONS),
                RpcParamSpec.withDefault("bip32derivs", RpcParamType.BOOL, true, "Include BIP 32 derivation paths for public keys if we know them"),
                RpcParamSpec.withDefault("version", RpcParamType.NUM, 2, "Transaction version"));
    }

    @Override
    public String description() {
        return "Creates and funds a transaction in the Partially Signed Transaction format.\n"
                + "Implements the Creator and Updater roles.\nAll existing inputs must either have their previous output transaction be in the wallet.";
    }

    @Override
    public String resultHelp() {
        return """
                Result:
                {                       (json object)
                  "psbt" : "str",       (string) The resulting raw transaction (base64-encoded string)
                  "fee" : n,            (numeric) Fee in BTC the resulting transaction pays
                  "changepos" : n       (numeric) The position of the added change output, or -1
                }""";
    }

    @Override
    public List<HelpExample> examples() {
        return List.of(new HelpExample("\"[{\\\"txid\\\":\\\"myid\\\",\\\"vout\\\":0}]\" \"[{\\\"data\\\":\\\"00010203\\\"}]\"",
                "[[{\"txid\":\"myid\",\"vout\":0}], [{\"data\":\"00010203\"}]]"));
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        Wallet w = WalletRpc.wallet(manager, request);
        ObjectNode options = request.arg("options").isNull() ? RpcJson.object() : request.arg("options").asObject().deepCopy();
        JsonNode inputs = request.arg("inputs").isNull() ? RpcJson.array() : request.arg("inputs").asArray();
        moveInputWeights(inputs, options);
        boolean replaceable = new RpcParam("replaceable", options.get("replaceable")).asBoolOr(manager.policy().walletRbf());
        Transaction raw = TransactionConstructor.construct(inputs, request.arg("outputs").json(), request.arg("locktime").asLong(), replaceable,
                request.arg("version").asLong(),
                manager.params());
        // Core adds wallet coins by default only when no inputs are given (coin_control.m_allow_other_inputs).
        FundingRequest funding = FundingOptions.request(manager, w, raw, options, raw.inputs().isEmpty());
        FundedTransaction funded;
        try {
            funded = w.fund(funding, manager::findCoin);
        } catch (WalletException e) {
            throw new RpcException(RpcErrorCode.WALLET_ERROR, e.getMessage());
        }
        PsbtFill fill;
        try {
            fill = w.fillPsbt(Psbt.create(funded.tx()), SignatureHasher.SIGHASH_DEFAULT, false, request.arg("bip32derivs").asBool(), true);
        } catch (WalletException e) {
            throw WalletRpc.toRpc(e);
        }
        ObjectNode out = RpcJson.object();
        out.put("psbt", PsbtBase64.encode(fill.psbt()));
        out.set("fee", WalletRpc.amount(funded.feeSats()));
        out.put("changepos", funded.changePosition());
        return out;
    }

    /**
     * Core's SetOptionsInputWeights: a "weight" given with an input becomes an input_weights entry, which
     * must then not be given in the options as well.
     */
    static void moveInputWeights(JsonNode inputs, ObjectNode options) throws RpcException {
        if (options.has("input_weights")) {
            throw RpcException.invalidParameter("Input weights should be specified in inputs rather than in options.");
        }
        ArrayNode weights = RpcJson.array();
        for (JsonNode in : inputs) {
            if (!in.has("weight")) continue;
            ObjectNode entry = RpcJson.object();
            entry.set("txid", in.get("txid"));
            entry.set("vout", in.get("vout"));
            entry.set("weight", in.get("weight"));
            weights.add(entry);
        }
        if (!weights.isEmpty()) options.set("input_weights", weights);
    }
}
