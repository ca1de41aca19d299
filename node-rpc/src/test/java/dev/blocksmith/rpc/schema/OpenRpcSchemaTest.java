package dev.blocksmith.rpc.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.core.chain.ChainOptions;
import dev.blocksmith.core.consensus.ParallelScriptVerifier;
import dev.blocksmith.core.mempool.Mempool;
import dev.blocksmith.core.mempool.MempoolOptions;
import dev.blocksmith.core.mempool.TxScriptChecker;
import dev.blocksmith.core.params.ChainTxData;
import dev.blocksmith.core.params.Networks;
import dev.blocksmith.core.script.ScriptValidation;
import dev.blocksmith.core.store.MemoryKeyValueStore;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxOut;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.MethodRegistry;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcRequest;
import dev.blocksmith.rpc.methods.blockchain.BlockchainMethods;
import dev.blocksmith.rpc.methods.control.ControlMethods;
import dev.blocksmith.rpc.methods.rawtransactions.PsbtMethods;
import dev.blocksmith.rpc.methods.wallet.WalletCreateFundedPsbtMethod;
import dev.blocksmith.rpc.methods.wallet.WalletMethods;
import dev.blocksmith.rpc.methods.wallet.WalletProcessPsbtMethod;
import dev.blocksmith.rpc.methods.wallet.WalletRpcFixture;
import dev.blocksmith.rpc.server.ActiveCommands;
import dev.blocksmith.wallet.WalletManager;
import dev.blocksmith.wallet.keystore.ScryptParams;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenRpcSchemaTest {
    private final MethodRegistry registry = new MethodRegistry();
    private final ActiveCommands active = new ActiveCommands();

    OpenRpcSchemaTest() {
        ControlMethods.register(registry, active, Instant.now().minusSeconds(90), Clock.systemUTC(),
                Path.of("/tmp/debug.log"), () -> {});
    }

    private JsonNode call(String method, String params) throws RpcException {
        RpcMethod m = registry.find(method).orElseThrow();
        return m.execute(new RpcRequest(method, (com.fasterxml.jackson.databind.node.ArrayNode) json(params),
                m.params(), Optional.empty(), "test"));
    }

    private static JsonNode json(String s) {
        return RpcJson.parse(s).orElseThrow();
    }

    @Test
    void controlMethodsMatchBitcoind() throws RpcException {
        JsonNode uptime = call("uptime", "[]");
        assertThat(uptime.asLong()).isBetween(90L, 100L);
        OpenRpcSchema.assertValidResult("uptime", uptime);
        OpenRpcSchema.assertValidResult("help", call("help", "[]"));
        OpenRpcSchema.assertValidResult("help", call("help", "[\"uptime\"]"));
        ActiveCommands.Handle running = active.start("getrpcinfo");
        JsonNode info = call("getrpcinfo", "[]");
        running.close();
        assertThat(info.get("active_commands")).hasSize(1);
        assertThat(info.at("/active_commands/0/method").asText()).isEqualTo("getrpcinfo");
        OpenRpcSchema.assertValidResult("getrpcinfo", info);
        assertThat(call("getrpcinfo", "[]").get("active_commands")).isEmpty();
        OpenRpcSchema.assertValidResult("stop", call("stop", "[]"));
        OpenRpcSchema.assertValidResult("getmemoryinfo", call("getmemoryinfo", "[]"));
    }

    @Test
    void helpListsCategoriesAndSynopses() throws RpcException {
        String help = call("help", "[]").asText();
        assertThat(help).isEqualTo("""
                == Control ==
                getmemoryinfo ( "mode" )
                getrpcinfo
                help ( "command" )
                stop
                uptime""");
        assertThat(call("help", "[\"nosuch\"]").asText()).isEqualTo("help: unknown command: nosuch");
        assertThat(call("help", "[\"echo\"]").asText()).startsWith("echo ( \"arg0\" \"arg1\"");
        assertThat(call("help", "[\"uptime\"]").asText()).isEqualTo("""
                uptime

                Returns the total uptime of the server.

                Result:
                n    (numeric) The number of seconds that the server has been running

                Examples:
                > blocksmith cli uptime
                > curl --user myusername --data-binary '{"jsonrpc": "2.0", "id": "curltest", "method": "uptime", \
                "params": []}' -H 'content-type: application/json' http://127.0.0.1:8332/""");
    }

    /**
     * Every PSBT method is one bitcoind 30 has, in the same category, with the same parameters in the same
     * order; their results are checked against the schema in PsbtRpcTest, KnotsPsbtFixtureTest and
     * WalletPsbtRpcTest.
     */
    @Test
    void psbtMethodsHaveBitcoindsNamesCategoriesAndParameters(@TempDir Path dir) {
        var params = Networks.REGTEST;
        var scripts = ScriptValidation.uncached();
        try (var verifier = new ParallelScriptVerifier(scripts, 1);
             var chain = ChainManager.open(params, new MemoryKeyValueStore(), verifier,
                     ChainOptions.defaults(), () -> 1_700_000_000L)) {
            var mempool = new Mempool(chain, MempoolOptions.defaults(),
                    TxScriptChecker.of(scripts), new dev.blocksmith.core.mempool.FeeEstimator(), () -> 1_700_000_000L);
            var wallets = new WalletManager(dir.resolve("wallets"), dir.resolve("settings.json"), params, dev.blocksmith.wallet.WalletChain.of(chain),
                    tx -> Optional.empty(), dev.blocksmith.wallet.FeeEstimator.NONE, 
                    dev.blocksmith.wallet.WalletOptions.defaults().withScrypt(new ScryptParams(1 << 4, 8, 1)), Clock.systemUTC());
            MethodRegistry psbt = new MethodRegistry();
            PsbtMethods.register(psbt, chain, mempool);
            List<RpcMethod> methods = new ArrayList<>(psbt.methods());
            methods.add(new WalletProcessPsbtMethod(wallets));
            methods.add(new WalletCreateFundedPsbtMethod(wallets));
            checkAgainstBitcoind(methods);
            wallets.close();
        }
    }

    private static void checkAgainstBitcoind(List<RpcMethod> methods) {
        assertThat(methods).extracting(RpcMethod::name).containsExactlyInAnyOrder("analyzepsbt", "combinepsbt", "converttopsbt", "createpsbt",
                "decodepsbt", "descriptorprocesspsbt", "finalizepsbt", "joinpsbts", "utxoupdatepsbt", "walletprocesspsbt", "walletcreatefundedpsbt");
        for (RpcMethod m : methods) {
            JsonNode spec = OpenRpcSchema.method(m.name()).orElseThrow(() -> new AssertionError("bitcoind 30 has no " + m.name()));
            assertThat(m.category().label().toLowerCase(Locale.ROOT)).as(m.name()).isEqualTo(spec.get("x-bitcoin-category").asText());
            List<String> names = new ArrayList<>();
            spec.get("params").forEach(p -> names.add(p.get("name").asText()));
            assertThat(m.params()).extracting(RpcParamSpec::name).as(m.name()).containsExactlyElementsOf(names);
            List<Boolean> required = new ArrayList<>();
            spec.get("params").forEach(p -> required.add(p.get("required").asBoolean()));
            assertThat(m.params()).extracting(RpcParamSpec::required).as(m.name()).containsExactlyElementsOf(required);
        }
    }

    @Test
    void detectsShapeErrors() {
        assertThat(OpenRpcSchema.validateResult("uptime", json("\"12\""))).hasSize(1);
        assertThat(OpenRpcSchema.validateResult("getrpcinfo", json("{\"active_commands\":[]}")))
                .containsExactly("$: missing required key \"logpath\"");
        assertThat(OpenRpcSchema.validateResult("getrpcinfo",
                json("{\"active_commands\":[{\"method\":\"x\",\"duration\":1,\"extra\":2}],\"logpath\":\"/l\"}")))
                .containsExactly("$.active_commands[0]: unexpected key \"extra\"");
        assertThat(OpenRpcSchema.validateResult("getbestblockhash", json("\"xyz\""))).hasSize(1);
    }

    @Test
    void amountsMayBeNumbersWithEightDecimals() {
        String base = "{\"bestblock\":\"00ab\",\"confirmations\":1,\"value\":%s,"
                + "\"scriptPubKey\":{\"asm\":\"\",\"desc\":\"raw()\",\"hex\":\"\",\"type\":\"nonstandard\"},\"coinbase\":false}";
        assertThat(OpenRpcSchema.validateResult("gettxout", json(base.formatted("50.00000000")), "Otherwise")).isEmpty();
        assertThat(OpenRpcSchema.validateResult("gettxout", json(base.formatted("\"50.00000000\"")), "Otherwise")).isEmpty();
        assertThat(OpenRpcSchema.validateResult("gettxout", json(base.formatted("0.000000001")), "Otherwise"))
                .singleElement().asString().contains("at most 8 decimals");
        assertThat(OpenRpcSchema.validateResult("gettxout", json("null"), "not found")).isEmpty();
        assertThat(OpenRpcSchema.validateResult("gettxout", json("null"))).isEmpty();
    }

    @Test
    void alternativesAreChosenByDescription() {
        assertThat(OpenRpcSchema.validateResult("getblockheader", json("\"00ff\""), "verbose=false")).isEmpty();
        assertThat(OpenRpcSchema.validateResult("getblockheader", json("\"00ff\""), "verbose = true")).isNotEmpty();
        assertThatThrownBy(() -> OpenRpcSchema.validateResult("getblock", json("\"00\""), "verbosity"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OpenRpcSchema.validateResult("uptime", json("1"), "x"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * The descriptor-wallet methods each called for real (the fixture checks every result against bitcoind 30's
     * schema, and fails on any departure), and every wallet or util method served is one bitcoind 30 has.
     */
    @Test
    void descriptorWalletMethodsMatchBitcoind(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        try (var f = new WalletRpcFixture(dir)) {
            String tpub = "tpubD6NzVbkrYhZ4XgiXtGrdW5XDAPFCL9h7we1vwNCpn8tGbBcgfVYjXyhWo4E1xkh56hjod1RhGjxbaTLV3X4FyWuejifB9jusQ46QzG87VKp";
            String tr = "tr(" + tpub + "/86/1/0/*)#r8hs676r";
            f.call("getdescriptorinfo", null, tr);
            f.call("deriveaddresses", null, tr, List.of(0, 2));
            f.call("createwallet", null, "A");
            f.call("createwallet", null, "wo", true, true);
            JsonNode imported = f.call("importdescriptors", "wo", List.of(
                    Map.of("desc", tr, "timestamp", "now", "active", true),
                    Map.of("desc", "bad", "timestamp", 0)));
            assertThat(imported.get(0).get("success").asBoolean()).isTrue();
            assertThat(imported.get(1).has("error")).isTrue();
            f.call("listdescriptors", "wo");
            f.call("listdescriptors", "A", true);
            var mine = WalletRpcFixture.script(f.call("getnewaddress", "A", "mining").asText());
            for (int i = 0; i < 101; i++) f.mine(mine, 0);
            String to = f.call("getnewaddress", "wo", "", "bech32m").asText();
            f.call("setlabel", "A", to, "friend");
            f.call("getaddressesbylabel", "A", "friend");
            f.call("listlabels", "A");
            f.call("getaddressinfo", "A", to);
            f.call("getaddressinfo", "wo", to);
            var out = new TxOut(100_000_000L, WalletRpcFixture.script(to));
            String raw = new Transaction(2, List.of(), List.of(out), 0).toHex();
            JsonNode funded = f.call("fundrawtransaction", "A", raw, Map.of("lockUnspents", true));
            f.call("listlockunspent", "A");
            f.call("lockunspent", "A", true);
            String sent = f.call("sendtoaddress", "A", to, 1).asText();
            String bumped = f.call("bumpfee", "A", sent).get("txid").asText();
            f.call("gettransaction", "A", sent);
            f.call("abandontransaction", "A", sent);
            f.call("listtransactions", "A");
            f.call("listtransactions", "A", "mining");
            f.call("listsinceblock", "A");
            f.call("listunspent", "A");
            f.call("getwalletinfo", "wo");
            assertThat(funded.get("changepos").asInt()).isBetween(0, 1);
            assertThat(f.call("gettransaction", "A", bumped).get("replaces_txid").asText()).isEqualTo(sent);
        }
        MethodRegistry served = new MethodRegistry();
        try (var f = new WalletRpcFixture(dir.resolve("names"))) {
            WalletMethods.register(served, f.manager());
            BlockchainMethods.register(served, f.chain(),
                    ChainTxData.NONE);
        }
        for (String name : List.of("importdescriptors", "listdescriptors", "getdescriptorinfo", "deriveaddresses",
                "fundrawtransaction", "lockunspent", "listlockunspent", "abandontransaction", "setlabel", "getaddressesbylabel", "listlabels")) {
            assertThat(served.find(name)).as(name + " is served").isPresent();
            assertThat(OpenRpcSchema.method(name)).as(name + " is a bitcoind 30 method").isPresent();
        }
    }

    @Test
    void documentedLeniencies() {
        assertThat(OpenRpcSchema.method("getwalletinfo")).isPresent();
        JsonNode scanning = OpenRpcSchema.resultSchema("getwalletinfo").at("/properties/scanning");
        assertThat(scanning.path("type").asText()).isEqualTo("object");
        assertThat(new JsonSchemaValidator("getwalletinfo", Leniency.BITCOIND_30).validate(
                OpenRpcSchema.resultSchema("getwalletinfo"), json("{}")).stream()
                .noneMatch(e -> e.startsWith("$.scanning"))).isTrue();
    }
}
