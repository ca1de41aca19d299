package dev.blocksmith.rpc.methods.wallet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import dev.blocksmith.wallet.ReceivedTally;
import dev.blocksmith.wallet.Wallet;
import dev.blocksmith.wallet.WalletManager;
import java.util.List;

/** {@code listreceivedbylabel ( minconf include_empty include_watchonly include_immature_coinbase )}: received totals per label. */
public final class ListReceivedByLabelMethod extends WalletMethod {
    public ListReceivedByLabelMethod(WalletManager manager) {
        super(manager);
    }

    @Override
    public String name() {
        return "listreceivedbylabel";
    }

    @Override
    public List<RpcParamSpec> params() {
        return List.of(RpcParamSpec.withDefault("minconf", RpcParamType.NUM, 1, "The minimum number of confirmations before payments are included."),
                RpcParamSpec.withDefault("include_empty", RpcParamType.BOOL, false, "Whether to include labels that haven't received any payments."),
                RpcParamSpec.withDefault("include_watchonly", RpcParamType.BOOL, false, "(DEPRECATED) No longer used"),
                RpcParamSpec.withDefault("include_immature_coinbase", RpcParamType.BOOL, false, "Include immature coinbase transactions."));
    }

    @Override
    public String description() {
        return "List received transactions by label.";
    }

    @Override
    public String resultHelp() {
        return """
                [                               (json array)
                  {                             (json object)
                    "amount" : n,               (numeric) The total amount received by addresses with this label
                    "confirmations" : n,        (numeric) The number of confirmations of the most recent transaction included
                    "label" : "str"             (string) The label of the receiving address. The default label is ""
                  },
                  ...
                ]""";
    }

    @Override
    public List<HelpExample> examples() {
        return List.of(new HelpExample("", "[]"), new HelpExample("6 true", "[6, true]"), new HelpExample("6 true true true", "[6, true, true, true]"));
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        Wallet w = WalletRpc.wallet(manager, request);
        ReceivedTally.Filter f = new ReceivedTally.Filter(request.arg("minconf").asInt(), request.arg("include_empty").asBool(),
                request.arg("include_immature_coinbase").asBool());
        request.arg("include_watchonly").asBool();
        ArrayNode out = RpcJson.array();
        for (ReceivedTally.LabelTotal t : ReceivedTally.byLabel(w, f)) {
            ObjectNode o = out.addObject();
            o.set("amount", WalletRpc.amount(t.amount()));
            o.put("confirmations", t.confirmations());
            o.put("label", t.label());
        }
        return out;
    }
}
