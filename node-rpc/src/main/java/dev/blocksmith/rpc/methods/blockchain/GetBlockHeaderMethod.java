package dev.blocksmith.rpc.methods.blockchain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.blocksmith.core.chain.BlockIndex;
import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.methods.RpcCategory;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import dev.blocksmith.rpc.render.BlockRender;
import java.util.List;

/** {@code getblockheader "blockhash" ( verbose )}: a header as JSON, or its 80 bytes as hex. */
public final class GetBlockHeaderMethod implements RpcMethod {
    private final ChainManager chain;

    public GetBlockHeaderMethod(ChainManager chain) {
        this.chain = chain;
    }

    @Override public String name() { return "getblockheader"; }
    @Override public RpcCategory category() { return RpcCategory.BLOCKCHAIN; }

    @Override
    public List<RpcParamSpec> params() {
        return List.of(RpcParamSpec.required("blockhash", RpcParamType.STR_HEX, "The block hash"),
                RpcParamSpec.withDefault("verbose", RpcParamType.BOOL, true, "true for a json object, false for the hex-encoded data"));
    }

    @Override
    public String description() {
        return """
                If verbose is false, returns a string that is serialized, hex-encoded data for blockheader 'hash'.
                If verbose is true, returns an Object with information about blockheader <hash>.""";
    }

    @Override
    public String resultHelp() {
        return """
                Result (for verbose = true):
                {                                 (json object)
                  "hash" : "hex",                 (string) the block hash (same as provided)
                  "confirmations" : n,            (numeric) The number of confirmations, or -1 if the block is not on the main chain
                  "height" : n,                   (numeric) The block height or index
                  "version" : n,                  (numeric) The block version
                  "versionHex" : "hex",           (string) The block version formatted in hexadecimal
                  "merkleroot" : "hex",           (string) The merkle root
                  "time" : xxx,                   (numeric) The block time expressed in UNIX epoch time
                  "mediantime" : xxx,             (numeric) The median block time expressed in UNIX epoch time
                  "nonce" : n,                    (numeric) The nonce
                  "bits" : "hex",                 (string) nBits: compact representation of the block difficulty target
                  "target" : "hex",               (string) The difficulty target
                  "difficulty" : n,               (numeric) The difficulty
                  "chainwork" : "hex",            (string) Expected number of hashes required to produce the current chain
                  "nTx" : n,                      (numeric) The number of transactions in the block
                  "previousblockhash" : "hex",    (string, optional) The hash of the previous block (if available)
                  "nextblockhash" : "hex"         (string, optional) The hash of the next block (if available)
                }

                Result (for verbose=false):
                "hex"    (string) A string that is serialized, hex-encoded data for block 'hash'""";
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        BlockIndex index = ChainLookups.index(chain, request.arg("blockhash"));
        boolean verbose = request.arg("verbose").asBool();
        return verbose ? BlockRender.header(chain, index) : TextNode.valueOf(BlockRender.headerHex(index));
    }
}
