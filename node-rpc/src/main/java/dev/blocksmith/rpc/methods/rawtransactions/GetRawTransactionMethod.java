package dev.blocksmith.rpc.methods.rawtransactions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.chain.BlockIndex;
import dev.blocksmith.core.chain.BlockUndo;
import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.core.chain.Coin;
import dev.blocksmith.core.chain.TxLocation;
import dev.blocksmith.core.mempool.Mempool;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.RpcCategory;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcParam;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import dev.blocksmith.rpc.methods.blockchain.ChainLookups;
import dev.blocksmith.rpc.render.TxRender;
import java.util.List;
import java.util.Optional;

/**
 * {@code getrawtransaction "txid" ( verbosity "blockhash" )}: a transaction from the mempool, from the
 * transaction index, or from a given block; as hex (0), decoded with its block context (1), or also
 * with fee and spent outputs when the block's undo data is at hand (2).
 */
public final class GetRawTransactionMethod implements RpcMethod {
    private final ChainManager chain;
    private final Mempool mempool;

    public GetRawTransactionMethod(ChainManager chain, Mempool mempool) {
        this.chain = chain;
        this.mempool = mempool;
    }

    @Override public String name() { return "getrawtransaction"; }
    @Override public RpcCategory category() { return RpcCategory.RAWTRANSACTIONS; }

    @Override
    public List<RpcParamSpec> params() {
        return List.of(RpcParamSpec.required("txid", RpcParamType.STR_HEX, "The transaction id"),
                // bitcoind skips the type check: a boolean is read as 1/0 (ParseVerbosity).
                RpcParamSpec.withDefault("verbosity|verbose", RpcParamType.ANY, 0,
                        "0 for hex-encoded data, 1 for a JSON object, and 2 for JSON object with fee and prevout"),
                RpcParamSpec.optional("blockhash", RpcParamType.STR_HEX, "The block in which to look for the transaction"));
    }

    @Override
    public String description() {
        return """
                By default, this call only returns a transaction if it is in the mempool. If -txindex is enabled
                and no blockhash argument is passed, it will return the transaction if it is in the mempool or any block.
                If a blockhash argument is passed, it will return the transaction if
                the specified block is available and the transaction is in that block.

                Hint: Use gettransaction for wallet transactions.

                If verbosity is 0 or omitted, returns the serialized transaction as a hex-encoded string.
                If verbosity is 1, returns a JSON Object with information about the transaction.
                If verbosity is 2, returns a JSON Object with information about the transaction, including fee and prevout information.""";
    }

    @Override
    public String resultHelp() {
        return """
                Result (if verbosity is not set or set to 0):
                "str"    (string) The serialized transaction as a hex-encoded string for 'txid'

                Result (if verbosity is set to 1):
                {                                    (json object)
                  "in_active_chain" : true|false,    (boolean, optional) Whether specified block is in the active chain or not (only present with explicit "blockhash" argument)
                  "blockhash" : "hex",               (string, optional) the block hash
                  "confirmations" : n,               (numeric, optional) The confirmations
                  "blocktime" : xxx,                 (numeric, optional) The block time expressed in UNIX epoch time
                  "time" : n,                        (numeric, optional) Same as "blocktime"
                  "hex" : "hex",                     (string) The serialized, hex-encoded data for 'txid'
                  "txid" : "hex",                    (string) The transaction id (same as provided)
                  "hash" : "hex",                    (string) The transaction hash (differs from txid for witness transactions)
                  "size" : n,                        (numeric) The serialized transaction size
                  "vsize" : n,                       (numeric) The virtual transaction size (differs from size for witness transactions)
                  "weight" : n,                      (numeric) The transaction's weight (between vsize*4-3 and vsize*4)
                  "version" : n,                     (numeric) The version
                  "locktime" : xxx,                  (numeric) The lock time
                  "vin" : [ ... ],                   (json array) as decoderawtransaction
                  "vout" : [ ... ]                   (json array) as decoderawtransaction
                }

                Result (for verbosity = 2):
                {                              (json object)
                  ...,                         Same output as verbosity = 1
                  "fee" : n,                   (numeric, optional) transaction fee in BTC, omitted if block undo data is not available
                  "vin" : [                    (json array)
                    {                          (json object) utxo being spent, omitted if block undo data is not available
                      ...,                     Same output as verbosity = 1
                      "prevout" : {            (json object, optional) Only if undo information is available)
                        "generated" : true|false,    (boolean) Coinbase or not
                        "height" : n,          (numeric) The height of the prevout
                        "value" : n,           (numeric) The value in BTC
                        "scriptPubKey" : {     (json object)
                          "asm" : "str",       (string) Disassembly of the output script
                          "desc" : "str",      (string) Inferred descriptor for the output
                          "hex" : "hex",       (string) The raw output script bytes, hex-encoded
                          "address" : "str",   (string, optional) The Bitcoin address (only if a well-defined address exists)
                          "type" : "str"       (string) The type (one of: nonstandard, anchor, pubkey, pubkeyhash, scripthash, multisig, nulldata, witness_v0_scripthash, witness_v0_keyhash, witness_v1_taproot, witness_unknown)
                        }
                      }
                    },
                    ...
                  ]
                }""";
    }

    @Override
    public List<HelpExample> examples() {
        return List.of(new HelpExample("\"mytxid\"", "[\"mytxid\"]"), new HelpExample("\"mytxid\" 1", "[\"mytxid\", 1]"),
                new HelpExample("\"mytxid\" 0 \"myblockhash\"", "[\"mytxid\", 0, \"myblockhash\"]"));
    }

    /** Where a transaction was found: its position in a block, or the mempool (no block). */
    private record Found(Transaction tx, Optional<BlockIndex> block, int position) {}

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        // bitcoind names these arguments by position in its messages (ParseHashV(..., "parameter 1")).
        Sha256Hash txid = new RpcParam("parameter 1", request.arg("txid").json()).asHash();
        if (txid.equals(chain.params().genesis().coinbase().txid())) {
            // The genesis coinbase's output was never added to the UTXO set: it is not a spendable transaction.
            throw new RpcException(RpcErrorCode.INVALID_ADDRESS_OR_KEY,
                    "The genesis block coinbase is not considered an ordinary transaction and cannot be retrieved");
        }
        int verbosity = ChainLookups.verbosity(request.arg("verbosity"));
        Optional<BlockIndex> given = Optional.empty();
        if (request.arg("blockhash").isPresent()) {
            given = Optional.of(chain.index(new RpcParam("parameter 3", request.arg("blockhash").json()).asHash()).orElseThrow(
                    () -> new RpcException(RpcErrorCode.INVALID_ADDRESS_OR_KEY, "Block hash not found")));
        }
        Found found = given.isPresent() ? inBlock(given.get(), txid) : inMempoolOrIndex(txid);
        if (verbosity <= 0) return TextNode.valueOf(found.tx().toHex());

        Optional<List<Coin>> spent = Optional.empty();
        if (verbosity >= 2 && found.block().isPresent() && !found.tx().isCoinbase()) {
            // The coinbase spends nothing, so undo entries start with the block's second transaction.
            spent = chain.undo(found.block().get().hash()).map(BlockUndo::spentByTx)
                    .filter(u -> found.position() - 1 < u.size()).map(u -> u.get(found.position() - 1));
        }
        ObjectNode result = RpcJson.object();
        given.ifPresent(b -> result.put("in_active_chain", chain.isOnBestChain(b)));
        ObjectNode decoded = TxRender.toJson(found.tx(), chain.params(), Optional.empty(), spent, spent.isPresent(), true);
        result.setAll(decoded);
        found.block().ifPresent(b -> {
            result.put("blockhash", b.hash().toHex());
            if (chain.isOnBestChain(b)) {
                result.put("confirmations", chain.tip().height() - b.height() + 1);
                result.put("time", b.time());
                result.put("blocktime", b.time());
            } else {
                result.put("confirmations", 0);
            }
        });
        return result;
    }

    private Found inBlock(BlockIndex index, Sha256Hash txid) throws RpcException {
        if (!index.haveData()) throw RpcException.misc("Block not available");
        Block block = chain.block(index.hash()).orElseThrow(() -> RpcException.misc("Block not available"));
        List<Transaction> txs = block.transactions();
        for (int i = 0; i < txs.size(); i++) {
            if (txs.get(i).txid().equals(txid)) return new Found(txs.get(i), Optional.of(index), i);
        }
        throw notFound("No such transaction found in the provided block");
    }

    private Found inMempoolOrIndex(Sha256Hash txid) throws RpcException {
        Optional<Transaction> pooled = mempool.get(txid);
        if (pooled.isPresent()) return new Found(pooled.get(), Optional.empty(), -1);
        if (!chain.options().txIndex()) {
            throw notFound("No such mempool transaction. Use -txindex or provide a block hash to enable blockchain transaction queries");
        }
        Optional<TxLocation> location = chain.txLocation(txid);
        if (location.isPresent()) {
            Optional<BlockIndex> index = chain.index(location.get().blockHash());
            Optional<Block> block = chain.block(location.get().blockHash());
            int position = location.get().position();
            if (index.isPresent() && block.isPresent() && position < block.get().transactions().size()) {
                return new Found(block.get().transactions().get(position), index, position);
            }
        }
        throw notFound("No such mempool or blockchain transaction");
    }

    private static RpcException notFound(String what) {
        return new RpcException(RpcErrorCode.INVALID_ADDRESS_OR_KEY, what + ". Use gettransaction for wallet transactions.");
    }
}
