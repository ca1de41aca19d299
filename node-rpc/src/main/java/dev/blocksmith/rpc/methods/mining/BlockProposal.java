package dev.blocksmith.rpc.methods.mining;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.chain.BlockIndex;
import dev.blocksmith.core.chain.BlockStatus;
import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.core.consensus.ValidationException;
import dev.blocksmith.core.primitives.ByteReader;
import dev.blocksmith.core.primitives.Hex;
import dev.blocksmith.core.primitives.SerializationException;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.RpcException;
import java.util.Optional;

/**
 * getblocktemplate's {@code "mode": "proposal"} (BIP23 block proposals): the node judges a block a miner
 * built, against its own tip, without storing it. The answer is bitcoind's: JSON null for a valid block,
 * otherwise the reject reason as a string; blocks the node already knows answer {@code duplicate},
 * {@code duplicate-invalid} or {@code duplicate-inconclusive} (header only) without being checked again.
 */
final class BlockProposal {
    private BlockProposal() {
    }

    static JsonNode check(ChainManager chain, JsonNode data) throws RpcException {
        if (!data.isTextual()) throw new RpcException(RpcErrorCode.TYPE_ERROR, "Missing data String key for proposal");
        Block block = decode(data.asText());
        Optional<BlockIndex> known = chain.index(block.hash());
        if (known.isPresent()) {
            BlockIndex idx = known.get();
            if (idx.isFailed()) return TextNode.valueOf("duplicate-invalid");
            if (idx.hasStatus(BlockStatus.VALID_SCRIPTS)) return TextNode.valueOf("duplicate");
            return TextNode.valueOf("duplicate-inconclusive");
        }
        try {
            // BIP23 proposals need no proof of work: a miner checks its block before searching for a nonce.
            chain.testBlockValidity(block, false);
            return NullNode.getInstance();
        } catch (ValidationException e) {
            // bitcoind's BIP22ValidationResult: the reject reason, "rejected" when a rule gave none.
            return TextNode.valueOf(e.reason().isEmpty() ? "rejected" : e.reason());
        }
    }

    /** bitcoind's DecodeHexBlk: hex, then one block with witness data; what follows the block is ignored. */
    private static Block decode(String hex) throws RpcException {
        try {
            if (!Hex.isHex(hex)) throw new IllegalArgumentException("not hex");
            return Block.read(new ByteReader(Hex.decode(hex)));
        } catch (SerializationException | IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new RpcException(RpcErrorCode.DESERIALIZATION_ERROR, "Block decode failed");
        }
    }
}
