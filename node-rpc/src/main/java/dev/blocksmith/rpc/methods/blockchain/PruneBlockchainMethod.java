package dev.blocksmith.rpc.methods.blockchain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import dev.blocksmith.core.chain.BlockIndex;
import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.methods.RpcCategory;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code pruneblockchain height}: deletes block and undo data up to a height (or a time), bitcoind's checks and
 * messages; the answer is the height of the last pruned block, -1 when none is.
 */
public final class PruneBlockchainMethod implements RpcMethod {
    private static final Logger LOG = LoggerFactory.getLogger(PruneBlockchainMethod.class);
    /** Above this the argument is a time, not a height (bitcoind: a billion is September 2001). */
    private static final long TIMESTAMP_THRESHOLD = 1_000_000_000L;
    /** bitcoind's TIMESTAMP_WINDOW: blocks up to two hours older than the time given are included. */
    private static final long TIMESTAMP_WINDOW = 2 * 60 * 60;

    private final ChainManager chain;

    public PruneBlockchainMethod(ChainManager chain) {
        this.chain = Objects.requireNonNull(chain);
    }

    @Override public String name() { return "pruneblockchain"; }
    @Override public RpcCategory category() { return RpcCategory.BLOCKCHAIN; }

    @Override
    public List<RpcParamSpec> params() {
        return List.of(RpcParamSpec.required("height", RpcParamType.NUM,
                "The block height to prune up to. May be set to a discrete height, or to a UNIX epoch time\n"
                        + "to prune blocks whose block time is at least 2 hours older than the provided timestamp."));
    }

    @Override
    public String description() {
        return "Attempts to delete block and undo data up to a specified height or timestamp, if eligible for pruning.\n"
                + "Requires `-prune` to be enabled at startup. Deleted data cannot be restored locally: it would have to be "
                + "downloaded again.";
    }

    @Override
    public String resultHelp() {
        return "n    (numeric) Height of the last block pruned";
    }

    @Override
    public List<HelpExample> examples() {
        return List.of(new HelpExample("1000", "[1000]"));
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        if (!chain.pruneOptions().enabled()) throw RpcException.misc("Cannot prune blocks because node is not in prune mode.");
        long requested = request.arg("height").asInt();
        if (requested < 0) throw RpcException.invalidParameter("Negative block height.");
        if (requested > TIMESTAMP_THRESHOLD) {
            requested = earliestAtLeast(requested - TIMESTAMP_WINDOW)
                    .orElseThrow(() -> RpcException.invalidParameter("Could not find block with at least the specified timestamp."))
                    .height();
        }
        int chainHeight = chain.tip().height();
        if (chainHeight < chain.pruneAfterHeight()) throw RpcException.misc("Blockchain is too short for pruning.");
        if (requested > chainHeight) throw RpcException.invalidParameter("Blockchain is shorter than the attempted prune height.");
        if (requested > chainHeight - ChainManager.MIN_BLOCKS_TO_KEEP) {
            LOG.debug("Attempt to prune blocks close to the tip.  Retaining the minimum number of blocks.");
        }
        return IntNode.valueOf(chain.pruneBlockchain((int) requested).orElse(-1));
    }

    /**
     * bitcoind's CChain::FindEarliestAtLeast: the first block of the best chain whose time, or an earlier block's
     * (block times need not increase), reaches {@code time}.
     */
    private Optional<BlockIndex> earliestAtLeast(long time) {
        long maxTime = Long.MIN_VALUE;
        int tipHeight = chain.tip().height();
        for (int h = 0; h <= tipHeight; h++) {
            Optional<BlockIndex> idx = chain.atHeight(h);
            if (idx.isEmpty()) break;
            maxTime = Math.max(maxTime, idx.get().time());
            if (maxTime >= time) return idx;
        }
        return Optional.empty();
    }
}
