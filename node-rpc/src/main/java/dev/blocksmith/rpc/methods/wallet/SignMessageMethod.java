package dev.blocksmith.rpc.methods.wallet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.blocksmith.core.address.Address;
import dev.blocksmith.core.address.AddressFormatException;
import dev.blocksmith.core.address.P2pkhAddress;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import dev.blocksmith.wallet.Wallet;
import dev.blocksmith.wallet.WalletManager;
import java.util.List;

/**
 * {@code signmessage "address" "message"}: a signed message by the key of one of our P2PKH addresses, which
 * verifymessage (ours or anyone's) checks. As bitcoind, the wallet must be unlocked before anything else is read.
 */
public final class SignMessageMethod extends WalletMethod {
    public SignMessageMethod(WalletManager manager) {
        super(manager);
    }

    @Override
    public String name() {
        return "signmessage";
    }

    @Override
    public List<RpcParamSpec> params() {
        return List.of(RpcParamSpec.required("address", RpcParamType.STR, "The bitcoin address to use for the private key."),
                RpcParamSpec.required("message", RpcParamType.STR, "The message to create a signature of."));
    }

    @Override
    public String description() {
        return "Sign a message with the private key of an address\n"
                + "Requires wallet passphrase to be set with walletpassphrase call if wallet is encrypted.";
    }

    @Override
    public String resultHelp() {
        return "\"str\"    (string) The signature of the message encoded in base 64";
    }

    @Override
    public List<HelpExample> examples() {
        return List.of(new HelpExample("\"1D1ZrZNe3JUo7ZycKEYQQiQAWd9y54F4XX\" \"my message\"",
                "[\"1D1ZrZNe3JUo7ZycKEYQQiQAWd9y54F4XX\", \"my message\"]"));
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        Wallet w = WalletRpc.wallet(manager, request);
        if (w.isLocked()) throw WalletRpc.unlockNeeded();
        Address address;
        try {
            address = Address.decode(request.arg("address").asString(), manager.params());
        } catch (AddressFormatException e) {
            throw new RpcException(RpcErrorCode.INVALID_ADDRESS_OR_KEY, "Invalid address");
        }
        if (!(address instanceof P2pkhAddress p2pkh)) throw new RpcException(RpcErrorCode.TYPE_ERROR, "Address does not refer to key");
        String message = request.arg("message").asString();
        return TextNode.valueOf(WalletRpc.call(() -> w.signMessage(p2pkh.hash(), message)));
    }
}
