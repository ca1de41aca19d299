package dev.blocksmith.rpc.methods.blockchain;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.chain.BlockIndex;
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

    /** The stored block of an index (bitcoind's GetBlockChecked). */
    static Block block(ChainManager chain, BlockIndex index) throws RpcException {
        if (!index.haveData()) {
            throw RpcException.misc("Block not available (not fully downloaded)");
        }
        return chain.block(index.hash()).orElseThrow(() -> RpcException.misc("Block not found on disk"));
    }

    /** bitcoind's ParseVerbosity: a number, or a boolean meaning 1/0. */
    public static int verbosity(RpcParam param, int fallback) throws RpcException {
        if (param.isNull()) return fallback;
        if (param.json().isBoolean()) return param.json().booleanValue() ? 1 : 0;
        return param.asInt();
    }
}
