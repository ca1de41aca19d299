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

/**
 * {@code getreceivedbyaddress "address" ( minconf include_immature_coinbase )}: the total paid to one of our
 * addresses by transactions at least minconf deep, spent or not (bitcoind's GetReceived).
 */
public final class GetReceivedByAddressMethod extends WalletMethod {
    public GetReceivedByAddressMethod(WalletManager manager) {
        super(manager);
    }

    @Override
    public String name() {
        return "getreceivedbyaddress";
    }

    @Override
    public List<RpcParamSpec> params() {
        return List.of(RpcParamSpec.required("address", RpcParamType.STR, "The bitcoin address for transactions."),
                RpcParamSpec.withDefault("minconf", RpcParamType.NUM, 1, "Only include transactions confirmed at least this many times."),
                RpcParamSpec.withDefault("include_immature_coinbase", RpcParamType.BOOL, false, "Include immature coinbase transactions."));
    }

    @Override
    public String description() {
        return "Returns the total amount received by the given address in transactions with at least minconf confirmations.";
    }

    @Override
    public String resultHelp() {
        return "n    (numeric) The total amount in BTC received at this address.";
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        Wallet w = WalletRpc.wallet(manager, request);
        Script spk;
        try {
            spk = dev.blocksmith.core.address.Address.decode(request.arg("address").asString(), manager.params()).toScriptPubKey();
        } catch (dev.blocksmith.core.address.AddressFormatException e) {
            throw new RpcException(RpcErrorCode.INVALID_ADDRESS_OR_KEY, "Invalid Bitcoin address");
        }
        if (w.locate(spk).isEmpty()) throw new RpcException(RpcErrorCode.WALLET_ERROR, "Address not found in wallet");
        long sum = ReceivedTally.received(w, List.of(spk), request.arg("minconf").asInt(), request.arg("include_immature_coinbase").asBool());
        return WalletRpc.amount(sum);
    }
}
