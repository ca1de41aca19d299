package dev.blocksmith.rpc.methods.mining;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.consensus.ValidationException;
import dev.blocksmith.core.primitives.Hex;
import dev.blocksmith.core.primitives.SerializationException;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.script.SigOpCounter;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.miner.BlockGenerator;
import dev.blocksmith.miner.template.BlockTemplateBuilder;
import dev.blocksmith.miner.template.TemplateTransaction;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.RpcCategory;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code generateblock "output" ["rawtx/txid",...] ( submit )}: mine one block holding exactly the
 * given transactions, in order. As in bitcoind the coinbase claims only the subsidy.
 */
public final class GenerateBlockMethod implements RpcMethod {
    private final MiningContext ctx;

    public GenerateBlockMethod(MiningContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public String name() {
        return "generateblock";
    }

    @Override
    public RpcCategory category() {
        return RpcCategory.GENERATING;
    }

    @Override
    public List<RpcParamSpec> params() {
        return List.of(RpcParamSpec.required("output", RpcParamType.STR, "The address or descriptor to send the newly generated bitcoin to."),
                RpcParamSpec.required("transactions", RpcParamType.ARR, "An array of hex strings which are either txids or raw transactions.\nTxids must reference transactions currently in the mempool.\nAll transactions must be valid and in valid order, otherwise the block will be rejected."),
                RpcParamSpec.withDefault("submit", RpcParamType.BOOL, true, "Whether to submit the block before the RPC call returns or to return it as hex."));
    }

    @Override
    public String description() {
        return "Mine a set of ordered transactions to a specified address or descriptor and return the block hash.";
    }

    @Override
    public String resultHelp() {
        return "{ \"hash\" : \"hex\", \"hex\" : \"str\" }";
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        Script payTo = PayoutScripts.fromAddressOrDescriptor(request.arg("output").asString(), ctx.chain().params());
        List<TemplateTransaction> txs = new ArrayList<>();
        for (JsonNode item : request.arg("transactions").asArray()) {
            String s = item.asText();
            Transaction tx;
            if (s.length() == 64 && Hex.isHex(s)) {
                tx = ctx.mempoolTx().apply(Sha256Hash.fromHex(s)).orElseThrow(() ->
                        new RpcException(RpcErrorCode.INVALID_ADDRESS_OR_KEY, "Transaction " + s + " not in mempool."));
            } else {
                try {
                    tx = Transaction.fromHex(s);
                } catch (SerializationException | IllegalArgumentException e) {
                    throw new RpcException(RpcErrorCode.DESERIALIZATION_ERROR, "Transaction decode failed for " + s + ". Make sure the tx has at least one input.");
                }
            }
            txs.add(new TemplateTransaction(tx, 0, (long) SigOpCounter.legacyCount(tx) * 4));
        }
        boolean submit = request.arg("submit").asBool();
        BlockTemplateBuilder builder = new BlockTemplateBuilder(ctx.chain(), (w, s) -> txs, BlockTemplateBuilder.DEFAULT_BLOCK_MAX_WEIGHT);
        BlockGenerator generator = new BlockGenerator(ctx.chain(), builder);
        Block block;
        try {
            block = generator.mineOne(payTo, GenerateToAddressMethod.DEFAULT_MAX_TRIES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RpcException(RpcErrorCode.MISC_ERROR, "Shutting down");
        }
        if (block == null) throw new RpcException(RpcErrorCode.MISC_ERROR, "Failed to make block.");
        ObjectNode o = RpcJson.object();
        o.put("hash", block.hash().toHex());
        if (submit) {
            try {
                ctx.chain().processBlock(block);
            } catch (ValidationException e) {
                throw new RpcException(RpcErrorCode.VERIFY_ERROR, "TestBlockValidity failed: " + e.reason() + (e.debug().isEmpty() ? "" : ", " + e.debug()));
            }
        } else {
            o.put("hex", block.toHex());
        }
        return o;
    }
}
