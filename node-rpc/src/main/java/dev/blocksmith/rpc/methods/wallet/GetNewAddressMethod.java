package dev.blocksmith.rpc.methods.wallet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import dev.blocksmith.wallet.Wallet;
import dev.blocksmith.wallet.WalletManager;
import dev.blocksmith.wallet.account.Account;
import dev.blocksmith.wallet.account.AddressType;
import java.util.List;

/**
 * {@code getnewaddress ( "label" "address_type" )} and, with the change chain,
 * {@code getrawchangeaddress ( "address_type" )}.
 */
public final class GetNewAddressMethod extends WalletMethod {
    private final Account.Chain chain;

    private GetNewAddressMethod(WalletManager manager, Account.Chain chain) {
        super(manager);
        this.chain = chain;
    }

    public static GetNewAddressMethod receive(WalletManager manager) {
        return new GetNewAddressMethod(manager, Account.Chain.RECEIVE);
    }

    public static GetNewAddressMethod change(WalletManager manager) {
        return new GetNewAddressMethod(manager, Account.Chain.CHANGE);
    }

    @Override
    public String name() {
        return chain == Account.Chain.RECEIVE ? "getnewaddress" : "getrawchangeaddress";
    }

    @Override
    public List<RpcParamSpec> params() {
        // bitcoind: getrawchangeaddress falls back to -changetype, getnewaddress to -addresstype.
        RpcParamSpec type = RpcParamSpec.withHint("address_type", RpcParamType.STR,
                chain == Account.Chain.CHANGE ? "set by -changetype" : "set by -addresstype",
                "The address type to use. Options are \"legacy\", \"p2sh-segwit\", \"bech32\", and \"bech32m\".");
        if (chain == Account.Chain.CHANGE) return List.of(type);
        return List.of(RpcParamSpec.withDefaultText("label", RpcParamType.STR, "",
                "The label name for the address to be linked to. It can also be set to the empty string \"\" to represent the default label. The label does not need to be unique."), type);
    }

    @Override
    public String description() {
        return chain == Account.Chain.RECEIVE
                ? "Returns a new Bitcoin address for receiving payments.\nIf 'label' is specified, it is added to the address book\nso payments received with the address will be associated with 'label'."
                : "Returns a new Bitcoin address, for receiving change.\nThis is for use with raw transactions, NOT normal use.";
    }

    @Override
    public String resultHelp() {
        return "\"str\"    (string) The new bitcoin address";
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        Wallet w = WalletRpc.wallet(manager, request);
        // getrawchangeaddress has no label argument: change addresses carry none.
        String label = chain == Account.Chain.RECEIVE ? WalletRpc.label(request.arg("label")) : "";
        AddressType type = addressType(request);
        return WalletRpc.call(() -> new TextNode(w.newAddress(type, chain.internal(), label).encode()));
    }

    private AddressType addressType(RpcRequest request) throws RpcException {
        // bitcoind: -addresstype for getnewaddress; for getrawchangeaddress -changetype, else -addresstype.
        if (request.arg("address_type").isNull()) {
            return chain.internal() ? manager.policy().changeType().orElse(manager.policy().addressType()) : manager.policy().addressType();
        }
        String t = request.arg("address_type").asString();
        return AddressType.byRpcName(t).orElseThrow(() -> new RpcException(RpcErrorCode.INVALID_ADDRESS_OR_KEY, "Unknown address type '" + t + "'"));
    }
}
