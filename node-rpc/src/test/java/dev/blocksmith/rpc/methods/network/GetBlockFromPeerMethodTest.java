package dev.blocksmith.rpc.methods.network;

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
import dev.blocksmith.core.params.ChainTxData;
import dev.blocksmith.core.params.Networks;
import dev.blocksmith.core.store.MemoryKeyValueStore;
import dev.blocksmith.core.testing.TestBlocks;
import dev.blocksmith.p2p.AddNodeAction;
import dev.blocksmith.p2p.P2PConfig;
import dev.blocksmith.p2p.P2PNetwork;
import dev.blocksmith.p2p.sync.ChainManagerBackend;
import dev.blocksmith.p2p.sync.MempoolBackend;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.ArgumentBinder;
import dev.blocksmith.rpc.methods.MethodRegistry;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcRequest;
import dev.blocksmith.rpc.methods.blockchain.BlockchainMethods;
import dev.blocksmith.rpc.schema.OpenRpcSchema;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** getblockfrompeer as bitcoind 30 (rpc_getblockfrompeer, feature_pruning's test_pruneheight_undo_presence). */
class GetBlockFromPeerMethodTest {
    private static final BlockScriptVerifier ACCEPT_ALL = (block, spent, flags) -> { };
    private static final int HEIGHT = 400;

    private final List<Block> blocks = new ArrayList<>();
    private final List<P2PNetwork> networks = new ArrayList<>();

    @AfterEach
    void stop() {
        networks.forEach(P2PNetwork::stop);
    }

    /** A chain of the test's blocks; with each block in its own file, so that pruning takes whole blocks. */
    private ChainManager chain(PruneOptions prune) throws Exception {
        ChainManager chain = ChainManager.open(Networks.REGTEST, new MemoryKeyValueStore(),
                FlatFileBlockStore.inMemory(new MemoryBlockFiles(), Networks.REGTEST.magic(), 1), ACCEPT_ALL,
                new ChainOptions(true, false).withPrune(prune), () -> 1_800_000_000L);
        if (blocks.isEmpty()) {
            BlockIndex prev = chain.tip().index();
            for (int i = 1; i <= HEIGHT; i++) {
                Block b = TestBlocks.nextBlock(Networks.REGTEST, prev, TestBlocks.p2wpkhScript(3), List.of(), 0, i);
                chain.processBlock(b);
                blocks.add(b);
                prev = chain.index(b.hash()).orElseThrow();
            }
        } else {
            for (Block b : blocks) chain.processBlock(b);
        }
        return chain;
    }

    private P2PNetwork network(ChainManager chain) {
        P2PNetwork n = new P2PNetwork(P2PConfig.defaults(0).withBind("127.0.0.1", 0).withDnsSeed(false),
                new ChainManagerBackend(chain), MempoolBackend.none(), Clock.systemUTC());
        n.start();
        networks.add(n);
        return n;
    }

    private static MethodRegistry rpc(ChainManager chain, P2PNetwork network) {
        MethodRegistry registry = new MethodRegistry();
        BlockchainMethods.register(registry, chain, ChainTxData.NONE);
        registry.register(new GetBlockFromPeerMethod(network, chain));
        return registry;
    }

    private static JsonNode call(MethodRegistry registry, String method, String params) throws RpcException {
        RpcMethod m = registry.find(method).orElseThrow();
        ArrayNode args = ArgumentBinder.bind(m, RpcJson.parse(params).orElseThrow());
        return m.execute(new RpcRequest(method, args, m.params(), Optional.empty(), "test"));
    }

    private static void assertRpcError(MethodRegistry registry, String params, RpcErrorCode code, String message) {
        assertThatThrownBy(() -> call(registry, "getblockfrompeer", params)).isInstanceOfSatisfying(RpcException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }

    private String hash(int height) {
        return "\"" + blocks.get(height - 1).hash().toHex() + "\"";
    }

    @Test
    void aPrunedBlockIsFetchedAgainWithoutMovingThePruneHeight() throws Exception {
        ChainManager full = chain(PruneOptions.OFF);
        ChainManager pruned = chain(PruneOptions.fromMiB(1, true));
        assertThat(pruned.pruneBlockchain(HEIGHT)).hasValue(112);
        P2PNetwork source = network(full);
        P2PNetwork node = network(pruned);
        MethodRegistry rpc = rpc(pruned, node);

        // The checks before any peer is asked, in bitcoind's order.
        assertRpcError(rpc, "[\"1234\", 0]", RpcErrorCode.INVALID_PARAMETER, "hash must be of length 64 (not 4, for '1234')");
        assertRpcError(rpc, "[\"" + "00".repeat(32) + "\", 0]", RpcErrorCode.MISC_ERROR, "Block header missing");
        assertRpcError(rpc, "[" + hash(200) + ", 0]", RpcErrorCode.MISC_ERROR, "Block already downloaded");
        assertRpcError(rpc, "[" + hash(2) + ", 0]", RpcErrorCode.MISC_ERROR, "Peer does not exist");

        node.addNode("127.0.0.1:" + source.listenAddress().orElseThrow().getPort(), AddNodeAction.ONETRY);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (node.peers().isEmpty() && System.nanoTime() < deadline) Thread.sleep(20);
        long peer = node.peers().get(0).id();
        assertRpcError(rpc, "[" + hash(2) + ", " + (peer + 1) + "]", RpcErrorCode.MISC_ERROR, "Peer does not exist");

        JsonNode result = null;
        while (result == null) {
            try {
                result = call(rpc, "getblockfrompeer", "[" + hash(2) + ", " + peer + "]");
            } catch (RpcException e) {
                // Until the version handshake is over the peer's services are not known.
                if (!e.getMessage().equals("Pre-SegWit peer") && !e.getMessage().equals("Peer not fully connected")
                        || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(20);
            }
        }
        OpenRpcSchema.assertValidResult("getblockfrompeer", result);
        assertThat(RpcJson.write(result)).isEqualTo("{}");
        BlockIndex second = pruned.atHeight(2).orElseThrow();
        deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!second.haveData() && System.nanoTime() < deadline) Thread.sleep(20);
        assertThat(call(rpc, "getblock", "[" + hash(2) + ", 0]").asText())
                .isEqualTo(dev.blocksmith.core.primitives.Hex.encode(blocks.get(1).serialize()));
        // Stored without undo data: the pruned range reported stays.
        assertThat(call(rpc, "getblockchaininfo", "[]").get("pruneheight").asInt()).isEqualTo(113);
        assertRpcError(rpc, "[" + hash(2) + ", " + peer + "]", RpcErrorCode.MISC_ERROR, "Block already downloaded");
        assertThat(pruned.tip().height()).isEqualTo(HEIGHT);
    }

    @Test
    void aPruningNodeFetchesNoBlockAboveItsTip() throws Exception {
        ChainManager pruned = chain(PruneOptions.fromMiB(1, true));
        Block next = TestBlocks.nextBlock(Networks.REGTEST, pruned.tip().index(), TestBlocks.p2wpkhScript(3), List.of(), 0, HEIGHT + 1);
        pruned.processHeader(next.header());
        MethodRegistry rpc = rpc(pruned, network(pruned));
        assertRpcError(rpc, "[\"" + next.hash().toHex() + "\", 0]", RpcErrorCode.MISC_ERROR,
                "In prune mode, only blocks that the node has already synced previously can be fetched from a peer");

        ChainManager full = chain(PruneOptions.OFF);
        full.processHeader(next.header());
        assertRpcError(rpc(full, network(full)), "[\"" + next.hash().toHex() + "\", 0]", RpcErrorCode.MISC_ERROR,
                "Peer does not exist");
    }
}
