package dev.blocksmith.rpc.methods.util;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.blocksmith.core.address.Address;
import dev.blocksmith.core.script.Opcodes;
import dev.blocksmith.core.script.Script;
import java.util.Optional;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.RpcCategory;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcParam;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import dev.blocksmith.wallet.descriptor.Descriptor;
import dev.blocksmith.wallet.descriptor.DescriptorException;
import java.util.List;

/**
 * {@code deriveaddresses "descriptor" ( range )}: the addresses of a descriptor (with checksum, as bitcoind
 * requires) at one position or over {@code [begin, end]} for a ranged one. No wallet needed.
 */
public final class DeriveAddressesMethod implements RpcMethod {
    /** bitcoind's ParseRange limit on how many positions one call may derive. */
    private static final long MAX_RANGE = 1_000_000;

    private final NetworkParams params;

    public DeriveAddressesMethod(NetworkParams params) {
        this.params = params;
    }

    @Override public String name() { return "deriveaddresses"; }
    @Override public RpcCategory category() { return RpcCategory.UTIL; }

    @Override
    public List<RpcParamSpec> params() {
        return List.of(RpcParamSpec.required("descriptor", RpcParamType.STR, "The descriptor."),
                RpcParamSpec.optional("range", RpcParamType.RANGE, "If a ranged descriptor is used, this specifies the end or the range (in [begin,end] notation) to derive."));
    }

    @Override
    public String description() {
        return "Derives one or more addresses corresponding to an output descriptor.\nExamples of output descriptors are:\n"
                + "    pkh(<pubkey>)                                     P2PKH outputs for the given pubkey\n"
                + "    wpkh(<pubkey>)                                    Native segwit P2PKH outputs for the given pubkey\n"
                + "    sh(wpkh(<pubkey>))                                P2SH-segwit outputs for the given pubkey\n"
                + "    tr(<pubkey>)                                      P2TR outputs for the given pubkey\n\n"
                + "In the above, <pubkey> either refers to a fixed public key in hexadecimal notation, or to an xpub/xprv optionally followed by one\n"
                + "or more path elements separated by \"/\", where \"h\" represents a hardened child key.";
    }

    @Override
    public String resultHelp() {
        return """
                Result (for single derivation descriptors):
                [           (json array)
                  "str",    (string) the derived addresses
                  ...
                ]

                Result (for multipath descriptors):
                [             (json array) The derived addresses for each of the multipath expansions of the descriptor, in multipath specifier order
                  [           (json array) The derived addresses for a multipath descriptor expansion
                    "str",    (string) the derived address
                    ...
                  ],
                  ...
                ]""";
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        List<Descriptor> all;
        try {
            all = Descriptor.parseAll(request.arg("descriptor").asString(), params, true);
        } catch (DescriptorException e) {
            throw new RpcException(RpcErrorCode.INVALID_ADDRESS_OR_KEY, e.getMessage());
        }
        Descriptor d = all.get(0);
        RpcParam range = request.arg("range");
        long begin = 0;
        long end = 0;
        if (!d.isRange() && range.isPresent()) throw RpcException.invalidParameter("Range should not be specified for an un-ranged descriptor");
        if (d.isRange()) {
            if (range.isNull()) throw RpcException.invalidParameter("Range must be specified for a ranged descriptor");
            long[] r = parseRange(range);
            begin = r[0];
            end = r[1];
        }
        if (all.size() == 1) return derive(d, begin, end);
        // BIP389: one list of addresses per path, in the order of the multipath specifier.
        ArrayNode lists = RpcJson.array();
        for (Descriptor one : all) lists.add(derive(one, begin, end));
        return lists;
    }

    private ArrayNode derive(Descriptor d, long begin, long end) throws RpcException {
        ArrayNode out = RpcJson.array();
        for (long i = begin; i <= end; i++) {
            try {
                d.derive((int) i);
                List<Script> scripts = d.scriptPubKeys((int) i);
                for (Script s : scripts) {
                    Optional<Address> a = Address.fromScriptPubKey(s, params);
                    // As bitcoind: the P2PK script of a combo() has no address and is skipped.
                    if (a.isEmpty() && scripts.size() > 1 && s.rawBytes()[s.length() - 1] == (byte) Opcodes.OP_CHECKSIG) continue;
                    out.add(a.orElseThrow(() -> new RpcException(RpcErrorCode.INVALID_ADDRESS_OR_KEY,
                            "Descriptor does not have a corresponding address")).encode());
                }
            } catch (DescriptorException e) {
                throw new RpcException(RpcErrorCode.INVALID_ADDRESS_OR_KEY, e.getMessage());
            }
        }
        return out;
    }

    /** bitcoind's ParseRange: {@code end} or {@code [begin, end]}, within 0..2^31-1 and at most a million positions. */
    public static long[] parseRange(RpcParam p) throws RpcException {
        JsonNode v = p.json();
        long begin;
        long end;
        if (v.isNumber()) {
            begin = 0;
            end = p.asLong();
        } else if (v.isArray() && v.size() == 2 && v.get(0).isNumber() && v.get(1).isNumber()) {
            begin = new RpcParam(p.name(), v.get(0)).asLong();
            end = new RpcParam(p.name(), v.get(1)).asLong();
            if (begin > end) throw RpcException.invalidParameter("Range specified as [begin,end] must not have begin after end");
        } else {
            throw RpcException.invalidParameter("Range must be specified as end or as [begin,end]");
        }
        if (begin < 0) throw RpcException.invalidParameter("Range should be greater or equal than 0");
        if ((end >> 31) != 0) throw RpcException.invalidParameter("End of range is too high");
        if (end >= begin + MAX_RANGE) throw RpcException.invalidParameter("Range is too large");
        return new long[] {begin, end};
    }
}
