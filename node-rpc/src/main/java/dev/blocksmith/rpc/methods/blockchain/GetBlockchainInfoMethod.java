package dev.blocksmith.rpc.methods.blockchain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.core.chain.BlockIndex;
import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.core.consensus.Difficulty;
import dev.blocksmith.core.params.ChainTxData;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.RpcCategory;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcRequest;
import dev.blocksmith.rpc.render.BlockRender;
import dev.blocksmith.rpc.render.JsonNumbers;
import java.util.Objects;

/** {@code getblockchaininfo}: state of the best chain, with bitcoind 30's fields. */
public final class GetBlockchainInfoMethod implements RpcMethod {
    private final ChainManager chain;
    private final ChainTxData txData;

    public GetBlockchainInfoMethod(ChainManager chain, ChainTxData txData) {
        this.chain = Objects.requireNonNull(chain);
        this.txData = Objects.requireNonNull(txData);
    }

    @Override public String name() { return "getblockchaininfo"; }
    @Override public RpcCategory category() { return RpcCategory.BLOCKCHAIN; }

    @Override
    public String description() {
        return "Returns an object containing various state info regarding blockchain processing.";
    }

    @Override
    public String resultHelp() {
        return """
                {                                         (json object)
                  "chain" : "str",                        (string) current network name (main, test, testnet4, signet, regtest)
                  "blocks" : n,                           (numeric) the height of the most-work fully-validated chain. The genesis block has height 0
                  "headers" : n,                          (numeric) the current number of headers we have validated
                  "bestblockhash" : "str",                (string) the hash of the currently best block
                  "bits" : "hex",                         (string) nBits: compact representation of the block difficulty target
                  "target" : "hex",                       (string) The difficulty target
                  "difficulty" : n,                       (numeric) the current difficulty
                  "time" : xxx,                           (numeric) The block time expressed in UNIX epoch time
                  "mediantime" : xxx,                     (numeric) The median block time expressed in UNIX epoch time
                  "verificationprogress" : n,             (numeric) estimate of verification progress [0..1]
                  "initialblockdownload" : true|false,    (boolean) (debug information) estimate of whether this node is in Initial Block Download mode
                  "chainwork" : "hex",                    (string) total amount of work in active chain, in hexadecimal
                  "size_on_disk" : n,                     (numeric) the estimated size of the block and undo files on disk
                  "pruned" : true|false,                  (boolean) if the blocks are subject to pruning
                  "pruneheight" : n,                      (numeric, optional) the first block unpruned, all previous blocks were pruned (only present if pruning is enabled)
                  "automatic_pruning" : true|false,       (boolean, optional) whether automatic pruning is enabled (only present if pruning is enabled)
                  "prune_target_size" : n,                (numeric, optional) the target size used by pruning (only present if automatic pruning is enabled)
                  "warnings" : [                          (json array) any network and blockchain warnings (run with `-deprecatedrpc=warnings` to return the latest warning as a single string)
                    "str",                                (string) warning
                    ...
                  ]
                }""";
    }

    @Override
    public JsonNode execute(RpcRequest request) {
        BlockIndex tip = chain.tip().index();
        ObjectNode out = RpcJson.object();
        out.put("chain", chain.params().name());
        out.put("blocks", tip.height());
        out.put("headers", chain.bestHeader().height());
        out.put("bestblockhash", tip.hash().toHex());
        long bits = tip.header().bits();
        out.put("bits", BlockRender.bitsHex(bits));
        out.put("target", BlockRender.target(bits));
        out.set("difficulty", JsonNumbers.ofDouble(Difficulty.difficulty(bits)));
        out.put("time", tip.time());
        out.put("mediantime", tip.medianTimePast());
        out.set("verificationprogress", JsonNumbers.ofDouble(verificationProgress(tip, chain.now())));
        out.put("initialblockdownload", chain.isInitialBlockDownload());
        out.put("chainwork", BlockRender.hex256(tip.chainWork()));
        // bitcoind's CalculateCurrentUsage: the bytes of the blk and rev files.
        out.put("size_on_disk", chain.blockStore().totalBytes());
        // bitcoind: pruneheight is the first block of the unpruned run up to the tip (0 when nothing was pruned).
        out.put("pruned", chain.pruneOptions().enabled());
        if (chain.pruneOptions().enabled()) {
            out.put("pruneheight", chain.lastPrunedHeight().orElse(-1) + 1);
            out.put("automatic_pruning", chain.pruneOptions().automatic());
            if (chain.pruneOptions().automatic()) out.put("prune_target_size", chain.pruneOptions().targetBytes());
        }
        // bitcoind adds the block challenge on every signet (feature_signet reads it).
        chain.params().signetChallenge().ifPresent(c -> out.put("signet_challenge", c.toHex()));
        com.fasterxml.jackson.databind.node.ArrayNode warnings = out.putArray("warnings");
        chain.warnings().messages().forEach(warnings::add);
        return out;
    }

    /**
     * bitcoind's GuessVerificationProgress: transactions verified over transactions expected by now. With a
     * tip within two hours of the clock, bitcoind 30 counts the time from the best header's height instead of
     * the tip's timestamp (one target spacing per missing block), so the value is exactly 1 when no newer
     * header is known and below 1 as soon as one is.
     */
    double verificationProgress(BlockIndex tip, long now) {
        long chainTx = tip.chainTxCount();
        if (chainTx <= 0) return 0.0;
        BlockIndex best = chain.bestHeader();
        long blockTime = Math.abs(now - tip.time()) <= 2 * 3600 && best.height() >= tip.height()
                ? now - (long) (best.height() - tip.height()) * chain.params().targetSpacing()
                : tip.time();
        double expected;
        if (chainTx <= txData.txCount()) {
            expected = txData.txCount() + (now - txData.time()) * txData.txRate();
        } else {
            expected = chainTx + (now - blockTime) * txData.txRate();
        }
        return Math.min(chainTx / expected, 1.0);
    }
}
