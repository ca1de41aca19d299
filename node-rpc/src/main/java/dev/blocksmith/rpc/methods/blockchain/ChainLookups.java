package dev.blocksmith.rpc.methods.blockchain;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.block.SerializedBlock;
import dev.blocksmith.core.chain.BlockIndex;
import dev.blocksmith.core.chain.BlockStatus;
import dev.blocksmith.core.chain.BlockUndo;
import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.methods.RpcParam;

/** Block lookups shared by the blockchain methods, failing with bitcoind's errors. */
public final class ChainLookups {
    private ChainLookups() {}

    /** The block index for a hash argument; -5 "Block not found" when unknown. */
    static BlockIndex index(ChainManager chain, RpcParam hashParam) throws RpcException {
        Sha256Hash hash = hashParam.asHash();
        return chain.index(hash).orElseThrow(
                () -> new RpcException(RpcErrorCode.INVALID_ADDRESS_OR_KEY, "Block not found"));
    }

    /** bitcoind's ParseHashOrHeight: a best-chain height, or any known block's hash. */
    static BlockIndex hashOrHeight(ChainManager chain, RpcParam param) throws RpcException {
        if (param.json().isNumber()) {
            int height = param.asInt();
            BlockIndex tip = chain.tip().index();
            if (height < 0) throw RpcException.invalidParameter("Target block height " + height + " is negative");
            if (height > tip.height()) {
                throw RpcException.invalidParameter("Target block height " + height + " after current tip " + tip.height());
            }
            return tip.ancestor(height);
        }
        return index(chain, param);
    }

    /** The stored block of an index (bitcoind's GetBlockChecked). */
    static Block block(ChainManager chain, BlockIndex index) throws RpcException {
        checkBlockData(chain, index);
        return chain.block(index.hash()).orElseThrow(() -> RpcException.misc("Block not found on disk"));
    }

    /** As {@link #block}, held as its bytes with its transactions parsed as they are visited (large replies). */
    static SerializedBlock serializedBlock(ChainManager chain, BlockIndex index) throws RpcException {
        checkBlockData(chain, index);
        return chain.serializedBlock(index.hash()).orElseThrow(() -> RpcException.misc("Block not found on disk"));
    }

    /** bitcoind's CheckBlockDataAvailability for the block itself: pruned, or never downloaded. */
    static void checkBlockData(ChainManager chain, BlockIndex index) throws RpcException {
        if (index.haveData()) return;
        if (chain.isBlockPruned(index)) throw RpcException.misc("Block not available (pruned data)");
        throw RpcException.misc("Block not available (not fully downloaded)");
    }

    /** The undo data of an index (bitcoind's GetUndoChecked); genesis has none and gets an empty one. */
    static BlockUndo undo(ChainManager chain, BlockIndex index) throws RpcException {
        if (index.height() == 0) return new BlockUndo(java.util.List.of());
        if (!index.hasStatus(BlockStatus.HAVE_UNDO)) {
            if (chain.isBlockPruned(index)) throw RpcException.misc("Undo data not available (pruned data)");
            throw RpcException.misc("Undo data not available");
        }
        return chain.undo(index.hash()).orElseThrow(() -> RpcException.misc("Can't read undo data from disk"));
    }

    /** bitcoind's ParseVerbosity: a number, or a boolean meaning 1/0. */
    public static int verbosity(RpcParam param) throws RpcException {
        if (param.json().isBoolean()) return param.json().booleanValue() ? 1 : 0;
        return param.asInt();
    }
}
