package dev.blocksmith.rpc.methods.rawtransactions;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.methods.RpcCategory;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import dev.blocksmith.rpc.render.TxRender;
import java.util.List;
import java.util.Optional;

/** {@code decoderawtransaction "hexstring" ( iswitness )}: a serialized transaction as JSON. */
public final class DecodeRawTransactionMethod implements RpcMethod {
    private final NetworkParams params;

    public DecodeRawTransactionMethod(NetworkParams params) {
        this.params = params;
    }

    @Override public String name() { return "decoderawtransaction"; }
    @Override public RpcCategory category() { return RpcCategory.RAWTRANSACTIONS; }

    @Override
    public List<RpcParamSpec> params() {
        return List.of(RpcParamSpec.required("hexstring", RpcParamType.STR_HEX, "The transaction hex string"),
                RpcParamSpec.withHint("iswitness", RpcParamType.BOOL, "depends on heuristic tests",
                        "Whether the transaction hex is a serialized witness transaction.\n"
                                + "If iswitness is not present, heuristic tests will be used in decoding.\n"
                                + "If true, only witness deserialization will be tried.\n"
                                + "If false, only non-witness deserialization will be tried.\n"
                                + "This boolean should reflect whether the transaction has inputs\n"
                                + "(e.g. fully valid, or on-chain transactions), if known by the caller."));
    }

    @Override
    public String description() {
        return "Return a JSON object representing the serialized, hex-encoded transaction.";
    }

    @Override
    public String resultHelp() {
        return """
                Result:
                {                           (json object)
                  "txid" : "hex",           (string) The transaction id
                  "hash" : "hex",           (string) The transaction hash (differs from txid for witness transactions)
                  "size" : n,               (numeric) The serialized transaction size
                  "vsize" : n,              (numeric) The virtual transaction size (differs from size for witness transactions)
                  "weight" : n,             (numeric) The transaction's weight (between vsize*4-3 and vsize*4)
                  "version" : n,            (numeric) The version
                  "locktime" : xxx,         (numeric) The lock time
                  "vin" : [                 (json array)
                    {                       (json object)
                      "coinbase" : "hex",   (string, optional) The coinbase value (only if coinbase transaction)
                      "txid" : "hex",       (string, optional) The transaction id (if not coinbase transaction)
                      "vout" : n,           (numeric, optional) The output number (if not coinbase transaction)
                      "scriptSig" : {       (json object, optional) The script (if not coinbase transaction)
                        "asm" : "str",      (string) Disassembly of the signature script
                        "hex" : "hex"       (string) The raw signature script bytes, hex-encoded
                      },
                      "txinwitness" : [     (json array, optional)
                        "hex",              (string) hex-encoded witness data (if any)
                        ...
                      ],
                      "sequence" : n        (numeric) The script sequence number
                    },
                    ...
                  ],
                  "vout" : [                (json array)
                    {                       (json object)
                      "value" : n,          (numeric) The value in BTC
                      "n" : n,              (numeric) index
                      "scriptPubKey" : {    (json object)
                        "asm" : "str",      (string) Disassembly of the output script
                        "desc" : "str",     (string) Inferred descriptor for the output
                        "hex" : "hex",      (string) The raw output script bytes, hex-encoded
                        "address" : "str",  (string, optional) The Bitcoin address (only if a well-defined address exists)
                        "type" : "str"      (string) The type (one of: nonstandard, anchor, pubkey, pubkeyhash, scripthash, multisig, nulldata, witness_v0_scripthash, witness_v0_keyhash, witness_v1_taproot, witness_unknown)
                      }
                    },
                    ...
                  ]
                }""";
    }

    @Override
    public List<HelpExample> examples() {
        return List.of(new HelpExample("\"hexstring\"", "[\"hexstring\"]"));
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        String hex = request.arg("hexstring").asString();
        boolean tryExtended = true;
        boolean tryLegacy = true;
        if (request.arg("iswitness").isPresent()) {
            tryExtended = request.arg("iswitness").asBool();
            tryLegacy = !tryExtended;
        }
        Transaction tx = RawTransactions.decode(hex, tryLegacy, tryExtended)
                .orElseThrow(() -> new RpcException(RpcErrorCode.DESERIALIZATION_ERROR, "TX decode failed"));
        return TxRender.toJson(tx, params, Optional.empty(), Optional.empty(), false, false);
    }
}
