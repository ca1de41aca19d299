package dev.blocksmith.rpc.methods.wallet;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import dev.blocksmith.wallet.ReceivedTally;
import dev.blocksmith.wallet.Wallet;
import dev.blocksmith.wallet.WalletManager;
import java.util.List;
import java.util.Map;

/**
 * {@code getreceivedbylabel "label" ( minconf include_immature_coinbase )}: the total received by our addresses with
 * a label (bitcoind's GetReceived by label: a label no address book entry has is an error, and so is one that
 * only others' addresses have).
 */
public final class GetReceivedByLabelMethod extends WalletMethod {
    public GetReceivedByLabelMethod(WalletManager manager) {
        super(manager);
    }

    @Override
    public String name() {
        return "getreceivedbylabel";
    }

    @Override
    public List<RpcParamSpec> params() {
        return List.of(RpcParamSpec.required("label", RpcParamType.STR, "The selected label, may be the default label using \"\"."),
                RpcParamSpec.withDefault("minconf", RpcParamType.NUM, 1, "Only include transactions confirmed at least this many times."),
                RpcParamSpec.withDefault("include_immature_coinbase", RpcParamType.BOOL, false, "Include immature coinbase transactions."));
    }

    @Override
    public String description() {
        return "Returns the total amount received by addresses with <label> in transactions with at least [minconf] confirmations.";
    }

    @Override
    public String resultHelp() {
        return "n    (numeric) The total amount in BTC received for this label.";
    }

    @Override
    public List<HelpExample> examples() {
        return List.of(new HelpExample("\"\"", "[\"\"]"), new HelpExample("\"tabby\" 0", "[\"tabby\", 0]"),
                new HelpExample("\"tabby\" 6 true", "[\"tabby\", 6, true]"));
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        Wallet w = WalletRpc.wallet(manager, request);
        String label = WalletRpc.label(request.arg("label"));
        List<Map.Entry<Script, dev.blocksmith.wallet.labels.AddressBook.Entry>> entries = w.addressesWithLabel(label);
        if (entries.isEmpty()) throw new RpcException(RpcErrorCode.WALLET_ERROR, "Label not found in wallet");
        List<Script> ours = entries.stream().map(Map.Entry::getKey).filter(s -> w.locate(s).isPresent()).toList();
        if (ours.isEmpty()) throw new RpcException(RpcErrorCode.WALLET_ERROR, "Address not found in wallet");
        return WalletRpc.amount(ReceivedTally.received(w, ours, request.arg("minconf").asInt(), request.arg("include_immature_coinbase").asBool()));
    }
}
