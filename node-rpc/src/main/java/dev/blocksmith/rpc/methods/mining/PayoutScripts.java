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
import java.util.List;
import java.util.Optional;

/** Turns the {@code address} or {@code descriptor} arguments of the generate methods into an output script. */
final class PayoutScripts {
    private PayoutScripts() {
    }

    /** generatetodescriptor's "descriptor": a descriptor that does not parse is refused with the parser's error. */
    static Script fromDescriptor(String text, NetworkParams params) throws RpcException {
        Parsed parsed = parse(text, params);
        if (parsed.error().isPresent()) throw new RpcException(RpcErrorCode.INVALID_ADDRESS_OR_KEY, parsed.error().get());
        return scriptOf(parsed);
    }

    /**
     * generateblock's "output", read as bitcoind does: a descriptor if it parses as one (then a ranged or
     * underivable one is refused as such), else an address.
     */
    static Script fromAddressOrDescriptor(String text, NetworkParams params) throws RpcException {
        Parsed parsed = parse(text, params);
        if (parsed.error().isEmpty()) return scriptOf(parsed);
        try {
            return Address.decode(text, params).toScriptPubKey();
        } catch (AddressFormatException e) {
            throw new RpcException(RpcErrorCode.INVALID_ADDRESS_OR_KEY, "Error: Invalid address or descriptor");
        }
    }

    /** A parsed descriptor: an output script named directly (addr(), raw()), a key descriptor, or the parse error. */
    private record Parsed(Optional<Script> direct, Optional<Descriptor> descriptor, Optional<String> error) {
        static Parsed failed(String error) {
            return new Parsed(Optional.empty(), Optional.empty(), Optional.of(error));
        }
    }

    private static Parsed parse(String text, NetworkParams params) {
        // addr() and raw() name an output script directly; the key descriptors go to the wallet's parser.
        String body;
        try {
            body = DescriptorChecksum.verify(text, false);
        } catch (DescriptorException e) {
            return Parsed.failed(e.getMessage());
        }
        if (body.startsWith("addr(") && body.endsWith(")")) {
            try {
                return new Parsed(Optional.of(Address.decode(body.substring(5, body.length() - 1), params).toScriptPubKey()),
                        Optional.empty(), Optional.empty());
            } catch (AddressFormatException e) {
                return Parsed.failed("Address is not valid");
            }
        }
        if (body.startsWith("raw(") && body.endsWith(")")) {
            String hex = body.substring(4, body.length() - 1);
            if (!Hex.isHex(hex)) return Parsed.failed("Raw script is not hex");
            return new Parsed(Optional.of(Script.fromHex(hex)), Optional.empty(), Optional.empty());
        }
        try {
            return new Parsed(Optional.empty(), Optional.of(Descriptor.parse(text, params, false)), Optional.empty());
        } catch (DescriptorException e) {
            return Parsed.failed(e.getMessage());
        }
    }

    private static Script scriptOf(Parsed parsed) throws RpcException {
        if (parsed.direct().isPresent()) return parsed.direct().get();
        Descriptor d = parsed.descriptor().orElseThrow();
        if (d.isRange()) {
            throw new RpcException(RpcErrorCode.INVALID_PARAMETER, "Ranged descriptor not accepted. Maybe pass through deriveaddresses first?");
        }
        try {
            d.derive(0);
        } catch (DescriptorException e) {
            throw new RpcException(RpcErrorCode.INVALID_ADDRESS_OR_KEY, e.getMessage());
        }
        return payoutOf(d.scriptPubKeys(0));
    }

    /**
     * The script a descriptor pays to, as bitcoind's getScriptFromDescriptor picks it: its only script, or of a
     * combo()'s scripts the P2WPKH one for a compressed key (the third of four) and the P2PKH one for an
     * uncompressed key (the second of two).
     */
    static Script payoutOf(List<Script> scripts) {
        return switch (scripts.size()) {
            case 1 -> scripts.get(0);
            case 4 -> scripts.get(2);
            case 2 -> scripts.get(1);
            default -> throw new IllegalStateException("a descriptor expands to 1, 2 or 4 scripts, not " + scripts.size());
        };
    }
}
