package dev.blocksmith.rpc.methods.wallet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.core.address.Address;
import dev.blocksmith.core.address.AddressFormatException;
import dev.blocksmith.core.psbt.Psbt;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.script.SignatureHasher;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
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
import dev.blocksmith.wallet.PsbtFunding;
import dev.blocksmith.wallet.Wallet;
import dev.blocksmith.wallet.WalletException;
import dev.blocksmith.wallet.WalletManager;
import dev.blocksmith.wallet.account.AddressType;
import dev.blocksmith.wallet.coinselection.FeeRate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code walletcreatefundedpsbt ( [inputs] ) [outputs] ( locktime options bip32derivs version )}: the
 * wallet as Creator and Updater: the outputs are funded from the wallet (around the given inputs), and the
 * unsigned PSBT carries the UTXOs, scripts and BIP32 origins of the wallet's inputs and change, ready for
 * a signer such as walletprocesspsbt or a hardware wallet.
 */
public final class WalletCreateFundedPsbtMethod extends WalletMethod {
    /** Options bitcoind knows that this wallet cannot honour: refused rather than ignored. */
    private static final Set<String> UNSUPPORTED = Set.of("include_unsafe", "minconf", "maxconf", "lockUnspents", "max_tx_weight", "solving_data");
    private static final Set<String> SUPPORTED = Set.of("add_inputs", "changeAddress", "changePosition", "change_type", "includeWatching",
            "fee_rate", "feeRate", "subtractFeeFromOutputs", "conf_target", "estimate_mode", "replaceable");

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
                RpcParamSpec.withDefault("locktime", RpcParamType.NUM, "0", "Raw locktime. Non-0 value also locktime-activates inputs"),
                RpcParamSpec.optional("options", RpcParamType.OBJ, "add_inputs, changeAddress, changePosition, change_type, includeWatching, "
                        + "fee_rate (sat/vB), feeRate (BTC/kvB), subtractFeeFromOutputs, conf_target, estimate_mode, replaceable"),
                RpcParamSpec.withDefault("bip32derivs", RpcParamType.BOOL, "true", "Include BIP 32 derivation paths for public keys if we know them"),
                RpcParamSpec.withDefault("version", RpcParamType.NUM, "2", "Transaction version"));
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
        JsonNode options = request.param(3).isNull() ? RpcJson.object() : request.param(3).asObject();
        for (Iterator<String> it = options.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (UNSUPPORTED.contains(k)) throw RpcException.invalidParameter("Option " + k + " is not supported by this wallet");
            if (!SUPPORTED.contains(k)) throw RpcException.typeError("Unexpected key " + k);
        }
        boolean replaceable = option(options, "replaceable").asBoolOr(SendToAddressMethod.DEFAULT_REPLACEABLE);
        JsonNode inputs = request.param(0).isNull() ? RpcJson.array() : request.param(0).asArray();
        Transaction raw = TransactionConstructor.construct(inputs, request.param(1).json(), request.param(2), replaceable, request.param(5),
                manager.params());

        Optional<Script> changeScript = Optional.empty();
        if (options.has("changeAddress")) {
            try {
                changeScript = Optional.of(Address.decode(option(options, "changeAddress").asString(), manager.params()).toScriptPubKey());
            } catch (AddressFormatException e) {
                throw new RpcException(RpcErrorCode.INVALID_ADDRESS_OR_KEY, "Change address must be a valid bitcoin address");
            }
        }
        AddressType changeType = AddressType.DEFAULT;
        if (options.has("change_type")) {
            if (changeScript.isPresent()) throw RpcException.invalidParameter("Cannot specify both change address and address type options");
            String t = option(options, "change_type").asString();
            changeType = AddressType.byRpcName(t).orElseThrow(() -> new RpcException(RpcErrorCode.INVALID_ADDRESS_OR_KEY, "Unknown change type '" + t + "'"));
        }
        Optional<Integer> changePosition = Optional.empty();
        if (options.has("changePosition")) {
            int pos = option(options, "changePosition").asInt();
            if (pos < 0 || pos > raw.outputs().size()) throw RpcException.invalidParameter("changePosition out of bounds");
            changePosition = Optional.of(pos);
        }
        Set<Integer> subtract = subtractFeeFrom(options, raw.outputs().size());
        FeeRate rate = feeRate(options);
        boolean addInputs = option(options, "add_inputs").asBoolOr(raw.inputs().isEmpty());
        List<PsbtFunding.PresetInput> preset = new ArrayList<>();
        for (TxIn in : raw.inputs()) preset.add(new PsbtFunding.PresetInput(in.prevout(), in.sequence()));

        PsbtFunding.Result funded;
        PsbtFill fill;
        try {
            funded = w.fundUnsigned(new PsbtFunding(raw.outputs(), subtract, preset, addInputs, changeScript, changeType, changePosition, rate,
                    replaceable, raw.lockTime(), raw.version()));
            fill = w.fillPsbt(Psbt.create(funded.tx()), SignatureHasher.SIGHASH_ALL, false, request.param(4).asBoolOr(true), true);
        } catch (WalletException e) {
            throw WalletRpc.toRpc(e);
        }
        ObjectNode out = RpcJson.object();
        out.put("psbt", PsbtBase64.encode(fill.psbt()));
        out.set("fee", WalletRpc.amount(funded.feeSats()));
        out.put("changepos", funded.changePosition());
        return out;
    }

    private static RpcParam option(JsonNode options, String key) {
        return new RpcParam(key, options.get(key));
    }

    /** bitcoind's subtractFeeFromOutputs checks: indexes of the outputs, each once. */
    private static Set<Integer> subtractFeeFrom(JsonNode options, int outputs) throws RpcException {
        Set<Integer> out = new HashSet<>();
        if (!options.has("subtractFeeFromOutputs")) return out;
        for (JsonNode n : option(options, "subtractFeeFromOutputs").asArray()) {
            int pos = new RpcParam("subtractFeeFromOutputs", n).asInt();
            if (!out.add(pos)) throw RpcException.invalidParameter("Invalid parameter, duplicated position: " + pos);
            if (pos < 0) throw RpcException.invalidParameter("Invalid parameter, negative position: " + pos);
            if (pos >= outputs) throw RpcException.invalidParameter("Invalid parameter 'subtract fee from output', position too large: " + pos);
        }
        return out;
    }

    /** fee_rate (sat/vB) or feeRate (BTC/kvB), else the wallet's estimate for conf_target, else the fallback rate. */
    private FeeRate feeRate(JsonNode options) throws RpcException {
        if (options.has("feeRate")) {
            if (options.has("fee_rate")) throw RpcException.invalidParameter("Cannot specify both fee_rate (sat/vB) and feeRate (BTC/kvB)");
            if (options.has("conf_target")) {
                throw RpcException.invalidParameter("Cannot specify both conf_target and feeRate. Please provide either a confirmation target in "
                        + "blocks for automatic fee estimation, or an explicit fee rate.");
            }
            if (options.has("estimate_mode")) throw RpcException.invalidParameter("Cannot specify both estimate_mode and feeRate");
            return new FeeRate(option(options, "feeRate").asAmount().sats());
        }
        return SendToAddressMethod.feeChoice(manager, option(options, "conf_target"), option(options, "estimate_mode"),
                option(options, "fee_rate")).rate();
    }
}
