package dev.blocksmith.rpc.methods.blockchain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.block.MerkleBlock;
import dev.blocksmith.core.chain.BlockIndex;
import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.core.chain.Coin;
import dev.blocksmith.core.chain.TxLocation;
import dev.blocksmith.core.primitives.Hex;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.methods.RpcCategory;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcParam;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * {@code gettxoutproof ["txid",...] ( "blockhash" )}: a BIP37 merkleblock proving the transactions are in a block.
 * Without a block hash the block is found as bitcoind finds it: from an unspent output of one of the transactions,
 * else through -txindex (the first txid in bitcoind's set order), else "Transaction not yet in block".
 */
public final class GetTxOutProofMethod implements RpcMethod {
    private final ChainManager chain;

    public GetTxOutProofMethod(ChainManager chain) {
        this.chain = chain;
    }

    @Override public String name() { return "gettxoutproof"; }
    @Override public RpcCategory category() { return RpcCategory.BLOCKCHAIN; }

    @Override
    public List<RpcParamSpec> params() {
        return List.of(RpcParamSpec.required("txids", RpcParamType.ARR, "The txids to filter"),
                RpcParamSpec.optional("blockhash", RpcParamType.STR_HEX, "If specified, looks for txid in the block with this hash"));
    }

    @Override
    public String description() {
        return """
                Returns a hex-encoded proof that "txid" was included in a block.

                NOTE: By default this function only works sometimes. This is when there is an
                unspent output in the utxo for this transaction. To make it always work,
                you need to maintain a transaction index, using the -txindex command line option or
                specify the block in which the transaction is included manually (by blockhash).""";
    }

    @Override
    public String resultHelp() {
        return "\"str\"    (string) A string that is a serialized, hex-encoded data for the proof.";
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        JsonNode list = request.param(0).asArray();
        if (list.isEmpty()) throw RpcException.invalidParameter("Parameter 'txids' cannot be empty");
        // bitcoind keeps the txids in a std::set<Txid>: ordered by their bytes, which decides the -txindex lookup.
        TreeSet<Sha256Hash> txids = new TreeSet<>((a, b) -> Arrays.compareUnsigned(a.bytes(), b.bytes()));
        for (JsonNode item : list) {
            if (!txids.add(new RpcParam("txid", item).asHash())) {
                throw RpcException.invalidParameter("Invalid parameter, duplicated txid: " + item.asText());
            }
        }

        Optional<BlockIndex> found;
        if (!request.param(1).isNull()) {
            Sha256Hash hash = request.param(1).asHash();
            found = Optional.of(chain.index(hash)
                    .orElseThrow(() -> new RpcException(RpcErrorCode.INVALID_ADDRESS_OR_KEY, "Block not found")));
        } else {
            found = Optional.empty();
            for (Sha256Hash txid : txids) {
                Optional<Coin> coin = chain.unspentCoinOf(txid);
                if (coin.isPresent()) {
                    found = chain.atHeight(coin.get().height());
                    break;
                }
            }
        }
        BlockIndex index;
        if (found.isPresent()) {
            index = found.get();
        } else {
            TxLocation location = chain.txLocation(txids.first()).orElseThrow(
                    () -> new RpcException(RpcErrorCode.INVALID_ADDRESS_OR_KEY, "Transaction not yet in block"));
            index = chain.index(location.blockHash())
                    .orElseThrow(() -> new RpcException(RpcErrorCode.INTERNAL_ERROR, "Transaction index corrupt"));
        }

        ChainLookups.checkBlockData(chain, index);
        Block block = chain.block(index.hash())
                .orElseThrow(() -> new RpcException(RpcErrorCode.INTERNAL_ERROR, "Can't read block from disk"));
        long inBlock = block.transactions().stream().map(Transaction::txid).filter(txids::contains).count();
        if (inBlock != txids.size()) {
            throw new RpcException(RpcErrorCode.INVALID_ADDRESS_OR_KEY, "Not all transactions found in specified or retrieved block");
        }
        return TextNode.valueOf(Hex.encode(MerkleBlock.of(block, txids).serialize()));
    }
}
