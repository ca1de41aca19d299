package dev.blocksmith.rpc.methods.wallet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.methods.rawtransactions.PsbtBase64;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcRequest;
import dev.blocksmith.wallet.FeeBumpRequest;
import dev.blocksmith.wallet.Wallet;
import dev.blocksmith.wallet.WalletManager;
import java.util.List;

/**
 * {@code psbtbumpfee "txid" ( options )}: the fee bump bumpfee would make, as an unsigned PSBT for an external
 * signer (watch-only wallets included); the wallet records nothing until the signed replacement is broadcast.
 */
public final class PsbtBumpFeeMethod extends WalletMethod {
    public PsbtBumpFeeMethod(WalletManager manager) {
        super(manager);
    }

    @Override
    public String name() {
        return "psbtbumpfee";
    }

    @Override
    public List<RpcParamSpec> params() {
        return BumpFeeMethod.declarations();
    }

    @Override
    public String description() {
        return "Bumps the fee of a transaction T, replacing it with a new transaction B.\n"
                + "Returns a PSBT instead of creating and signing a new transaction.\n"
                + "The command will pay the additional fee by reducing change outputs or adding inputs when necessary.\n"
                + "All inputs in the original transaction will be included in the replacement transaction.";
    }

    @Override
    public String resultHelp() {
        return """
                {                    (json object)
                  "psbt" : "str",    (string) The base64-encoded unsigned PSBT of the new transaction.
                  "origfee" : n,     (numeric) The fee of the replaced transaction.
                  "fee" : n,         (numeric) The fee of the new transaction.
                  "errors" : [       (json array) Errors encountered during processing (may be empty).
                    "str",           (string)
                    ...
                  ]
                }""";
    }

    @Override
    public List<HelpExample> examples() {
        return List.of(new HelpExample("<txid>", "[\"<txid>\"]"));
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        Wallet w = WalletRpc.wallet(manager, request);
        FeeBumpRequest bumpRequest = BumpFeeMethod.bumpRequest(manager, w, request);
        Wallet.FeeBumpPsbt bump = WalletRpc.call(() -> w.bumpFeePsbt(bumpRequest, manager::findCoin, manager.broadcaster()));
        ObjectNode o = RpcJson.object();
        o.put("psbt", PsbtBase64.encode(bump.psbt()));
        o.set("origfee", WalletRpc.amount(bump.oldFee()));
        o.set("fee", WalletRpc.amount(bump.newFee()));
        o.putArray("errors");
        return o;
    }
}
