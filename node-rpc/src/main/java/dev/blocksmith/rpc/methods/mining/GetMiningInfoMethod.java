package dev.blocksmith.rpc.methods.mining;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.core.chain.BlockIndex;
import dev.blocksmith.core.consensus.Difficulty;
import dev.blocksmith.core.consensus.DifficultyCalculator;
import dev.blocksmith.core.primitives.Amount;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.RpcCategory;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcRequest;
import dev.blocksmith.rpc.render.JsonNumbers;

/** {@code getmininginfo}, shaped as bitcoind 30's (with the {@code next} block's target). */
public final class GetMiningInfoMethod implements RpcMethod {
    private final MiningContext ctx;
    private final Amount blockMinTxFeePerKvB;

    public GetMiningInfoMethod(MiningContext ctx, Amount blockMinTxFeePerKvB) {
        this.ctx = ctx;
        this.blockMinTxFeePerKvB = blockMinTxFeePerKvB;
    }

    @Override
    public String name() {
        return "getmininginfo";
    }

    @Override
    public RpcCategory category() {
        return RpcCategory.MINING;
    }

    @Override
    public String description() {
        return "Returns a json object containing mining-related information.";
    }

    @Override
    public String resultHelp() {
        return "{ \"blocks\" : n, \"bits\" : \"hex\", \"difficulty\" : n, \"target\" : \"hex\", \"networkhashps\" : n, \"pooledtx\" : n, "
                + "\"blockmintxfee\" : n, \"chain\" : \"str\", \"next\" : { ... }, \"warnings\" : [ ... ] }";
    }

    @Override
    public JsonNode execute(RpcRequest request) {
        BlockIndex tip = ctx.chain().tip().index();
        long bits = tip.header().bits();
        ObjectNode o = RpcJson.object();
        o.put("blocks", tip.height());
        // Present once this node assembled a block (bitcoind's BlockAssembler::m_last_block_*).
        ctx.templates().lastBlock().ifPresent(b -> {
            o.put("currentblockweight", b.weight());
            o.put("currentblocktx", b.transactions());
        });
        o.put("bits", String.format("%08x", bits));
        o.set("difficulty", JsonNumbers.ofDouble(Difficulty.difficulty(bits)));
        o.put("target", String.format("%064x", Difficulty.decodeCompact(bits)));
        o.set("networkhashps", JsonNumbers.ofDouble(NetworkHashRate.estimate(tip, 120, ctx.chain().params().retargetInterval())));
        o.put("pooledtx", ctx.mempoolSize().getAsInt());
        o.set("blockmintxfee", RpcJson.amount(blockMinTxFeePerKvB));
        o.put("chain", ctx.chain().params().name());
        // bitcoind adds the block challenge on every signet (feature_signet reads it).
        ctx.chain().params().signetChallenge().ifPresent(c -> o.put("signet_challenge", c.toHex()));
        long nextBits = DifficultyCalculator.nextWorkRequired(tip, Math.max(ctx.chain().now(), tip.medianTimePast() + 1), ctx.chain().params());
        ObjectNode next = o.putObject("next");
        next.put("height", tip.height() + 1);
        next.put("bits", String.format("%08x", nextBits));
        next.set("difficulty", JsonNumbers.ofDouble(Difficulty.difficulty(nextBits)));
        next.put("target", String.format("%064x", Difficulty.decodeCompact(nextBits)));
        com.fasterxml.jackson.databind.node.ArrayNode warnings = o.putArray("warnings");
        ctx.chain().warnings().messages().forEach(warnings::add);
        return o;
    }
}
