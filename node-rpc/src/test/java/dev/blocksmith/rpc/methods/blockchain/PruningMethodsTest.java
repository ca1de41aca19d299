package dev.blocksmith.rpc.methods.blockchain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.chain.BlockIndex;
import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.core.chain.ChainOptions;
import dev.blocksmith.core.chain.FlatFileBlockStore;
import dev.blocksmith.core.chain.MemoryBlockFiles;
import dev.blocksmith.core.chain.PruneOptions;
import dev.blocksmith.core.consensus.BlockScriptVerifier;
import dev.blocksmith.core.filter.BlockFilterType;
import dev.blocksmith.core.index.BlockFilterIndex;
import dev.blocksmith.core.index.Indexes;
import dev.blocksmith.core.params.ChainTxData;
import dev.blocksmith.core.params.Networks;
import dev.blocksmith.core.store.MemoryKeyValueStore;
import dev.blocksmith.core.testing.TestBlocks;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.ArgumentBinder;
import dev.blocksmith.rpc.methods.MethodRegistry;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcRequest;
import dev.blocksmith.rpc.schema.OpenRpcSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** pruneblockchain, getblockchaininfo's pruning fields and the errors of pruned blocks, as bitcoind 30. */
class PruningMethodsTest {
    private static final BlockScriptVerifier ACCEPT_ALL = (block, spent, flags) -> { };

    private final List<Block> blocks = new ArrayList<>();

    private MethodRegistry node(PruneOptions prune, int height) throws Exception {
        return node(prune, height, false);
    }

    /** @param filterIndex with -blockfilterindex (basic), synced before the registry is returned */
    private MethodRegistry node(PruneOptions prune, int height, boolean filterIndex) throws Exception {
        // bitcoind prunes whole blk/rev file pairs; with a file size limit below any block each file holds one block,
        // so the heights pruned are those of the files chosen.
        ChainManager chain = ChainManager.open(Networks.REGTEST, new MemoryKeyValueStore(),
                FlatFileBlockStore.inMemory(new MemoryBlockFiles(), Networks.REGTEST.magic(), 1), ACCEPT_ALL,
                new ChainOptions(true, false).withPrune(prune), () -> 1_800_000_000L);
        BlockIndex prev = chain.tip().index();
        blocks.clear();
        for (int i = 1; i <= height; i++) {
            Block b = TestBlocks.nextBlock(Networks.REGTEST, prev, TestBlocks.p2wpkhScript(3), List.of(), 0, i);
            chain.processBlock(b);
            blocks.add(b);
            prev = chain.index(b.hash()).orElseThrow();
        }
        Indexes indexes = Indexes.NONE;
        if (filterIndex) {
            BlockFilterIndex index = new BlockFilterIndex(BlockFilterType.BASIC, chain, new MemoryKeyValueStore());
            index.start();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!index.summary().synced() && System.nanoTime() < deadline) Thread.sleep(10);
            assertThat(index.summary().synced()).isTrue();
            indexes = new Indexes(Map.of(BlockFilterType.BASIC, index));
        }
        MethodRegistry registry = new MethodRegistry();
        BlockchainMethods.register(registry, chain, ChainTxData.NONE, Optional.empty(), indexes);
        ChainStatsMethods.register(registry, chain);
        return registry;
    }

    private static JsonNode call(MethodRegistry registry, String method, String params) throws RpcException {
        RpcMethod m = registry.find(method).orElseThrow();
        ArrayNode args = ArgumentBinder.bind(m, RpcJson.parse(params).orElseThrow());
        return m.execute(new RpcRequest(method, args, m.params(), Optional.empty(), "test"));
    }

    private static void assertRpcError(MethodRegistry registry, String method, String params, RpcErrorCode code, String message) {
        assertThatThrownBy(() -> call(registry, method, params)).isInstanceOfSatisfying(RpcException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }

    private String hash(int height) {
        return "\"" + blocks.get(height - 1).hash().toHex() + "\"";
    }

    @Test
    void manualPruningThroughTheRpc() throws Exception {
        MethodRegistry node = node(PruneOptions.fromMiB(1, true), 400);
        JsonNode info = call(node, "getblockchaininfo", "[]");
        OpenRpcSchema.assertValidResult("getblockchaininfo", info);
        assertThat(info.get("pruned").asBoolean()).isTrue();
        assertThat(info.get("pruneheight").asInt()).isZero();
        assertThat(info.get("automatic_pruning").asBoolean()).isFalse();
        assertThat(info.has("prune_target_size")).isFalse();

        assertRpcError(node, "pruneblockchain", "[-1]", RpcErrorCode.INVALID_PARAMETER, "Negative block height.");
        assertRpcError(node, "pruneblockchain", "[401]", RpcErrorCode.INVALID_PARAMETER,
                "Blockchain is shorter than the attempted prune height.");
        assertRpcError(node, "pruneblockchain", "[1900000000]", RpcErrorCode.INVALID_PARAMETER,
                "Could not find block with at least the specified timestamp.");
        // A time: the blocks at least two hours older than it, here up to block 50.
        long time = blocks.get(49).header().time() + 2 * 60 * 60;
        assertThat(call(node, "pruneblockchain", "[" + time + "]").asInt()).isEqualTo(50);
        // Close to the tip: the last 288 blocks stay.
        assertThat(call(node, "pruneblockchain", "[400]").asInt()).isEqualTo(112);

        info = call(node, "getblockchaininfo", "[]");
        OpenRpcSchema.assertValidResult("getblockchaininfo", info);
        assertThat(info.get("pruneheight").asInt()).isEqualTo(113);
        assertRpcError(node, "getblock", "[" + hash(2) + ", 0]", RpcErrorCode.MISC_ERROR, "Block not available (pruned data)");
        assertRpcError(node, "getblock", "[" + hash(2) + "]", RpcErrorCode.MISC_ERROR, "Block not available (pruned data)");
        assertRpcError(node, "getblockstats", "[2]", RpcErrorCode.MISC_ERROR, "Block not available (pruned data)");
        // verifychain stops at pruned blocks and says the check was not complete.
        assertThat(call(node, "verifychain", "[4, 0]").asBoolean()).isFalse();
        assertThat(call(node, "verifychain", "[4, 10]").asBoolean()).isTrue();
        assertThat(call(node, "getblock", "[" + hash(113) + ", 0]").asText()).isEqualTo(
                dev.blocksmith.core.primitives.Hex.encode(blocks.get(112).serialize()));
        assertThat(call(node, "getblockheader", "[" + hash(2) + "]").get("height").asInt()).isEqualTo(2);
    }

    @Test
    void scanblocksCannotCheckFalsePositivesInPrunedBlocks() throws Exception {
        MethodRegistry node = node(PruneOptions.fromMiB(1, true), 400, true);
        assertThat(call(node, "pruneblockchain", "[400]").asInt()).isEqualTo(112);
        String paidScript = "[\"raw(" + dev.blocksmith.core.primitives.Hex.encode(TestBlocks.p2wpkhScript(3).bytes()) + ")\"]";

        // The filters stay: without the check the pruned block is found from its filter alone.
        JsonNode unchecked = call(node, "scanblocks", "[\"start\", " + paidScript + ", 2, 2]");
        assertThat(unchecked.get("relevant_blocks").get(0).asText()).isEqualTo(blocks.get(1).hash().toHex());
        // bitcoind's CheckBlockFilterMatches reads the block: its data is gone, so the scan fails.
        assertRpcError(node, "scanblocks", "[\"start\", " + paidScript + ", 2, 2, \"basic\", {\"filter_false_positives\": true}]",
                RpcErrorCode.MISC_ERROR, "Block not available (pruned data)");
        // Above the pruned blocks the check reads them and keeps the true match.
        JsonNode checked = call(node, "scanblocks", "[\"start\", " + paidScript + ", 200, 200, \"basic\", {\"filter_false_positives\": true}]");
        assertThat(checked.get("relevant_blocks").get(0).asText()).isEqualTo(blocks.get(199).hash().toHex());
        // A failed scan does not keep the scan slot: no scan is in progress afterwards.
        assertThat(call(node, "scanblocks", "[\"status\"]").isNull()).isTrue();
    }

    @Test
    void automaticPruningShowsItsTargetInBytes() throws Exception {
        MethodRegistry node = node(PruneOptions.fromMiB(550, false), 3);
        JsonNode info = call(node, "getblockchaininfo", "[]");
        OpenRpcSchema.assertValidResult("getblockchaininfo", info);
        assertThat(info.get("pruned").asBoolean()).isTrue();
        assertThat(info.get("pruneheight").asInt()).isZero();
        assertThat(info.get("automatic_pruning").asBoolean()).isTrue();
        assertThat(info.get("prune_target_size").asLong()).isEqualTo(576_716_800L);
        // Regtest without -fastprune: nothing is pruned below height 1000.
        assertRpcError(node, "pruneblockchain", "[1]", RpcErrorCode.MISC_ERROR, "Blockchain is too short for pruning.");
    }

    @Test
    void aNodeWithoutPruneRefuses() throws Exception {
        MethodRegistry node = node(PruneOptions.OFF, 3);
        JsonNode info = call(node, "getblockchaininfo", "[]");
        assertThat(info.get("pruned").asBoolean()).isFalse();
        assertThat(info.has("pruneheight")).isFalse();
        assertThat(info.has("automatic_pruning")).isFalse();
        assertRpcError(node, "pruneblockchain", "[1]", RpcErrorCode.MISC_ERROR,
                "Cannot prune blocks because node is not in prune mode.");
    }
}
