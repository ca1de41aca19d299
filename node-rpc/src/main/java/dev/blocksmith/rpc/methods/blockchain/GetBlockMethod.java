package dev.blocksmith.rpc.methods.blockchain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.block.SerializedBlock;
import dev.blocksmith.core.chain.BlockIndex;
import dev.blocksmith.core.chain.BlockStatus;
import dev.blocksmith.core.chain.SerializedUndo;
import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.core.chain.Coin;
import dev.blocksmith.core.primitives.Hex;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.methods.RpcCategory;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import dev.blocksmith.rpc.render.BlockRender;
import dev.blocksmith.rpc.render.TxRender;
import dev.blocksmith.rpc.json.StreamedJson;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code getblock "blockhash" ( verbosity )}: 0 hex, 1 header fields and txids, 2 decoded
 * transactions (with fees when undo data exists), 3 also each input's spent output.
 */
public final class GetBlockMethod implements RpcMethod {
    private final ChainManager chain;

    public GetBlockMethod(ChainManager chain) {
        this.chain = chain;
    }

    @Override public String name() { return "getblock"; }
    @Override public RpcCategory category() { return RpcCategory.BLOCKCHAIN; }

    @Override
    public List<RpcParamSpec> params() {
        // bitcoind skips the type check here: verbosity may also be a boolean (ParseVerbosity).
        return List.of(RpcParamSpec.required("blockhash", RpcParamType.STR_HEX, "The block hash"),
                RpcParamSpec.withDefault("verbosity|verbose", RpcParamType.ANY, 1,
                        "0 for hex-encoded data, 1 for a JSON object, 2 for JSON object with transaction data, "
                                + "and 3 for JSON object with transaction data including prevout information for inputs"));
    }

    @Override
    public String description() {
        return """
                If verbosity is 0, returns a string that is serialized, hex-encoded data for block 'hash'.
                If verbosity is 1, returns an Object with information about block <hash>.
                If verbosity is 2, returns an Object with information about block <hash> and information about each transaction.
                If verbosity is 3, returns an Object with information about block <hash> and information about each transaction, including prevout information for inputs (only for unpruned blocks in the current best chain).""";
    }

    @Override
    public String resultHelp() {
        return """
                Result (for verbosity = 0):
                "hex"    (string) A string that is serialized, hex-encoded data for block 'hash'

                Result (for verbosity = 1):
                {                                 (json object)
                  "hash" : "hex",                 (string) the block hash (same as provided)
                  "confirmations" : n,            (numeric) The number of confirmations, or -1 if the block is not on the main chain
                  "size" : n,                     (numeric) The block size
                  "strippedsize" : n,             (numeric) The block size excluding witness data
                  "weight" : n,                   (numeric) The block weight as defined in BIP 141
                  "height" : n,                   (numeric) The block height or index
                  "version" : n,                  (numeric) The block version
                  "versionHex" : "hex",           (string) The block version formatted in hexadecimal
                  "merkleroot" : "hex",           (string) The merkle root
                  "tx" : [                        (json array) The transaction ids
                    "hex",                        (string) The transaction id
                    ...
                  ],
                  "time" : xxx,                   (numeric) The block time expressed in UNIX epoch time
                  "mediantime" : xxx,             (numeric) The median block time expressed in UNIX epoch time
                  "nonce" : n,                    (numeric) The nonce
                  "bits" : "hex",                 (string) nBits: compact representation of the block difficulty target
                  "target" : "hex",               (string) The difficulty target
                  "difficulty" : n,               (numeric) The difficulty
                  "chainwork" : "hex",            (string) Expected number of hashes required to produce the chain up to this block (in hex)
                  "nTx" : n,                      (numeric) The number of transactions in the block
                  "previousblockhash" : "hex",    (string, optional) The hash of the previous block (if available)
                  "nextblockhash" : "hex"         (string, optional) The hash of the next block (if available)
                }

                Result (for verbosity = 2):
                {             (json object)
                  ...,        Same output as verbosity = 1
                  "tx" : [    (json array)
                    {         (json object)
                      ...,    The transactions in the format of the getrawtransaction RPC. Different from verbosity = 1 "tx" result
                      "fee" : n    (numeric) The transaction fee in BTC, omitted if block undo data is not available
                    },
                    ...
                  ]
                }

                Result (for verbosity = 3):
                {             (json object)
                  ...,        Same output as verbosity = 2, with each input's "prevout" (generated, height, value, scriptPubKey)
                }""";
    }

    @Override
    public List<HelpExample> examples() {
        String h = "\"00000000c937983704a73af28acdec37b049d214adbda81d7e2a3dd146f6ed09\"";
        return List.of(new HelpExample(h, "[" + h + "]"));
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        BlockIndex index = ChainLookups.index(chain, request.arg("blockhash"));
        int verbosity = ChainLookups.verbosity(request.arg("verbosity"));
        if (verbosity <= 0) {
            ChainLookups.checkBlockData(chain, index);
            byte[] raw = chain.rawBlock(index.hash()).orElseThrow(() -> RpcException.misc("Block not found on disk"));
            return TextNode.valueOf(Hex.encode(raw));
        }
        ObjectNode result = BlockRender.header(chain, index);
        if (verbosity == 1) {
            // Parsed once, as the txids need every transaction hashed: a short reply, done before the next request.
            Block block = ChainLookups.block(chain, index);
            putSizes(result, block.baseSize(), block.totalSize(), block.weight());
            ArrayNode txs = result.putArray("tx");
            for (Transaction tx : block.transactions()) txs.add(tx.txid().toHex());
            return result;
        }
        // Held as its bytes: a full block's objects take several times its size, and verbosity 2 is seconds of writing.
        SerializedBlock block = ChainLookups.serializedBlock(chain, index);
        putSizes(result, block.baseSize(), block.totalSize(), block.weight());
        Optional<SerializedUndo> undo = Optional.empty();
        if (index.hasStatus(BlockStatus.HAVE_UNDO)) {
            undo = Optional.of(chain.serializedUndo(index.hash())
                    .filter(u -> u.transactionCount() == block.transactionCount() - 1)
                    .orElseThrow(() -> new RpcException(RpcErrorCode.INTERNAL_ERROR,
                    "Undo data expected but can't be read. This could be due to disk corruption or a conflict with a pruning event.")));
        }
        Optional<SerializedUndo.Cursor> spentCoins = undo.map(SerializedUndo::cursor);
        // Each transaction (and the coins it spent) is parsed and written straight into the reply, one at a time:
        // only the reply's bytes grow.
        return StreamedJson.of(out -> {
            out.writeStartObject();
            for (Map.Entry<String, JsonNode> field : result.properties()) {
                out.writeFieldName(field.getKey());
                out.writeTree(field.getValue());
            }
            out.writeArrayFieldStart("tx");
            block.forEachTransaction((i, tx) -> {
                // The coinbase spends nothing, so it has no undo entry and no fee.
                Optional<List<Coin>> spent = i == 0 ? Optional.empty() : spentCoins.map(SerializedUndo.Cursor::next);
                TxRender.write(out, tx, chain.params(), Optional.empty(), spent, verbosity >= 3, true);
            });
            out.writeEndArray();
            out.writeEndObject();
        });
    }

    private static void putSizes(ObjectNode result, int strippedSize, int size, int weight) {
        result.put("strippedsize", strippedSize);
        result.put("size", size);
        result.put("weight", weight);
    }
}
