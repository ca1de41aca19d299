package dev.blocksmith.rpc.methods.wallet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.RpcParam;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import dev.blocksmith.wallet.HdKeys;
import dev.blocksmith.wallet.Wallet;
import dev.blocksmith.wallet.WalletManager;
import dev.blocksmith.wallet.account.AddressType;
import java.util.List;
import java.util.Optional;

/**
 * {@code createwalletdescriptor "type" ( {"internal":bool,"hdkey":"str",...} )}: new active account descriptors of a
 * BIP32 key the wallet holds (see {@link HdKeys}).
 */
public final class CreateWalletDescriptorMethod extends WalletMethod {
    public CreateWalletDescriptorMethod(WalletManager manager) {
        super(manager);
    }

    @Override
    public String name() {
        return "createwalletdescriptor";
    }

    @Override
    public List<RpcParamSpec> params() {
        return List.of(RpcParamSpec.required("type", RpcParamType.STR,
                        "The address type the descriptor will produce. Options are \"legacy\", \"p2sh-segwit\", \"bech32\", \"bech32m\"."),
                RpcParamSpec.optional("options", RpcParamType.OBJ, "{ \"internal\": bool, \"hdkey\": \"str\" }")
                        .withNamedOptions(List.of(new RpcParamSpec.NamedOption("internal", RpcParamType.BOOL),
                                new RpcParamSpec.NamedOption("hdkey", RpcParamType.STR))));
    }

    @Override
    public String description() {
        return "Creates the wallet's descriptor for the given address type. The address type must be one that the wallet does not already have a "
                + "descriptor for.\nRequires wallet passphrase to be set with walletpassphrase call if wallet is encrypted.";
    }

    @Override
    public String resultHelp() {
        return """
                {                       (json object)
                  "descs" : [           (json array) The public descriptors that were added to the wallet
                    "str",              (string)
                    ...
                  ]
                }""";
    }

    @Override
    public List<HelpExample> examples() {
        return List.of(new HelpExample("bech32m", "[\"bech32m\"]"));
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        Wallet w = WalletRpc.wallet(manager, request);
        String typeName = request.arg("type").asString();
        AddressType type = AddressType.byRpcName(typeName)
                .orElseThrow(() -> new RpcException(RpcErrorCode.INVALID_ADDRESS_OR_KEY, "Unknown address type '" + typeName + "'"));
        JsonNode options = request.arg("options").isPresent() ? request.arg("options").asObject() : RpcJson.object();
        RpcParam internalOpt = new RpcParam("internal", options.get("internal"));
        Optional<Boolean> internal = internalOpt.isNull() ? Optional.empty() : Optional.of(internalOpt.asBool());
        RpcParam hdkeyOpt = new RpcParam("hdkey", options.get("hdkey"));
        Optional<String> hdkey = hdkeyOpt.isNull() ? Optional.empty() : Optional.of(hdkeyOpt.asString());
        long now = manager.chain().tip().index().medianTimePast();
        List<String> descs = WalletRpc.call(() -> HdKeys.createDescriptors(w, type, internal, hdkey, now));
        ObjectNode o = RpcJson.object();
        ArrayNode arr = o.putArray("descs");
        descs.forEach(arr::add);
        return o;
    }
}
