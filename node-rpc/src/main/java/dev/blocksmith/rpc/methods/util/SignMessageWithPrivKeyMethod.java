package dev.blocksmith.rpc.methods.util;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.blocksmith.core.address.AddressFormatException;
import dev.blocksmith.core.address.PrivateKeyBytes;
import dev.blocksmith.core.address.Wif;
import dev.blocksmith.core.crypto.SignedMessages;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.methods.RpcCategory;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import java.util.List;

/** {@code signmessagewithprivkey "privkey" "message"}: a signed message (see {@link SignedMessages}) by a WIF key. */
public final class SignMessageWithPrivKeyMethod implements RpcMethod {
    private final NetworkParams network;

    public SignMessageWithPrivKeyMethod(NetworkParams network) {
        this.network = network;
    }

    @Override
    public String name() {
        return "signmessagewithprivkey";
    }

    @Override
    public RpcCategory category() {
        return RpcCategory.UTIL;
    }

    @Override
    public List<RpcParamSpec> params() {
        return List.of(RpcParamSpec.required("privkey", RpcParamType.STR, "The private key to sign the message with."),
                RpcParamSpec.required("message", RpcParamType.STR, "The message to create a signature of."));
    }

    @Override
    public String description() {
        return "Sign a message with the private key of an address";
    }

    @Override
    public String resultHelp() {
        return "\"str\"    (string) The signature of the message encoded in base 64";
    }

    @Override
    public List<HelpExample> examples() {
        return List.of(new HelpExample("\"privkey\" \"my message\"", "[\"privkey\", \"my message\"]"));
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        PrivateKeyBytes key;
        try {
            key = Wif.decode(request.arg("privkey").asString(), network);
        } catch (AddressFormatException e) {
            throw new RpcException(RpcErrorCode.INVALID_ADDRESS_OR_KEY, "Invalid private key");
        }
        return TextNode.valueOf(SignedMessages.sign(key, request.arg("message").asString()));
    }
}
