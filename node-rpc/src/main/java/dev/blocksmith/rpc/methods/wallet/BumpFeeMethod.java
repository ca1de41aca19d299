package dev.blocksmith.rpc.methods.wallet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.core.primitives.Amount;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.RpcParam;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import dev.blocksmith.core.tx.TxOut;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.json.JsonType;
import dev.blocksmith.rpc.methods.rawtransactions.TransactionConstructor;
import dev.blocksmith.wallet.FeeBumpRequest;
import dev.blocksmith.wallet.Wallet;
import dev.blocksmith.wallet.WalletException;
import dev.blocksmith.wallet.WalletManager;
import dev.blocksmith.wallet.store.WalletStoreException;
import dev.blocksmith.wallet.coinselection.FeeRate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * {@code bumpfee "txid" ( options )}: replace an unconfirmed wallet transaction by one paying a higher fee rate, funded
 * anew from all its inputs (and more coins when needed), with its payments or the new outputs asked for (BIP125
 * replacement; every wallet transaction is replaceable under full RBF). The wallet plans the replacement
 * ({@link Wallet#bumpFee}); this reads bitcoind's arguments.
 */
public final class BumpFeeMethod extends WalletMethod {
    public BumpFeeMethod(WalletManager manager) {
        super(manager);
    }

    @Override
    public String name() {
        return "bumpfee";
    }

    @Override
    public List<RpcParamSpec> params() {
        return declarations();
    }

    /** bumpfee's and psbtbumpfee's arguments (bitcoind's shared FeeBumpArgs). */
    static List<RpcParamSpec> declarations() {
        return List.of(RpcParamSpec.required("txid", RpcParamType.STR_HEX, "The txid to be bumped"),
                RpcParamSpec.optional("options", RpcParamType.OBJ, "{ \"conf_target\": n, \"fee_rate\": amount (sat/vB), \"replaceable\": bool, \"estimate_mode\": \"str\", "
                        + "\"outputs\": [{\"address\": amount}, {\"data\": \"hex\"}, ...], \"original_change_index\": n }")
                        // bitcoind's OBJ_NAMED_PARAMS: the option keys may also be passed as named arguments.
                        .withNamedOptions(List.of(new RpcParamSpec.NamedOption("conf_target", RpcParamType.NUM), new RpcParamSpec.NamedOption("fee_rate", RpcParamType.AMOUNT),
                                new RpcParamSpec.NamedOption("replaceable", RpcParamType.BOOL), new RpcParamSpec.NamedOption("estimate_mode", RpcParamType.STR),
                                new RpcParamSpec.NamedOption("outputs", RpcParamType.ANY), new RpcParamSpec.NamedOption("original_change_index", RpcParamType.NUM))));
    }

    /** The option keys bitcoind's RPCTypeCheckObj accepts, with their types (null: any, checked later). */
    private static final Map<String, JsonType> OPTION_TYPES;

    static {
        Map<String, JsonType> m = new LinkedHashMap<>();
        m.put("confTarget", JsonType.NUMBER);
        m.put("conf_target", JsonType.NUMBER);
        m.put("fee_rate", null);
        m.put("replaceable", JsonType.BOOL);
        m.put("estimate_mode", JsonType.STRING);
        m.put("outputs", null);
        m.put("original_change_index", JsonType.NUMBER);
        OPTION_TYPES = java.util.Collections.unmodifiableMap(m);
    }

    /** bumpfee's and psbtbumpfee's arguments read as bitcoind's bumpfee_helper reads them. */
    static FeeBumpRequest bumpRequest(WalletManager manager, Wallet w, RpcRequest request) throws RpcException {
        Sha256Hash txid = request.arg("txid").asHash();
        JsonNode options = request.arg("options").isPresent() ? request.arg("options").asObject() : RpcJson.object();
        var keys = options.fieldNames();
        while (keys.hasNext()) {
            String k = keys.next();
            if (!OPTION_TYPES.containsKey(k)) throw RpcException.typeError("Unexpected key " + k);
            JsonType expected = OPTION_TYPES.get(k);
            JsonNode v = options.get(k);
            if (expected != null && !v.isNull() && JsonType.of(v) != expected) {
                throw RpcException.typeError("JSON value of type " + JsonType.of(v).uniValueName() + " for field " + k
                        + " is not of expected type " + expected.uniValueName());
            }
        }
        if (options.has("confTarget") && options.has("conf_target")) {
            throw RpcException.invalidParameter("confTarget and conf_target options should not both be set. Use conf_target (confTarget is deprecated).");
        }
        RpcParam confTarget = param(options, options.has("confTarget") ? "confTarget" : "conf_target");
        boolean replaceable = param(options, "replaceable").asBoolOr(true);
        RpcParam feeRate = param(options, "fee_rate");
        SendToAddressMethod.FeeChoice choice = SendToAddressMethod.feeChoice(manager, w, confTarget, param(options, "estimate_mode"), feeRate);
        List<TxOut> outputs = List.of();
        JsonNode given = options.path("outputs");
        if (!given.isMissingNode() && !given.isNull()) {
            if (given.isArray() && given.isEmpty()) throw RpcException.invalidParameter("Invalid parameter, output argument cannot be an empty array");
            outputs = TransactionConstructor.construct(RpcJson.array(), given, 0, true, 2, manager.params()).outputs();
        }
        OptionalInt changeIndex = OptionalInt.empty();
        if (options.has("original_change_index") && !options.get("original_change_index").isNull()) {
            long index = param(options, "original_change_index").asLong();
            // bitcoind reads it with getInt<uint32_t>.
            if (index < 0 || index > 0xffffffffL) throw new RpcException(RpcErrorCode.MISC_ERROR, "JSON integer out of range");
            changeIndex = OptionalInt.of((int) Math.min(index, Integer.MAX_VALUE));
        }
        Optional<FeeRate> explicit = feeRate.isNull() ? Optional.empty() : Optional.of(choice.rate());
        return new FeeBumpRequest(txid, explicit, choice.rate(), replaceable, outputs, changeIndex, manager.feeSnipingLockTime(w));
    }

    private static RpcParam param(JsonNode options, String key) {
        return new RpcParam(key, options.has(key) ? options.get(key) : null);
    }

    @Override
    public String description() {
        return "Bumps the fee of a transaction T, replacing it with a new transaction B.\n"
                + "The command will pay the additional fee by reducing change outputs or adding inputs when necessary.\n"
                + "It may add a new change output if one does not already exist.\n"
                + "All inputs in the original transaction will be included in the replacement transaction.";
    }

    @Override
    public String resultHelp() {
        return "{ \"txid\" : \"hex\", \"origfee\" : n, \"fee\" : n, \"errors\" : [ \"str\", ... ] }";
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        Wallet w = WalletRpc.wallet(manager, request);
        if (w.flags().privateKeysDisabled()) {
            throw new RpcException(RpcErrorCode.WALLET_ERROR, "bumpfee is not available with wallets that have private keys disabled. Use psbtbumpfee instead.");
        }
        FeeBumpRequest bump = bumpRequest(manager, w, request);
        try {
            Wallet.FeeBumpResult bumped = w.bumpFee(bump, manager::findCoin, manager.broadcaster());
            ObjectNode o = RpcJson.object();
            o.put("txid", bumped.replacement().txid().toHex());
            o.set("origfee", RpcJson.amount(Amount.ofSats(bumped.oldFee())));
            o.set("fee", RpcJson.amount(Amount.ofSats(bumped.newFee())));
            o.putArray("errors");
            return o;
        } catch (WalletException e) {
            throw WalletRpc.toRpc(e);
        } catch (WalletStoreException e) {
            throw WalletRpc.storeError(e);
        }
    }
}
