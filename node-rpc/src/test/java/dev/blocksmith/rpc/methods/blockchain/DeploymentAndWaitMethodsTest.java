package dev.blocksmith.rpc.methods.blockchain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.block.BlockHeader;
import dev.blocksmith.core.chain.BlockIndex;
import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.core.chain.ChainOptions;
import dev.blocksmith.core.consensus.BlockScriptVerifier;
import dev.blocksmith.core.params.BuriedDeployment;
import dev.blocksmith.core.params.ChainTxData;
import dev.blocksmith.core.params.NetworkParams;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * getdeploymentinfo, getindexinfo and the waitfor* methods on a regtest chain whose blocks signal
 * testdummy (bit 28) as bitcoind's templates do, with rpc_blockchain.py's -testactivationheight values.
 */
class DeploymentAndWaitMethodsTest {
    private static final BlockScriptVerifier ACCEPT_ALL = (block, spent, flags) -> { };
    private static final NetworkParams PARAMS = Networks.REGTEST.withActivationHeights(Map.of(
            BuriedDeployment.BIP34, 2, BuriedDeployment.DERSIG, 3, BuriedDeployment.CLTV, 4,
            BuriedDeployment.CSV, 5, BuriedDeployment.SEGWIT, 6));

    private final MethodRegistry registry = new MethodRegistry();
    private ChainManager chain;

    private void open(NetworkParams params, ChainOptions options) {
        chain = ChainManager.open(params, new MemoryKeyValueStore(), ACCEPT_ALL, options, () -> 1_800_000_000L);
        BlockchainMethods.register(registry, chain, ChainTxData.NONE);
    }

    /** Mines {@code n} blocks with the version a template would carry (signalling started deployments). */
    private void mine(int n) throws Exception {
        for (int i = 0; i < n; i++) {
            BlockIndex prev = chain.tip().index();
            Block b = TestBlocks.nextBlock(chain.params(), prev, TestBlocks.p2wpkhScript(3), List.of(), 0, prev.height() + 1);
            BlockHeader h = b.header();
            BlockHeader versioned = new BlockHeader(chain.versionBits().blockVersion(prev, chain.params()), h.prevHash(),
                    h.merkleRoot(), h.time(), h.bits(), 0);
            chain.processBlock(new Block(TestBlocks.solve(versioned, chain.params()), b.transactions()));
        }
    }

    private JsonNode call(String method, String params) throws RpcException {
        RpcMethod m = registry.find(method).orElseThrow();
        ArrayNode args = ArgumentBinder.bind(m, RpcJson.parse(params).orElseThrow());
        return m.execute(new RpcRequest(method, args, m.params(), Optional.empty(), "test"));
    }

    @Test
    void deploymentInfoWhileTestdummySignals() throws Exception {
        open(PARAMS, ChainOptions.defaults());
        mine(207);
        String tip207 = chain.tip().hash().toHex();
        JsonNode info = call("getdeploymentinfo", "[]");
        OpenRpcSchema.assertValidResult("getdeploymentinfo", info);
        // rpc_blockchain.py's check_signalling_deploymentinfo_result at height 207.
        // Compared as parsed text, so int and long number nodes of equal value match.
        assertThat(RpcJson.parse(RpcJson.write(info)).orElseThrow()).isEqualTo(RpcJson.parse("""
                {"hash": "%s", "height": 207,
                 "script_flags": ["CHECKLOCKTIMEVERIFY","CHECKSEQUENCEVERIFY","DERSIG","NULLDUMMY","P2SH","TAPROOT","WITNESS"],
                 "deployments": {
                   "bip34": {"type": "buried", "active": true, "height": 2},
                   "bip66": {"type": "buried", "active": true, "height": 3},
                   "bip65": {"type": "buried", "active": true, "height": 4},
                   "csv": {"type": "buried", "active": true, "height": 5},
                   "segwit": {"type": "buried", "active": true, "height": 6},
                   "testdummy": {"type": "bip9", "active": false, "bip9": {
                     "bit": 28, "start_time": 0, "timeout": 9223372036854775807, "min_activation_height": 0,
                     "status": "started", "since": 144, "status_next": "started",
                     "statistics": {"period": 144, "elapsed": 64, "count": 64, "threshold": 108, "possible": true},
                     "signalling": "%s"}},
                   "taproot": {"type": "bip9", "height": 0, "active": true, "bip9": {
                     "start_time": -1, "timeout": 9223372036854775807, "min_activation_height": 0,
                     "status": "active", "since": 0, "status_next": "active"}}
                 }}""".formatted(tip207, "#".repeat(64))).orElseThrow());

        mine(80);
        JsonNode at287 = call("getdeploymentinfo", "[]");
        assertThat(at287.at("/deployments/testdummy/bip9/status_next").asText()).isEqualTo("locked_in");
        assertThat(at287.at("/deployments/testdummy/bip9/status").asText()).isEqualTo("started");
        // An explicit hash is answered for that block, not the tip.
        JsonNode again = call("getdeploymentinfo", "[\"" + tip207 + "\"]");
        assertThat(again).isEqualTo(info);
        assertThatThrownBy(() -> call("getdeploymentinfo", "[\"" + "00".repeat(32) + "\"]"))
                .isInstanceOfSatisfying(RpcException.class, e -> {
                    assertThat(e.code()).isEqualTo(RpcErrorCode.INVALID_ADDRESS_OR_KEY);
                    assertThat(e.getMessage()).isEqualTo("Block not found");
                });
    }

    @Test
    void buriedDeploymentsAreActiveOneBlockEarly() throws Exception {
        open(Networks.REGTEST.withActivationHeights(Map.of(BuriedDeployment.CLTV, 10)), ChainOptions.defaults());
        mine(8);
        assertThat(call("getdeploymentinfo", "[]").at("/deployments/bip65/active").asBoolean()).isFalse();
        assertThat(call("getdeploymentinfo", "[]").get("script_flags").toString()).doesNotContain("CHECKLOCKTIMEVERIFY");
        mine(1);
        // At height 9 the next block (10) enforces CLTV: bitcoind's DeploymentActiveAfter.
        assertThat(call("getdeploymentinfo", "[]").at("/deployments/bip65/active").asBoolean()).isTrue();
    }

    @Test
    void indexInfoListsTheTxIndexWhenKept() throws Exception {
        open(Networks.REGTEST, new ChainOptions(false, false));
        mine(3);
        assertThat(call("getindexinfo", "[]")).isEqualTo(RpcJson.object());

        MethodRegistry withIndex = new MethodRegistry();
        // With -addressindex too: bitcoind has no address index, so getindexinfo does not list it.
        ChainManager indexed = ChainManager.open(Networks.REGTEST, new MemoryKeyValueStore(), ACCEPT_ALL,
                new ChainOptions(true, true), () -> 1_800_000_000L);
        BlockchainMethods.register(withIndex, indexed, ChainTxData.NONE);
        RpcMethod m = withIndex.find("getindexinfo").orElseThrow();
        JsonNode all = m.execute(new RpcRequest("getindexinfo", ArgumentBinder.bind(m, RpcJson.parse("[]").orElseThrow()),
                m.params(), Optional.empty(), "test"));
        OpenRpcSchema.assertValidResult("getindexinfo", all);
        assertThat(all).isEqualTo(RpcJson.parse("{\"txindex\": {\"synced\": true, \"best_block_height\": 0}}").orElseThrow());
        JsonNode foo = m.execute(new RpcRequest("getindexinfo", ArgumentBinder.bind(m, RpcJson.parse("[\"foo\"]").orElseThrow()),
                m.params(), Optional.empty(), "test"));
        assertThat(foo).isEqualTo(RpcJson.object());
    }

    @Test
    void waitMethodsReturnTheTipOnTimeoutAndWakeOnNewBlocks() throws Exception {
        open(Networks.REGTEST, ChainOptions.defaults());
        mine(5);
        String tip = chain.tip().hash().toHex();
        JsonNode timedOut = call("waitforblockheight", "[6, 2]");
        OpenRpcSchema.assertValidResult("waitforblockheight", timedOut);
        assertThat(timedOut.get("height").asInt()).isEqualTo(5);
        assertThat(call("waitforblockheight", "[0, 2]").get("hash").asText()).isEqualTo(tip);
        assertThat(call("waitforblock", "[\"" + "11".repeat(32) + "\", 1]").get("hash").asText()).isEqualTo(tip);
        // A current_tip that is not the tip returns at once.
        JsonNode differs = call("waitfornewblock", "[0, \"" + "22".repeat(32) + "\"]");
        OpenRpcSchema.assertValidResult("waitfornewblock", differs);
        assertThat(differs.get("hash").asText()).isEqualTo(tip);
        for (String m : List.of("waitfornewblock", "waitforblockheight", "waitforblock")) {
            String args = switch (m) {
                case "waitfornewblock" -> "[-1]";
                case "waitforblockheight" -> "[5, -1]";
                default -> "[\"" + tip + "\", -1]";
            };
            assertThatThrownBy(() -> call(m, args)).isInstanceOfSatisfying(RpcException.class, e -> {
                assertThat(e.code()).isEqualTo(RpcErrorCode.MISC_ERROR);
                assertThat(e.getMessage()).isEqualTo("Negative timeout");
            });
        }

        CompletableFuture<JsonNode> newBlock = CompletableFuture.supplyAsync(() -> {
            try {
                return call("waitfornewblock", "[]");
            } catch (RpcException e) {
                throw new IllegalStateException(e);
            }
        });
        CompletableFuture<JsonNode> height7 = CompletableFuture.supplyAsync(() -> {
            try {
                return call("waitforblockheight", "[7]");
            } catch (RpcException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(200);
        assertThat(newBlock).isNotDone();
        mine(1);
        assertThat(newBlock.get(10, TimeUnit.SECONDS).get("height").asInt()).isEqualTo(6);
        assertThat(height7).isNotDone();
        mine(1);
        assertThat(height7.get(10, TimeUnit.SECONDS).get("height").asInt()).isEqualTo(7);
    }
}
