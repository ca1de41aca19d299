package dev.blocksmith.rpc.methods.util;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.RpcCategory;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import dev.blocksmith.wallet.descriptor.Descriptor;
import dev.blocksmith.wallet.descriptor.DescriptorChecksum;
import dev.blocksmith.wallet.descriptor.DescriptorException;
import java.util.List;

/**
 * {@code getdescriptorinfo "descriptor"}: the descriptor in canonical public form with its checksum, the
 * checksum of the text given, and whether it is ranged, solvable and holds private keys. No wallet needed.
 */
public final class GetDescriptorInfoMethod implements RpcMethod {
    private final NetworkParams params;

    public GetDescriptorInfoMethod(NetworkParams params) {
        this.params = params;
    }

    @Override public String name() { return "getdescriptorinfo"; }
    @Override public RpcCategory category() { return RpcCategory.UTIL; }

    @Override
    public List<RpcParamSpec> params() {
        return List.of(RpcParamSpec.required("descriptor", RpcParamType.STR, "The descriptor."));
    }

    @Override
    public String description() {
        return "Analyses a descriptor.";
    }

    @Override
    public String resultHelp() {
        return """
                {                                   (json object)
                  "descriptor" : "str",             (string) The descriptor in canonical form, without private keys. For a multipath descriptor, only the first will be returned.
                  "multipath_expansion" : [         (json array, optional) All descriptors produced by expanding multipath derivation elements. Only if the provided descriptor specifies multipath derivation elements.
                    "str",                          (string)
                    ...
                  ],
                  "checksum" : "str",               (string) The checksum for the input descriptor
                  "isrange" : true|false,           (boolean) Whether the descriptor is ranged
                  "issolvable" : true|false,        (boolean) Whether the descriptor is solvable
                  "hasprivatekeys" : true|false     (boolean) Whether the input descriptor contained at least one private key
                }""";
    }

    @Override
    public List<HelpExample> examples() {
        return List.of(new HelpExample("\"wpkh([d34db33f/84h/0h/0h]0279be667ef9dcbbac55a06295Ce870b07029Bfcdb2dce28d959f2815b16f81798)\"",
                "[\"wpkh([d34db33f/84h/0h/0h]0279be667ef9dcbbac55a06295Ce870b07029Bfcdb2dce28d959f2815b16f81798)\"]"));
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        String text = request.arg("descriptor").asString();
        try {
            // BIP389: a multipath descriptor stands for one descriptor per path; bitcoind describes the first
            // and lists them all.
            List<Descriptor> all = Descriptor.parseAll(text, params, false);
            Descriptor d = all.get(0);
            ObjectNode o = RpcJson.object();
            o.put("descriptor", d.toString());
            if (all.size() > 1) {
                var expansion = o.putArray("multipath_expansion");
                for (Descriptor one : all) expansion.add(one.toString());
            }
            o.put("checksum", DescriptorChecksum.compute(DescriptorChecksum.verify(text, false)));
            o.put("isrange", d.isRange());
            // Core's IsSolvable: every key-based descriptor; addr() and raw() only name a script.
            o.put("issolvable", d.kind() != Descriptor.Kind.ADDR && d.kind() != Descriptor.Kind.RAW);
            o.put("hasprivatekeys", d.hasPrivateKeys());
            return o;
        } catch (DescriptorException e) {
            throw new RpcException(RpcErrorCode.INVALID_ADDRESS_OR_KEY, e.getMessage());
        }
    }
}
