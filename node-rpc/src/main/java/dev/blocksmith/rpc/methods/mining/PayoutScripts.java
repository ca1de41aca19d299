package dev.blocksmith.rpc.methods.mining;

import dev.blocksmith.core.address.Address;
import dev.blocksmith.core.address.AddressFormatException;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.wallet.descriptor.Descriptor;
import dev.blocksmith.wallet.descriptor.DescriptorChecksum;
import dev.blocksmith.wallet.descriptor.DescriptorException;
import dev.blocksmith.core.primitives.Hex;

/** Turns the {@code address} or {@code descriptor} arguments of the generate methods into an output script. */
final class PayoutScripts {
    private PayoutScripts() {
    }

    static Script fromDescriptor(String text, NetworkParams params) throws RpcException {
        // addr() and raw() name an output script directly; the key descriptors go to the wallet's parser.
        String body;
        try {
            body = DescriptorChecksum.verify(text, false);
        } catch (DescriptorException e) {
            throw new RpcException(RpcErrorCode.INVALID_ADDRESS_OR_KEY, e.getMessage());
        }
        if (body.startsWith("addr(") && body.endsWith(")")) {
            try {
                return Address.decode(body.substring(5, body.length() - 1), params).toScriptPubKey();
            } catch (AddressFormatException e) {
                throw new RpcException(RpcErrorCode.INVALID_ADDRESS_OR_KEY, "Address is not valid");
            }
        }
        if (body.startsWith("raw(") && body.endsWith(")")) {
            String hex = body.substring(4, body.length() - 1);
            if (!Hex.isHex(hex)) throw new RpcException(RpcErrorCode.INVALID_ADDRESS_OR_KEY, "Raw script is not hex");
            return Script.fromHex(hex);
        }
        Descriptor d;
        try {
            d = Descriptor.parse(text, params, false);
        } catch (DescriptorException e) {
            throw new RpcException(RpcErrorCode.INVALID_ADDRESS_OR_KEY, e.getMessage());
        }
        if (d.isRange()) {
            throw new RpcException(RpcErrorCode.INVALID_PARAMETER, "Ranged descriptor not accepted. Maybe pass through deriveaddresses first?");
        }
        try {
            return d.derive(0);
        } catch (DescriptorException e) {
            throw new RpcException(RpcErrorCode.INVALID_ADDRESS_OR_KEY, e.getMessage());
        }
    }

    /** generateblock's "output": an address, or else a descriptor. */
    static Script fromAddressOrDescriptor(String text, NetworkParams params) throws RpcException {
        try {
            return Address.decode(text, params).toScriptPubKey();
        } catch (AddressFormatException e) {
            try {
                return fromDescriptor(text, params);
            } catch (RpcException notDescriptor) {
                throw new RpcException(RpcErrorCode.INVALID_ADDRESS_OR_KEY, "Error: Invalid address or descriptor");
            }
        }
    }
}
