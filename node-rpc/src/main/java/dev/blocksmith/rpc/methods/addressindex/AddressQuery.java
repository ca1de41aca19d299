package dev.blocksmith.rpc.methods.addressindex;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blocksmith.core.address.Address;
import dev.blocksmith.core.address.AddressFormatException;
import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.core.index.AddressIndex;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.methods.RpcParam;
import java.util.ArrayList;
import java.util.List;

/**
 * The first argument of the addressindex methods as the Insight fork of bitcoind reads it: one
 * address string, or an object {@code {"addresses": [...]}} with optional extra fields.
 */
final class AddressQuery {
    private AddressQuery() {}

    static List<Address> addresses(RpcParam param, NetworkParams params) throws RpcException {
        JsonNode value = param.json();
        List<String> texts = new ArrayList<>();
        if (value.isTextual()) {
            texts.add(value.textValue());
        } else if (value.isObject()) {
            JsonNode list = value.path("addresses");
            if (!list.isArray()) {
                throw new RpcException(RpcErrorCode.INVALID_ADDRESS_OR_KEY, "Addresses is expected to be an array");
            }
            for (JsonNode a : list) {
                if (!a.isTextual()) throw new RpcException(RpcErrorCode.INVALID_ADDRESS_OR_KEY, "Invalid address");
                texts.add(a.textValue());
            }
        } else {
            throw new RpcException(RpcErrorCode.INVALID_ADDRESS_OR_KEY, "Invalid address");
        }
        List<Address> out = new ArrayList<>();
        for (String t : texts) {
            try {
                out.add(Address.decode(t, params));
            } catch (AddressFormatException e) {
                throw new RpcException(RpcErrorCode.INVALID_ADDRESS_OR_KEY, "Invalid address");
            }
        }
        return out;
    }

    /** The index, or the fork's error when the node runs without {@code -addressindex}. */
    static AddressIndex index(ChainManager chain) throws RpcException {
        return chain.addressIndex().orElseThrow(() -> new RpcException(RpcErrorCode.INVALID_ADDRESS_OR_KEY,
                "No information available for address (the node runs without -addressindex)"));
    }
}
