package dev.blocksmith.rpc.methods.network;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blocksmith.core.chain.BlockIndex;
import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.p2p.P2PException;
import dev.blocksmith.p2p.P2PNetwork;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.RpcCategory;
import dev.blocksmith.rpc.methods.RpcParam;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import java.util.List;

/**
 * {@code getblockfrompeer "blockhash" peer_id}: asks one peer for a block whose header is known (a side branch, or a
 * pruned block of the best chain) and returns at once; the block is stored when it arrives, without undo data, so a
 * pruned node's pruneheight does not move.
 */
public final class GetBlockFromPeerMethod extends NetworkMethod {
    private static final String EXAMPLE_ARGS = "\"00000000c937983704a73af28acdec37b049d214adbda81d7e2a3dd146f6ed09\" 0";

    private final ChainManager chain;

    public GetBlockFromPeerMethod(P2PNetwork network, ChainManager chain) {
        super(network, "getblockfrompeer", """
                Attempt to fetch block from a given peer.

                We must have the header for this block, e.g. using submitheader.
                The block will not have any undo data which can limit the usage of the block data in a context where the undo data is needed.
                Subsequent calls for the same block may cause the response from the previous peer to be ignored.
                Peers generally ignore requests for a stale block that they never fully verified, or one that is more than a month old.
                When a peer does not respond with a block, we will disconnect.
                Note: The block could be re-pruned as soon as it is received.

                Returns an empty JSON object if the request was successfully scheduled.""",
                "{ }    (json object)",
                List.of(RpcParamSpec.required("blockhash", RpcParamType.STR_HEX, "The block hash to try to fetch"),
                        RpcParamSpec.required("peer_id", RpcParamType.NUM, "The peer to fetch it from (see getpeerinfo for peer IDs)")));
        this.chain = chain;
    }

    @Override
    public RpcCategory category() {
        return RpcCategory.BLOCKCHAIN;
    }

    @Override
    public List<HelpExample> examples() {
        return List.of(new HelpExample(EXAMPLE_ARGS, "[" + EXAMPLE_ARGS.replace(" ", ", ") + "]"));
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        // bitcoind 30 reads it as a uint256 argument, whose error names it "hash".
        Sha256Hash hash = new RpcParam("hash", request.arg("blockhash").json()).asHash();
        long peerId = request.arg("peer_id").asLong();
        BlockIndex index = chain.index(hash).orElseThrow(() -> RpcException.misc("Block header missing"));
        // bitcoind: a block above the tip fetched by a pruning node could keep its block file from being pruned.
        if (chain.pruneOptions().enabled() && index.height() > chain.tip().index().height()) {
            throw RpcException.misc("In prune mode, only blocks that the node has already synced previously can be fetched from a peer");
        }
        if (index.haveData()) throw RpcException.misc("Block already downloaded");
        try {
            network.fetchBlock(peerId, hash);
        } catch (P2PException e) {
            throw P2PErrors.toRpc(e);
        }
        return RpcJson.object();
    }
}
