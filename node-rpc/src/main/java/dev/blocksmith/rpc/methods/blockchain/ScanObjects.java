package dev.blocksmith.rpc.methods.blockchain;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blocksmith.core.address.Address;
import dev.blocksmith.core.address.AddressFormatException;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.wallet.descriptor.Descriptor;
import dev.blocksmith.wallet.descriptor.DescriptorChecksum;
import dev.blocksmith.wallet.descriptor.DescriptorException;
import java.util.ArrayList;
import java.util.List;

/**
 * bitcoind's EvalDescriptorStringOrObject for scanblocks: a scan object is a descriptor string or
 * {@code {"desc": ..., "range": n | [begin, end]}}; a ranged descriptor yields the scripts of every index in its
 * range (default 0..1000), others their one script.
 */
final class ScanObjects {
    private ScanObjects() {}

    static List<Script> scripts(JsonNode scanObject, NetworkParams params) throws RpcException {
        String desc;
        long begin = 0;
        long end = 1000;
        if (scanObject.isTextual()) {
            desc = scanObject.textValue();
        } else if (scanObject.isObject()) {
            JsonNode d = scanObject.get("desc");
            if (d == null || d.isNull()) {
                throw RpcException.invalidParameter("Descriptor needs to be provided in scan object");
            }
            if (!d.isTextual()) throw RpcException.typeError("JSON value of type " + d.getNodeType().name().toLowerCase() + " is not of expected type string");
            desc = d.textValue();
            JsonNode range = scanObject.get("range");
            if (range != null && !range.isNull()) {
                long[] r = range(range);
                begin = r[0];
                end = r[1];
            }
        } else {
            throw RpcException.invalidParameter("Scan object needs to be either a string or an object");
        }
        try {
            String body = DescriptorChecksum.verify(desc, false);
            if (body.startsWith("addr(") && body.endsWith(")")) {
                try {
                    return List.of(Address.decode(body.substring(5, body.length() - 1), params).toScriptPubKey());
                } catch (AddressFormatException e) {
                    throw new RpcException(RpcErrorCode.INVALID_ADDRESS_OR_KEY, "Address is not valid");
                }
            }
            if (body.startsWith("raw(") && body.endsWith(")")) {
                String hex = body.substring(4, body.length() - 1);
                if (hex.isEmpty() || hex.length() % 2 != 0 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0 && c < 128)) {
                    throw new RpcException(RpcErrorCode.INVALID_ADDRESS_OR_KEY, "Raw script is not hex");
                }
                return List.of(Script.fromHex(hex));
            }
            Descriptor d = Descriptor.parse(desc, params, false);
            if (!d.isRange()) return List.of(d.derive(0));
            List<Script> out = new ArrayList<>();
            for (long i = begin; i <= end; i++) out.add(d.derive((int) i));
            return out;
        } catch (DescriptorException e) {
            throw new RpcException(RpcErrorCode.INVALID_ADDRESS_OR_KEY, e.getMessage());
        }
    }

    /** bitcoind's ParseDescriptorRange: n means [0, n]; the range is checked as bitcoind does. */
    private static long[] range(JsonNode value) throws RpcException {
        long low;
        long high;
        if (value.isIntegralNumber()) {
            low = 0;
            high = value.longValue();
        } else if (value.isArray() && value.size() == 2 && value.get(0).isIntegralNumber() && value.get(1).isIntegralNumber()) {
            low = value.get(0).longValue();
            high = value.get(1).longValue();
            if (low > high) throw RpcException.invalidParameter("Range specified as [begin,end] must not have begin after end");
        } else {
            throw RpcException.invalidParameter("Range must be specified as end or as [begin,end]");
        }
        if (low < 0) throw RpcException.invalidParameter("Range should be greater or equal than 0");
        if ((high >> 31) != 0) throw RpcException.invalidParameter("End of range is too high");
        if (high >= low + 1_000_000) throw RpcException.invalidParameter("Range is too large");
        return new long[] {low, high};
    }
}
