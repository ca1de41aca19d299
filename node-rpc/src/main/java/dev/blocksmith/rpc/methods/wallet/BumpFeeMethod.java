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
import dev.blocksmith.wallet.CreatedTransaction;
import dev.blocksmith.wallet.Wallet;
import dev.blocksmith.wallet.WalletException;
import dev.blocksmith.wallet.WalletManager;
import dev.blocksmith.wallet.store.WalletStoreException;
import dev.blocksmith.wallet.coinselection.FeeRate;
import java.util.List;
import java.util.Optional;

/**
 * {@code bumpfee "txid" ( options )}: replace an unconfirmed wallet payment by one paying more fee out of
 * its change (BIP125 replacement; every wallet transaction is replaceable under full RBF).
 */
public final class BumpFeeMethod extends WalletMethod {
    /** bitcoind's DEFAULT_INCREMENTAL_RELAY_FEE: 100 sat/kvB in 30.0. */
    static final FeeRate INCREMENTAL_RELAY_FEE = new FeeRate(100);

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
                RpcParamSpec.optional("options", RpcParamType.OBJ, "{ \"conf_target\": n, \"fee_rate\": amount (sat/vB), \"replaceable\": bool, \"estimate_mode\": \"str\" }")
                        // bitcoind's OBJ_NAMED_PARAMS: the option keys may also be passed as named arguments.
                        .withNamedOptions(List.of(new RpcParamSpec.NamedOption("conf_target", RpcParamType.NUM), new RpcParamSpec.NamedOption("fee_rate", RpcParamType.AMOUNT),
                                new RpcParamSpec.NamedOption("replaceable", RpcParamType.BOOL), new RpcParamSpec.NamedOption("estimate_mode", RpcParamType.STR),
                                new RpcParamSpec.NamedOption("outputs", RpcParamType.ARR), new RpcParamSpec.NamedOption("original_change_index", RpcParamType.NUM))));
    }

    /** The fee rate the options ask for: explicit (refused when too low) or estimated (raised to the minimum). */
    record Rates(Optional<FeeRate> explicit, FeeRate estimated) {
    }

    static Rates rates(WalletManager manager, Wallet w, RpcRequest request) throws RpcException {
        JsonNode options = request.arg("options").isPresent() ? request.arg("options").asObject() : RpcJson.object();
        RpcParam confTarget = new RpcParam("conf_target", options.path("conf_target").isMissingNode() ? null : options.get("conf_target"));
        RpcParam estimateMode = new RpcParam("estimate_mode", options.path("estimate_mode").isMissingNode() ? null : options.get("estimate_mode"));
        RpcParam feeRate = new RpcParam("fee_rate", options.path("fee_rate").isMissingNode() ? null : options.get("fee_rate"));
        SendToAddressMethod.FeeChoice choice = SendToAddressMethod.feeChoice(manager, w, confTarget, estimateMode, feeRate);
        return new Rates(feeRate.isNull() ? Optional.empty() : Optional.of(choice.rate()), choice.rate());
    }

    @Override
    public String description() {
        return "Bumps the fee of a transaction T, replacing it with a new transaction B.\n"
                + "A wallet transaction with a change output is replaced; the fee comes out of the change.";
    }

    @Override
    public String resultHelp() {
        return "{ \"txid\" : \"hex\", \"origfee\" : n, \"fee\" : n, \"errors\" : [ \"str\", ... ] }";
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        Wallet w = WalletRpc.wallet(manager, request);
        Sha256Hash txid = request.arg("txid").asHash();
        Rates rates = rates(manager, w, request);
        long origFee = w.transaction(txid).flatMap(t -> w.fee(t.tx())).orElse(0L);
        try {
            CreatedTransaction bumped = w.bumpFee(txid, rates.explicit(), rates.estimated(), INCREMENTAL_RELAY_FEE, manager.broadcaster());
            ObjectNode o = RpcJson.object();
            o.put("txid", bumped.tx().txid().toHex());
            o.set("origfee", RpcJson.amount(Amount.ofSats(origFee)));
            o.set("fee", RpcJson.amount(Amount.ofSats(bumped.feeSats())));
            o.putArray("errors");
            return o;
        } catch (WalletException e) {
            throw WalletRpc.toRpc(e);
        } catch (WalletStoreException e) {
            throw WalletRpc.storeError(e);
        }
    }
}
