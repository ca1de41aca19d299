package dev.blocksmith.rpc.render;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.core.chain.BlockIndex;
import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.core.consensus.Difficulty;
import dev.blocksmith.core.primitives.Hex;
import dev.blocksmith.rpc.json.RpcJson;
import java.math.BigInteger;
import java.util.Optional;

/** Block headers as bitcoind's blockheaderToJSON writes them, and the number formats it uses. */
public final class BlockRender {
    private BlockRender() {}

    /** A 256-bit number as 64 hex digits, like uint256::GetHex (chainwork, target). */
    public static String hex256(BigInteger value) {
        String h = value.toString(16);
        return "0".repeat(Math.max(0, 64 - h.length())) + h;
    }

    /** nBits as 8 hex digits. */
    public static String bitsHex(long bits) {
        return String.format("%08x", bits);
    }

    /** The target nBits encodes, as getblockheader's "target". */
    public static String target(long bits) {
        return hex256(Difficulty.decodeCompact(bits));
    }

    /** Confirmations as bitcoind counts them: -1 for blocks off the best chain. */
    public static int confirmations(ChainManager chain, BlockIndex index) {
        if (!chain.isOnBestChain(index)) return -1;
        return chain.tip().height() - index.height() + 1;
    }

    public static ObjectNode header(ChainManager chain, BlockIndex index) {
        ObjectNode out = RpcJson.object();
        out.put("hash", index.hash().toHex());
        int confirmations = confirmations(chain, index);
        out.put("confirmations", confirmations);
        out.put("height", index.height());
        out.put("version", index.header().version());
        out.put("versionHex", String.format("%08x", index.header().version()));
        out.put("merkleroot", index.header().merkleRoot().toHex());
        out.put("time", index.time());
        out.put("mediantime", index.medianTimePast());
        out.put("nonce", index.header().nonce());
        out.put("bits", bitsHex(index.header().bits()));
        out.put("target", target(index.header().bits()));
        out.set("difficulty", JsonNumbers.ofDouble(Difficulty.difficulty(index.header().bits())));
        out.put("chainwork", hex256(index.chainWork()));
        out.put("nTx", index.txCount());
        if (index.prev() != null) out.put("previousblockhash", index.prev().hash().toHex());
        Optional<BlockIndex> next = confirmations > 0 ? chain.next(index) : Optional.empty();
        next.ifPresent(n -> out.put("nextblockhash", n.hash().toHex()));
        return out;
    }

    /** The 80-byte header as hex (getblockheader verbose=false). */
    public static String headerHex(BlockIndex index) {
        return Hex.encode(index.header().serialize());
    }
}
