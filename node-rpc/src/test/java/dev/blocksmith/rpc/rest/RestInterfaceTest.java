package dev.blocksmith.rpc.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.chain.BlockIndex;
import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.core.chain.ChainOptions;
import dev.blocksmith.core.filter.BlockFilterType;
import dev.blocksmith.core.index.BlockFilterIndex;
import dev.blocksmith.core.index.Indexes;
import dev.blocksmith.core.mempool.FeeEstimator;
import dev.blocksmith.core.mempool.Mempool;
import dev.blocksmith.core.mempool.MempoolOptions;
import dev.blocksmith.core.mempool.TxScriptChecker;
import dev.blocksmith.core.params.ChainTxData;
import dev.blocksmith.core.params.Networks;
import dev.blocksmith.core.primitives.Hex;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.script.ScriptValidation;
import dev.blocksmith.core.store.MemoryKeyValueStore;
import dev.blocksmith.core.testing.RejectSpendsVerifier;
import dev.blocksmith.core.testing.TestBlocks;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.MethodRegistry;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcRequest;
import dev.blocksmith.rpc.methods.blockchain.BlockchainMethods;
import dev.blocksmith.rpc.methods.mempool.MempoolMethods;
import dev.blocksmith.rpc.server.HttpReply;
import dev.blocksmith.rpc.server.RpcWarmup;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** bitcoind's REST interface: formats, status codes and error lines, JSON equal to the RPC results. */
class RestInterfaceTest {
    private ChainManager chain;
    private BlockFilterIndex filters;
    private final MethodRegistry registry = new MethodRegistry();
    private final RpcWarmup warmup = new RpcWarmup();
    private RestInterface rest;
    private final List<Block> blocks = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        chain = ChainManager.open(Networks.REGTEST, new MemoryKeyValueStore(), new RejectSpendsVerifier(),
                ChainOptions.defaults(), () -> 1_700_000_000L);
        for (int i = 0; i < 5; i++) {
            Block b = TestBlocks.nextBlock(Networks.REGTEST, chain.tip().index(), TestBlocks.p2wpkhScript(3), List.of(), 0, i + 1);
            chain.processBlock(b);
            blocks.add(b);
        }
        filters = new BlockFilterIndex(BlockFilterType.BASIC, chain, new MemoryKeyValueStore());
        filters.start();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!filters.summary().synced() && System.nanoTime() < deadline) Thread.sleep(10);
        Indexes indexes = new Indexes(java.util.Map.of(BlockFilterType.BASIC, filters));
        Mempool mempool = new Mempool(chain, MempoolOptions.defaults(), TxScriptChecker.of(ScriptValidation.uncached()),
                new FeeEstimator(), () -> 1_700_000_000L);
        BlockchainMethods.register(registry, chain, ChainTxData.NONE, Optional.of(mempool), indexes);
        MempoolMethods.register(registry, chain, mempool, () -> 0L, (tx, fee) -> { }, Path.of("/nonexistent/mempool.dat"));
        rest = new RestInterface(chain, Optional.of(mempool), indexes, registry, warmup);
        warmup.finish();
    }

    @AfterEach
    void tearDown() {
        filters.close();
        chain.close();
    }

    private HttpReply get(String uri) {
        assertThat(rest.handles(uri)).as(uri).isTrue();
        return rest.handle("GET", uri, new byte[0]);
    }

    private static String text(HttpReply r) {
        return new String(r.content(), StandardCharsets.UTF_8);
    }

    private JsonNode json(HttpReply r) {
        assertThat(r.status()).as(text(r)).isEqualTo(200);
        assertThat(r.contentType()).isEqualTo("application/json");
        return RpcJson.parse(text(r)).orElseThrow();
    }

    /** The REST body is the RPC result written as the RPC server writes it, plus a newline. */
    private static void assertSameJson(HttpReply r, JsonNode rpcResult) {
        assertThat(r.status()).as(text(r)).isEqualTo(200);
        assertThat(r.contentType()).isEqualTo("application/json");
        assertThat(text(r)).isEqualTo(RpcJson.write(rpcResult) + "\n");
    }

    private JsonNode rpc(String method, ArrayNode params) throws Exception {
        RpcMethod m = registry.find(method).orElseThrow();
        return m.execute(new RpcRequest(method, params, m.params(), Optional.empty(), "test"));
    }

    private static void assertError(HttpReply r, int status, String message) {
        assertThat(r.status()).isEqualTo(status);
        assertThat(r.contentType()).isEqualTo("text/plain");
        assertThat(text(r)).isEqualTo(message + "\r\n");
    }

    @Test
    void blockHashByHeightInEveryFormat() {
        Sha256Hash h3 = blocks.get(2).hash();
        assertThat(get("/rest/blockhashbyheight/3.bin").content()).isEqualTo(h3.bytes());
        assertThat(text(get("/rest/blockhashbyheight/3.hex"))).isEqualTo(h3.toHex() + "\n");
        assertThat(json(get("/rest/blockhashbyheight/3.json")).get("blockhash").asText()).isEqualTo(h3.toHex());
        assertError(get("/rest/blockhashbyheight/+1.json"), 400, "Invalid height: +1");
        assertError(get("/rest/blockhashbyheight/-1.json"), 400, "Invalid height: -1");
        assertError(get("/rest/blockhashbyheight/abc.json"), 400, "Invalid height: abc");
        assertError(get("/rest/blockhashbyheight/6.json"), 404, "Block height out of range");
        assertError(get("/rest/blockhashbyheight/3"), 404, "output format not found (available: .bin, .hex, .json)");
    }

    @Test
    void blocksAndHeadersMatchTheRpcResults() throws Exception {
        Sha256Hash h2 = blocks.get(1).hash();
        HttpReply bin = get("/rest/block/" + h2.toHex() + ".bin");
        assertThat(bin.contentType()).isEqualTo("application/octet-stream");
        assertThat(bin.content()).isEqualTo(blocks.get(1).serialize());
        assertSameJson(get("/rest/block/" + h2.toHex() + ".json"), rpc("getblock", RpcJson.array().add(h2.toHex()).add(3)));
        assertSameJson(get("/rest/block/notxdetails/" + h2.toHex() + ".json"),
                rpc("getblock", RpcJson.array().add(h2.toHex()).add(1)));
        String unknown = "00".repeat(32);
        assertError(get("/rest/block/" + unknown + ".json"), 404, unknown + " not found");
        assertError(get("/rest/block/abc.json"), 400, "Invalid hash: abc");

        assertThat(get("/rest/headers/" + h2.toHex() + ".bin?count=3").content()).hasSize(240);
        assertThat(get("/rest/headers/2/" + h2.toHex() + ".bin").content()).hasSize(160);
        // Five by default, as many as the active chain has from there.
        JsonNode headers = json(get("/rest/headers/" + h2.toHex() + ".json"));
        assertThat(headers).hasSize(4);
        assertThat(RpcJson.write(headers.get(0)))
                .isEqualTo(RpcJson.write(rpc("getblockheader", RpcJson.array().add(h2.toHex()).add(true))));
        assertThat(json(get("/rest/headers/" + unknown + ".json?count=1"))).isEmpty();
        for (String n : List.of("0", "2001", "-5", "5a")) {
            assertError(get("/rest/headers/" + h2.toHex() + ".json?count=" + n), 400,
                    "Header count is invalid or out of acceptable range (1-2000): " + n);
        }
        assertError(get("/rest/headers/" + h2.toHex() + "%.json"), 400, RestUri.INVALID);
    }

    @Test
    void filtersAndFilterHeadersComeFromTheIndex() throws Exception {
        Sha256Hash h4 = blocks.get(3).hash();
        JsonNode viaRpc = rpc("getblockfilter", RpcJson.array().add(h4.toHex()));
        assertThat(json(get("/rest/blockfilter/basic/" + h4.toHex() + ".json")).get("filter")).isEqualTo(viaRpc.get("filter"));
        byte[] bin = get("/rest/blockfilter/basic/" + h4.toHex() + ".bin").content();
        String encoded = viaRpc.get("filter").asText();
        // type 0, the block hash, CompactSize length, the filter
        assertThat(Hex.encode(bin)).isEqualTo("00" + Hex.encode(h4.bytes()) + String.format("%02x", encoded.length() / 2) + encoded);
        JsonNode headers = json(get("/rest/blockfilterheaders/basic/" + h4.toHex() + ".json?count=5"));
        assertThat(headers).hasSize(2);
        assertThat(headers.get(0).asText()).isEqualTo(viaRpc.get("header").asText());
        assertThat(json(get("/rest/blockfilterheaders/basic/1/" + h4.toHex() + ".json"))).hasSize(1);
        assertError(get("/rest/blockfilterheaders/abc/" + h4.toHex() + ".json"), 400, "Unknown filtertype abc");
        assertError(get("/rest/blockfilter/basic/abc.json"), 400, "Invalid hash: abc");
    }

    @Test
    void getUtxosAsBip64Describes() {
        String coinbase = blocks.get(0).transactions().get(0).txid().toHex();
        JsonNode r = json(get("/rest/getutxos/" + coinbase + "-0/" + coinbase + "-7.json"));
        assertThat(r.get("chainHeight").asInt()).isEqualTo(5);
        assertThat(r.get("chaintipHash").asText()).isEqualTo(chain.tip().hash().toHex());
        assertThat(r.get("bitmap").asText()).isEqualTo("10");
        assertThat(r.get("utxos")).hasSize(1);
        assertThat(r.get("utxos").get(0).get("height").asInt()).isEqualTo(1);

        byte[] bin = get("/rest/getutxos/checkmempool/" + coinbase + "-0.bin").content();
        // height, tip hash, bitmap (CompactSize 1, 0x01), one coin: version 0, height 1, output
        assertThat(Hex.encode(bin).substring(0, 8)).isEqualTo("05000000");
        assertThat(Hex.encode(bin).substring(72, 76)).isEqualTo("0101");

        assertError(rest.handle("POST", "/rest/getutxos.json", new byte[0]), 400, "Error: empty request");
        assertError(rest.handle("POST", "/rest/getutxos.bin", "{\"checkmempool".getBytes(StandardCharsets.UTF_8)), 400, "Parse error");
        assertError(rest.handle("POST", "/rest/getutxos/checkmempool.json", new byte[0]), 400, "Error: empty request");
        assertError(get("/rest/getutxos/" + coinbase + "-+1.json"), 400, "Parse error");
        assertError(get("/rest/getutxos/" + coinbase + "--1.json"), 400, "Parse error");
        StringBuilder many = new StringBuilder("/rest/getutxos");
        for (int i = 0; i < 16; i++) many.append('/').append(coinbase).append('-').append(i);
        assertError(get(many + ".json"), 400, "Error: max outpoints exceeded (max: 15, tried: 16)");
        assertError(rest.handle("POST", "/rest/getutxos/" + coinbase + "-0.bin", new byte[] {1}), 400,
                "Combination of URI scheme inputs and raw post data is not allowed");
    }

    @Test
    void mempoolChainInfoAndSpentOutputs() throws Exception {
        assertSameJson(get("/rest/mempool/contents.json"), rpc("getrawmempool", RpcJson.array().add(true)));
        assertSameJson(get("/rest/mempool/info.json"), rpc("getmempoolinfo", RpcJson.array()));
        assertSameJson(get("/rest/chaininfo.json"), rpc("getblockchaininfo", RpcJson.array()));
        assertError(get("/rest/mempool/contents.json?verbose=TRUE"), 400,
                "The \"verbose\" query parameter must be either \"true\" or \"false\".");
        assertError(get("/rest/mempool/contents.json?verbose=true&mempool_sequence=true"), 400,
                "Verbose results cannot contain mempool sequence values. (hint: set \"verbose=false\")");
        assertError(get("/rest/mempool/contents.json?%"), 400, RestUri.INVALID);
        assertError(get("/rest/mempool/other.json"), 400, "Invalid URI format. Expected /rest/mempool/<info|contents>.json");
        assertError(get("/rest/chaininfo.bin"), 404, "output format not found (available: json)");

        // A block of one coinbase: one empty list of spent outputs.
        assertThat(text(get("/rest/spenttxouts/" + blocks.get(2).hash().toHex() + ".hex"))).isEqualTo("0100\n");
        assertThat(json(get("/rest/spenttxouts/" + chain.atHeight(0).map(BlockIndex::hash).orElseThrow().toHex() + ".json")))
                .isEqualTo(RpcJson.array().add(RpcJson.array()));
    }

    @Test
    void warmupAndUnknownPaths() {
        assertThat(rest.handles("/rest/nothing")).isFalse();
        assertThat(rest.handles("/")).isFalse();
        RpcWarmup starting = new RpcWarmup();
        RestInterface early = new RestInterface(chain, Optional.empty(), Indexes.NONE, registry, starting);
        assertError(early.handle("GET", "/rest/chaininfo.json", new byte[0]), 503,
                "Service temporarily unavailable: RPC server started");
        starting.finish();
        assertError(early.handle("GET", "/rest/mempool/info.json", new byte[0]), 404, "Mempool disabled or instance not found");
    }
}
