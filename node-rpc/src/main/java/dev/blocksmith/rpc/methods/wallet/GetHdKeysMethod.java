package dev.blocksmith.rpc.methods.wallet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.RpcParam;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import dev.blocksmith.wallet.HdKeys;
import dev.blocksmith.wallet.Wallet;
import dev.blocksmith.wallet.WalletManager;
import java.util.List;

/** {@code gethdkeys ( {"active_only":bool,"private":bool,...} )}: the wallet's BIP32 keys (see {@link HdKeys}). */
public final class GetHdKeysMethod extends WalletMethod {
    public GetHdKeysMethod(WalletManager manager) {
        super(manager);
    }

    @Override
    public String name() {
        return "gethdkeys";
    }

    @Override
    public List<RpcParamSpec> params() {
        return List.of(RpcParamSpec.optional("options", RpcParamType.OBJ, "{ \"active_only\": bool, \"private\": bool }")
                .withNamedOptions(List.of(new RpcParamSpec.NamedOption("active_only", RpcParamType.BOOL),
                        new RpcParamSpec.NamedOption("private", RpcParamType.BOOL))));
    }

    @Override
    public String description() {
        return "List all BIP 32 HD keys in the wallet and which descriptors use them.";
    }

    @Override
    public String resultHelp() {
        return """
                [                            (json array)
                  {                          (json object)
                    "xpub" : "str",          (string) The extended public key
                    "has_private" : true|false,    (boolean) Whether the wallet has the private key for this xpub
                    "xprv" : "str",          (string, optional) The extended private key if "private" is true
                    "descriptors" : [        (json array) Array of descriptor objects that use this HD key
                      {                      (json object)
                        "desc" : "str",      (string) Descriptor string representation
                        "active" : true|false    (boolean) Whether this descriptor is currently used to generate new addresses
                      },
                      ...
                    ]
                  },
                  ...
                ]""";
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        Wallet w = WalletRpc.wallet(manager, request);
        JsonNode options = request.arg("options").isPresent() ? request.arg("options").asObject() : RpcJson.object();
        boolean activeOnly = new RpcParam("active_only", options.get("active_only")).asBoolOr(false);
        boolean priv = new RpcParam("private", options.get("private")).asBoolOr(false);
        List<HdKeys.HdKey> keys = WalletRpc.call(() -> HdKeys.list(w, activeOnly, priv));
        ArrayNode out = RpcJson.array();
        for (HdKeys.HdKey k : keys) {
            ObjectNode o = out.addObject();
            o.put("xpub", k.xpub().serializePublic(manager.params()));
            o.put("has_private", k.hasPrivate());
            if (priv) k.xprv().ifPresent(x -> o.put("xprv", x.serialize(manager.params())));
            ArrayNode descs = o.putArray("descriptors");
            for (HdKeys.Use u : k.descriptors()) {
                ObjectNode d = descs.addObject();
                d.put("desc", u.descriptor());
                d.put("active", u.active());
            }
        }
        return out;
    }
}
