package dev.blocksmith.rpc.methods.wallet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.core.address.Address;
import dev.blocksmith.core.address.AddressFormatException;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import dev.blocksmith.wallet.ReceivedTally;
import dev.blocksmith.wallet.Wallet;
import dev.blocksmith.wallet.WalletManager;
import java.util.List;
import java.util.Optional;

/**
 * {@code listreceivedbyaddress ( minconf include_empty include_watchonly "address_filter" include_immature_coinbase )}:
 * what each address of the address book received (see {@link ReceivedTally}), the deposit reconciliation call.
 */
public final class ListReceivedByAddressMethod extends WalletMethod {
    public ListReceivedByAddressMethod(WalletManager manager) {
        super(manager);
    }

    @Override
    public String name() {
        return "listreceivedbyaddress";
    }

    @Override
    public List<RpcParamSpec> params() {
        return List.of(RpcParamSpec.withDefault("minconf", RpcParamType.NUM, 1, "The minimum number of confirmations before payments are included."),
                RpcParamSpec.withDefault("include_empty", RpcParamType.BOOL, false, "Whether to include addresses that haven't received any payments."),
                RpcParamSpec.withDefault("include_watchonly", RpcParamType.BOOL, false, "(DEPRECATED) No longer used"),
                RpcParamSpec.optional("address_filter", RpcParamType.STR, "If present and non-empty, only return information on this address."),
                RpcParamSpec.withDefault("include_immature_coinbase", RpcParamType.BOOL, false, "Include immature coinbase transactions."));
    }

    @Override
    public String description() {
        return "List balances by receiving address.";
    }

    @Override
    public String resultHelp() {
        return """
                [                                        (json array)
                  {                                      (json object)
                    "address" : "str",                   (string) The receiving address
                    "amount" : n,                        (numeric) The total amount in BTC received by the address
                    "confirmations" : n,                 (numeric) The number of confirmations of the most recent transaction included
                    "label" : "str",                     (string) The label of the receiving address. The default label is ""
                    "txids" : [                          (json array)
                      "hex",                             (string) The ids of transactions received with the address
                      ...
                    ]
                  },
                  ...
                ]""";
    }

    @Override
    public List<HelpExample> examples() {
        return List.of(new HelpExample("", "[]"), new HelpExample("6 true", "[6, true]"), new HelpExample("6 true true \"\" true", "[6, true, true, \"\", true]"));
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        Wallet w = WalletRpc.wallet(manager, request);
        ReceivedTally.Filter f = new ReceivedTally.Filter(request.arg("minconf").asInt(), request.arg("include_empty").asBool(),
                request.arg("include_immature_coinbase").asBool());
        request.arg("include_watchonly").asBool();
        Optional<Address> only = Optional.empty();
        if (request.arg("address_filter").isPresent() && !request.arg("address_filter").asString().isEmpty()) {
            try {
                only = Optional.of(Address.decode(request.arg("address_filter").asString(), manager.params()));
            } catch (AddressFormatException e) {
                throw new RpcException(RpcErrorCode.WALLET_ERROR, "address_filter parameter was invalid");
            }
        }
        ArrayNode out = RpcJson.array();
        for (ReceivedTally.AddressTotal t : ReceivedTally.byAddress(w, f, only)) {
            ObjectNode o = out.addObject();
            o.put("address", t.address().encode());
            o.set("amount", WalletRpc.amount(t.amount()));
            o.put("confirmations", t.confirmations());
            o.put("label", t.label());
            ArrayNode txids = o.putArray("txids");
            t.txids().forEach(id -> txids.add(id.toHex()));
        }
        return out;
    }
}
