package dev.blocksmith.rpc.methods.wallet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import dev.blocksmith.wallet.Wallet;
import dev.blocksmith.wallet.WalletManager;
import java.util.List;
import java.util.Set;

/**
 * {@code setwalletflag "flag" ( value )}: turns a wallet flag on or off. Only avoid_reuse may change (bitcoind's
 * MUTABLE_WALLET_FLAGS); the others are named as immutable. bitcoind warns, on turning avoid_reuse on, that a rescan
 * is needed to mark the addresses spent from before; Blocksmith works them out from the wallet's transactions, so
 * there is nothing to warn about.
 */
public final class SetWalletFlagMethod extends WalletMethod {
    /** bitcoind's WALLET_FLAG_MAP names. */
    private static final Set<String> KNOWN = Set.of("avoid_reuse", "blank_wallet", "key_origin_metadata", "last_hardened_xpub_cached",
            "disable_private_keys", "descriptor_wallet", "external_signer");

    public SetWalletFlagMethod(WalletManager manager) {
        super(manager);
    }

    @Override
    public String name() {
        return "setwalletflag";
    }

    @Override
    public List<RpcParamSpec> params() {
        return List.of(
                RpcParamSpec.required("flag", RpcParamType.STR, "The name of the flag to change. Current available flags: avoid_reuse"),
                RpcParamSpec.withDefault("value", RpcParamType.BOOL, true, "The new state."));
    }

    @Override
    public String description() {
        return "Change the state of the given wallet flag for a wallet.";
    }

    @Override
    public String resultHelp() {
        return "{                               (json object)\n  \"flag_name\" : \"str\",          (string) The name of the flag that was modified\n"
                + "  \"flag_state\" : true|false,    (boolean) The new state of the flag\n"
                + "  \"warnings\" : \"str\"            (string, optional) Any warnings associated with the change\n}";
    }

    @Override
    public List<HelpExample> examples() {
        return List.of(new HelpExample("avoid_reuse", "[\"avoid_reuse\"]"));
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        Wallet w = WalletRpc.wallet(manager, request);
        String flag = request.arg("flag").asString();
        boolean value = request.arg("value").asBool();
        if (!KNOWN.contains(flag)) throw RpcException.invalidParameter("Unknown wallet flag: " + flag);
        if (!flag.equals("avoid_reuse")) throw RpcException.invalidParameter("Wallet flag is immutable: " + flag);
        if (w.flags().avoidReuse() == value) throw RpcException.invalidParameter("Wallet flag is already set to " + value + ": " + flag);
        WalletRpc.run(() -> w.setAvoidReuse(value));
        ObjectNode out = RpcJson.object();
        out.put("flag_name", flag);
        out.put("flag_state", value);
        return out;
    }
}
