package dev.blocksmith.rpc.methods.wallet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.RpcRequest;
import dev.blocksmith.wallet.AddressGroupings;
import dev.blocksmith.wallet.Wallet;
import dev.blocksmith.wallet.WalletManager;
import java.util.List;

/** {@code listaddressgroupings}: our addresses grouped by common ownership made public (see {@link AddressGroupings}). */
public final class ListAddressGroupingsMethod extends WalletMethod {
    public ListAddressGroupingsMethod(WalletManager manager) {
        super(manager);
    }

    @Override
    public String name() {
        return "listaddressgroupings";
    }

    @Override
    public String description() {
        return "Lists groups of addresses which have had their common ownership\n"
                + "made public by common use as inputs or as the resulting change\n"
                + "in past transactions";
    }

    @Override
    public String resultHelp() {
        return """
                [               (json array)
                  [             (json array)
                    [           (json array)
                      "str",    (string) The bitcoin address
                      n,        (numeric) The amount in BTC
                      "str"     (string, optional) The label
                    ],
                    ...
                  ],
                  ...
                ]""";
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        Wallet w = WalletRpc.wallet(manager, request);
        ArrayNode out = RpcJson.array();
        for (List<AddressGroupings.Member> group : AddressGroupings.of(w)) {
            ArrayNode g = out.addArray();
            for (AddressGroupings.Member m : group) {
                ArrayNode a = g.addArray();
                a.add(m.address().encode());
                a.add(WalletRpc.amount(m.balance()));
                m.label().ifPresent(a::add);
            }
        }
        return out;
    }
}
