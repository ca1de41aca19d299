package dev.blocksmith.rpc.methods.wallet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import dev.blocksmith.wallet.HdWallet;
import dev.blocksmith.wallet.Wallet;
import dev.blocksmith.wallet.WalletManager;
import dev.blocksmith.wallet.descriptor.Descriptor;
import dev.blocksmith.wallet.keystore.WalletLockedException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code listdescriptors ( private )}: every descriptor of the wallet, sorted by its string as bitcoind sorts;
 * public ones in normalized form, private ones as imported (the seed's as master key and full path).
 */
public final class ListDescriptorsMethod extends WalletMethod {
    public ListDescriptorsMethod(WalletManager manager) {
        super(manager);
    }

    @Override
    public String name() {
        return "listdescriptors";
    }

    @Override
    public List<RpcParamSpec> params() {
        return List.of(RpcParamSpec.withDefault("private", RpcParamType.BOOL, false, "Show private descriptors."));
    }

    @Override
    public String description() {
        return "List all descriptors present in a wallet.";
    }

    @Override
    public String resultHelp() {
        return "{                                 (json object)\n  \"wallet_name\" : \"str\",          (string) Name of wallet this operation was performed on\n  \"descriptors\" : [               (json array) Array of descriptor objects (sorted by descriptor string representation)\n    {                             (json object)\n      \"desc\" : \"str\",             (string) Descriptor string representation\n      \"timestamp\" : n,            (numeric) The creation time of the descriptor\n      \"active\" : true|false,      (boolean) Whether this descriptor is currently used to generate new addresses\n      \"internal\" : true|false,    (boolean, optional) True if this descriptor is used to generate change addresses. False if this descriptor is used to generate receiving addresses; defined only for active descriptors\n      \"range\" : [                 (json array, optional) Defined only for ranged descriptors\n        n,                        (numeric) Range start inclusive\n        n                         (numeric) Range end inclusive\n      ],\n      \"next\" : n,                 (numeric, optional) Same as next_index field. Kept for compatibility reason.\n      \"next_index\" : n            (numeric, optional) The next index to generate addresses from; defined only for ranged descriptors\n    },\n    ...\n  ]\n}";
    }

    private record Row(String desc, HdWallet.DescriptorStatus status) {
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        Wallet w = WalletRpc.wallet(manager, request);
        boolean priv = request.arg("private").asBool();
        // Knots 29.4's wording for private=true on a watch-only wallet (ExportDescriptors fails to get the string).
        if (priv && w.flags().privateKeysDisabled()) throw new RpcException(RpcErrorCode.WALLET_ERROR, "Can't get descriptor string.");
        if (priv && w.isLocked()) throw WalletRpc.unlockNeeded();
        List<Row> rows = new ArrayList<>();
        for (HdWallet.DescriptorStatus s : w.keys().descriptorStatuses()) {
            String text = s.descriptor().descriptor().toString();
            if (priv) {
                try {
                    text = w.keys().privateDescriptor(s.descriptor().id()).map(Descriptor::toPrivateString)
                            .orElseThrow(() -> new RpcException(RpcErrorCode.WALLET_ERROR, "Can't get descriptor string."));
                } catch (WalletLockedException e) {
                    throw WalletRpc.unlockNeeded();
                }
            }
            rows.add(new Row(text, s));
        }
        rows.sort(Comparator.comparing(Row::desc));
        ObjectNode o = RpcJson.object();
        o.put("wallet_name", w.name());
        ArrayNode arr = o.putArray("descriptors");
        for (Row r : rows) {
            HdWallet.DescriptorStatus s = r.status();
            ObjectNode e = arr.addObject();
            e.put("desc", r.desc());
            e.put("timestamp", s.descriptor().creationTime());
            e.put("active", s.activeIn().isPresent());
            s.activeIn().ifPresent(slot -> e.put("internal", slot.internal()));
            if (s.descriptor().descriptor().isRange()) {
                e.putArray("range").add(s.rangeStart()).add(s.rangeEnd());
                e.put("next", s.next());
                e.put("next_index", s.next());
            }
        }
        return o;
    }
}
