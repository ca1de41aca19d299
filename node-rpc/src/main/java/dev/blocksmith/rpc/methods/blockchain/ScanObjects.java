package dev.blocksmith.rpc.methods.blockchain;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.methods.RpcParam;
import dev.blocksmith.rpc.methods.util.DeriveAddressesMethod;
import dev.blocksmith.rpc.render.ScriptRender;
import dev.blocksmith.wallet.descriptor.Descriptor;
import dev.blocksmith.wallet.descriptor.DescriptorException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The output scripts a list of scan objects stands for, as bitcoind's EvalDescriptorStringOrObject expands them:
 * each object is a descriptor string or {@code {"desc": ..., "range": ...}}; a ranged descriptor covers
 * positions 0..1000 unless a range is given, a multipath one ({@code <0;1>}) every path, a combo() all of its
 * scripts (P2PK, P2PKH and, for a compressed key, P2WPKH and P2SH-P2WPKH).
 *
 * <p>Each script carries the descriptor bitcoind reports for a match: InferDescriptor over the scripts and key
 * origins the expansion learned, so a key-derived script reads e.g. {@code pkh([0c5f9a1e/1/1/0]03e1...)}, and
 * one known only as an address or raw script reads {@code addr(...)} / {@code raw(...)}.
 */
final class ScanObjects {
    /** bitcoind's default range of a ranged descriptor given without one: positions 0 to 1000. */
    private static final int DEFAULT_RANGE_END = 1000;

    private ScanObjects() {
    }

    /** Every script to look for, in expansion order, with the descriptor reported for it. */
    static Map<Script, String> expand(JsonNode scanObjects, NetworkParams params) throws RpcException {
        Map<Script, String> fromKeys = new LinkedHashMap<>();
        Map<Script, String> fromScripts = new LinkedHashMap<>();
        for (JsonNode obj : scanObjects) expandOne(obj, params, fromKeys, fromScripts);
        // The provider bitcoind infers from is shared by all objects: a script one descriptor derived from a key
        // is reported with that key even when another object named it only by address.
        Map<Script, String> out = new LinkedHashMap<>(fromKeys);
        fromScripts.forEach(out::putIfAbsent);
        return out;
    }

    /** The scripts of one scan object (scanblocks matches its filters against them). */
    static List<Script> scripts(JsonNode scanObject, NetworkParams params) throws RpcException {
        Map<Script, String> fromKeys = new LinkedHashMap<>();
        Map<Script, String> fromScripts = new LinkedHashMap<>();
        expandOne(scanObject, params, fromKeys, fromScripts);
        List<Script> out = new ArrayList<>(fromKeys.keySet());
        out.addAll(fromScripts.keySet());
        return out;
    }

    private static void expandOne(JsonNode obj, NetworkParams params, Map<Script, String> fromKeys,
            Map<Script, String> fromScripts) throws RpcException {
        String text;
        long begin = 0;
        long end = DEFAULT_RANGE_END;
        if (obj.isTextual()) {
            text = obj.textValue();
        } else if (obj.isObject()) {
            JsonNode desc = obj.path("desc");
            if (desc.isMissingNode() || desc.isNull()) {
                throw RpcException.invalidParameter("Descriptor needs to be provided in scan object");
            }
            text = new RpcParam("desc", desc).asString();
            JsonNode range = obj.path("range");
            // As bitcoind: the range is checked before the descriptor is parsed.
            if (!range.isMissingNode() && !range.isNull()) {
                long[] r = DeriveAddressesMethod.parseRange(new RpcParam("range", range));
                begin = r[0];
                end = r[1];
            }
        } else {
            throw RpcException.invalidParameter("Scan object needs to be either a string or an object");
        }
        List<Descriptor> descriptors;
        try {
            descriptors = Descriptor.parseAll(text, params, false);
        } catch (DescriptorException e) {
            throw new RpcException(RpcErrorCode.INVALID_ADDRESS_OR_KEY, e.getMessage());
        }
        if (!descriptors.get(0).isRange()) {
            begin = 0;
            end = 0;
        }
        for (long i = begin; i <= end; i++) {
            int position = (int) i;
            for (Descriptor d : descriptors) {
                if (!d.isDerivable()) {
                    throw new RpcException(RpcErrorCode.INVALID_ADDRESS_OR_KEY,
                            "Cannot derive script without private keys: '" + text + "'");
                }
                for (Descriptor single : d.expansions()) {
                    Script script = single.scriptPubKey(position);
                    if (single.kind() == Descriptor.Kind.ADDR || single.kind() == Descriptor.Kind.RAW) {
                        fromScripts.putIfAbsent(script, ScriptRender.inferDescriptor(script, params));
                    } else {
                        fromKeys.putIfAbsent(script, single.inferredString(position));
                    }
                }
            }
        }
    }
}
