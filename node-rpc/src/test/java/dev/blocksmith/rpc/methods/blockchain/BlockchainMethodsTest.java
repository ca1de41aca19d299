package dev.blocksmith.rpc.methods.blockchain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.blocksmith.core.address.Address;
import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.chain.BlockIndex;
import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.core.chain.ChainOptions;
import dev.blocksmith.core.consensus.BlockScriptVerifier;
import dev.blocksmith.core.crypto.MuHash3072;
import dev.blocksmith.core.params.ChainTxData;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.params.Networks;
import dev.blocksmith.core.primitives.ByteWriter;
import dev.blocksmith.core.primitives.Hex;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.script.Opcodes;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.script.ScriptBuilder;
import dev.blocksmith.core.store.MemoryKeyValueStore;
import dev.blocksmith.core.testing.TestBlocks;
import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.core.tx.TxOut;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.auth.RpcAuthenticator;
import dev.blocksmith.rpc.client.CliArgumentConverter;
import dev.blocksmith.rpc.client.CliCommand;
import dev.blocksmith.rpc.client.RpcClient;
import dev.blocksmith.rpc.client.RpcClientConfig;
import dev.blocksmith.rpc.client.RpcCredentials;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.json.StreamedJson;
import dev.blocksmith.rpc.methods.ArgumentBinder;
import dev.blocksmith.rpc.methods.MethodRegistry;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcRequest;
import dev.blocksmith.rpc.schema.OpenRpcSchema;
import dev.blocksmith.rpc.server.ActiveCommands;
import dev.blocksmith.rpc.server.RpcServer;
import dev.blocksmith.rpc.server.RpcServerConfig;
import dev.blocksmith.rpc.server.RpcWarmup;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The chain methods against a real ChainManager on regtest: 106 blocks paying a P2WPKH address, one
 * spending transaction in the tip block (fee 1000 sat) and a shorter side branch.
 */
class BlockchainMethodsTest {
    private static final NetworkParams REGTEST = Networks.REGTEST;
    /** Accepts every script: these tests are about RPC shapes, not script validation. */
    private static final BlockScriptVerifier ACCEPT_ALL = (block, spent, flags) -> { };
    private static final long FEE = 1_000;

    private final MethodRegistry registry = new MethodRegistry();
    private ChainManager chain;
    private final Script miner = TestBlocks.p2wpkhScript(7);
    private final Script p2pkh = new ScriptBuilder().op(Opcodes.OP_DUP).op(Opcodes.OP_HASH160).data(new byte[20])
            .op(Opcodes.OP_EQUALVERIFY).op(Opcodes.OP_CHECKSIG).build();
    private final List<Block> blocks = new ArrayList<>();
    private Transaction spend;
    private BlockIndex sideTip;

    @BeforeEach
    void buildChain() throws Exception {
        long now = 1_800_000_000L;
        chain = ChainManager.open(REGTEST, new MemoryKeyValueStore(), ACCEPT_ALL, ChainOptions.defaults(), () -> now);
        BlockIndex prev = chain.tip().index();
        for (int i = 1; i <= 105; i++) {
            Block b = TestBlocks.nextBlock(REGTEST, prev, miner, List.of(), 0, i);
            chain.processBlock(b);
            blocks.add(b);
            prev = chain.index(b.hash()).orElseThrow();
        }
        Transaction cb1 = blocks.get(0).coinbase();
        long value = cb1.output(0).value();
        spend = new Transaction(2, List.of(new TxIn(new OutPoint(cb1.txid(), 0), Script.EMPTY, TxIn.SEQUENCE_FINAL)),
                List.of(new TxOut(value - FEE - 10_000, p2pkh),
                        new TxOut(10_000, new ScriptBuilder().op(Opcodes.OP_RETURN).data(new byte[] {1, 2, 3, 4, 5}).build())),
                0);
        Block tipBlock = TestBlocks.nextBlock(REGTEST, prev, miner, List.of(spend), FEE, 106);
        chain.processBlock(tipBlock);
        blocks.add(tipBlock);

        // A two-block side branch from height 103: less work, never connected.
        BlockIndex forkPoint = chain.atHeight(103).orElseThrow();
        Block s1 = TestBlocks.nextBlock(REGTEST, forkPoint, TestBlocks.p2wpkhScript(9), List.of(), 0, 9001);
        chain.processBlock(s1);
        Block s2 = TestBlocks.nextBlock(REGTEST, chain.index(s1.hash()).orElseThrow(), TestBlocks.p2wpkhScript(9), List.of(), 0, 9002);
        chain.processBlock(s2);
        sideTip = chain.index(s2.hash()).orElseThrow();

        BlockchainMethods.register(registry, chain, ChainTxData.NONE);
    }

    private JsonNode call(String method, String params) throws RpcException {
        RpcMethod m = registry.find(method).orElseThrow();
        ArrayNode args = ArgumentBinder.bind(m, RpcJson.parse(params).orElseThrow());
        // A streamed result (getblock 2 and 3) is read as the client would read it off the wire.
        return StreamedJson.materialize(m.execute(new RpcRequest(method, args, m.params(), Optional.empty(), "test")));
    }

    private static void assertRpcError(ThrowingCall call, RpcErrorCode code, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(RpcException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }

    @FunctionalInterface
    private interface ThrowingCall {
        void run() throws Exception;
    }

    private String minerAddress() {
        return Address.fromScriptPubKey(miner, REGTEST).orElseThrow().encode();
    }

    @Test
    void overHttpThroughTheCli() throws Exception {
        RpcWarmup warmup = new RpcWarmup();
        warmup.finish();
        RpcServerConfig config = RpcServerConfig.builder(RpcAuthenticator.builder().userPassword("u", "p").build()).build();
        try (RpcServer server = RpcServer.start(config, registry, warmup, new ActiveCommands())) {
            CliCommand cli = new CliCommand(new RpcClient(RpcClientConfig.of("127.0.0.1", server.port(),
                    new RpcCredentials.UserPassword("u", "p"))), CliArgumentConverter.builtIn());
            assertThat(cli.run("getblockcount", List.of(), false).stdout()).isEqualTo("106\n");
            assertThat(cli.run("getblockhash", List.of("0"), false).stdout())
                    .isEqualTo("0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206\n");
            assertThat(cli.run("getblockhash", List.of("1000"), false).stderr())
                    .isEqualTo("error code: -8\nerror message:\nBlock height out of range\n");
            assertThat(cli.run("getblock", List.of(blocks.get(0).hash().toHex(), "0"), false).stdout())
                    .isEqualTo(blocks.get(0).toHex() + "\n");
            assertThat(cli.run("gettxout", List.of(blocks.get(104).coinbase().txid().toHex(), "0"), false).stdout())
                    .contains("\"value\": 50.00000000,");
        }
    }

    @Test
    void countsHashesAndDifficulty() throws Exception {
        assertThat(call("getblockcount", "[]").asInt()).isEqualTo(106);
        OpenRpcSchema.assertValidResult("getblockcount", call("getblockcount", "[]"));
        assertThat(call("getbestblockhash", "[]").asText()).isEqualTo(blocks.get(105).hash().toHex());
        OpenRpcSchema.assertValidResult("getbestblockhash", call("getbestblockhash", "[]"));
        assertThat(call("getblockhash", "[0]").asText())
                .isEqualTo("0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206");
        assertThat(call("getblockhash", "{\"height\":106}").asText()).isEqualTo(blocks.get(105).hash().toHex());
        assertRpcError(() -> call("getblockhash", "[107]"), RpcErrorCode.INVALID_PARAMETER, "Block height out of range");
        assertRpcError(() -> call("getblockhash", "[-1]"), RpcErrorCode.INVALID_PARAMETER, "Block height out of range");
        JsonNode difficulty = call("getdifficulty", "[]");
        // Regtest's minimum difficulty, as bitcoind prints it: 4.656542373906925e-10.
        assertThat(difficulty.decimalValue().doubleValue()).isEqualTo(4.656542373906925e-10);
        assertThat(RpcJson.write(difficulty)).isEqualTo("0.0000000004656542373906925");
        OpenRpcSchema.assertValidResult("getdifficulty", difficulty);
    }

    @Test
    void blockHeaders() throws Exception {
        Block b = blocks.get(99);
        JsonNode h = call("getblockheader", "[\"" + b.hash().toHex() + "\"]");
        OpenRpcSchema.assertValidResult("getblockheader", h, "verbose = true");
        assertThat(h.get("height").asInt()).isEqualTo(100);
        assertThat(h.get("confirmations").asInt()).isEqualTo(7);
        assertThat(h.get("previousblockhash").asText()).isEqualTo(blocks.get(98).hash().toHex());
        assertThat(h.get("nextblockhash").asText()).isEqualTo(blocks.get(100).hash().toHex());
        assertThat(h.get("bits").asText()).isEqualTo("207fffff");
        assertThat(h.get("target").asText())
                .isEqualTo("7fffff0000000000000000000000000000000000000000000000000000000000");
        assertThat(h.get("versionHex").asText()).isEqualTo("20000000");
        assertThat(h.get("nTx").asInt()).isEqualTo(1);
        // Chain work of 101 regtest blocks, 2 hashes each.
        assertThat(h.get("chainwork").asText()).isEqualTo("%064x".formatted(202));
        JsonNode hex = call("getblockheader", "[\"" + b.hash().toHex() + "\", false]");
        OpenRpcSchema.assertValidResult("getblockheader", hex, "verbose=false");
        assertThat(hex.asText()).isEqualTo(b.header().toHex());

        JsonNode side = call("getblockheader", "[\"" + sideTip.hash().toHex() + "\"]");
        assertThat(side.get("confirmations").asInt()).isEqualTo(-1);
        assertThat(side.has("nextblockhash")).isFalse();
        assertRpcError(() -> call("getblockheader", "[\"" + "11".repeat(32) + "\"]"),
                RpcErrorCode.INVALID_ADDRESS_OR_KEY, "Block not found");
        assertRpcError(() -> call("getblockheader", "[\"xyz\"]"), RpcErrorCode.INVALID_PARAMETER,
                "blockhash must be of length 64 (not 3, for 'xyz')");
    }

    @Test
    void blocksAtEveryVerbosity() throws Exception {
        Block tip = blocks.get(105);
        String hash = "\"" + tip.hash().toHex() + "\"";
        JsonNode hex = call("getblock", "[" + hash + ", 0]");
        OpenRpcSchema.assertValidResult("getblock", hex, "verbosity = 0");
        assertThat(hex.asText()).isEqualTo(tip.toHex());

        JsonNode v1 = call("getblock", "[" + hash + "]");
        OpenRpcSchema.assertValidResult("getblock", v1, "verbosity = 1");
        assertThat(v1.get("tx")).hasSize(2);
        assertThat(v1.get("tx").get(1).asText()).isEqualTo(spend.txid().toHex());
        assertThat(v1.get("size").asInt()).isEqualTo(tip.totalSize());
        assertThat(v1.get("strippedsize").asInt()).isEqualTo(tip.baseSize());
        assertThat(v1.get("weight").asInt()).isEqualTo(tip.weight());
        // The boolean alias of bitcoind's ParseVerbosity, also by its old name.
        assertThat(call("getblock", "{\"blockhash\":" + hash + ",\"verbose\":true}")).isEqualTo(v1);
        assertThat(call("getblock", "[" + hash + ", false]").asText()).isEqualTo(tip.toHex());

        JsonNode v2 = call("getblock", "[" + hash + ", 2]");
        OpenRpcSchema.assertValidResult("getblock", v2, "verbosity = 2");
        JsonNode coinbase = v2.get("tx").get(0);
        assertThat(coinbase.has("fee")).isFalse();
        assertThat(coinbase.at("/vin/0/coinbase").asText()).isEqualTo(tip.coinbase().input(0).scriptSig().toHex());
        JsonNode tx = v2.get("tx").get(1);
        assertThat(RpcJson.write(tx.get("fee"))).isEqualTo("0.00001000");
        assertThat(tx.get("txid").asText()).isEqualTo(spend.txid().toHex());
        assertThat(tx.get("hex").asText()).isEqualTo(spend.toHex());
        assertThat(tx.at("/vin/0/scriptSig/asm").asText()).isEmpty();
        assertThat(tx.at("/vin/0/sequence").asLong()).isEqualTo(4294967295L);
        assertThat(tx.at("/vout/0/scriptPubKey/type").asText()).isEqualTo("pubkeyhash");
        assertThat(tx.at("/vout/0/scriptPubKey/asm").asText())
                .isEqualTo("OP_DUP OP_HASH160 0000000000000000000000000000000000000000 OP_EQUALVERIFY OP_CHECKSIG");
        assertThat(tx.at("/vout/1/scriptPubKey/type").asText()).isEqualTo("nulldata");
        assertThat(tx.at("/vout/1/scriptPubKey/asm").asText()).isEqualTo("OP_RETURN 0102030405");
        assertThat(tx.at("/vout/1/scriptPubKey/desc").asText()).startsWith("raw(6a050102030405)#");
        assertThat(tx.at("/vout/1/scriptPubKey").has("address")).isFalse();
        assertThat(tx.has("prevout")).isFalse();

        JsonNode v3 = call("getblock", "[" + hash + ", 3]");
        OpenRpcSchema.assertValidResult("getblock", v3, "verbosity = 3");
        JsonNode prevout = v3.at("/tx/1/vin/0/prevout");
        assertThat(prevout.get("generated").asBoolean()).isTrue();
        assertThat(prevout.get("height").asInt()).isEqualTo(1);
        assertThat(RpcJson.write(prevout.get("value"))).isEqualTo("50.00000000");
        assertThat(prevout.at("/scriptPubKey/address").asText()).isEqualTo(minerAddress());
    }

    @Test
    void blockchainInfo() throws Exception {
        JsonNode info = call("getblockchaininfo", "[]");
        OpenRpcSchema.assertValidResult("getblockchaininfo", info);
        assertThat(info.get("chain").asText()).isEqualTo("regtest");
        assertThat(info.get("blocks").asInt()).isEqualTo(106);
        assertThat(info.get("headers").asInt()).isEqualTo(106);
        assertThat(info.get("bestblockhash").asText()).isEqualTo(blocks.get(105).hash().toHex());
        assertThat(info.get("verificationprogress").decimalValue().doubleValue()).isEqualTo(1.0);
        assertThat(info.get("pruned").asBoolean()).isFalse();
        assertThat(info.get("warnings")).isEmpty();
    }

    @Test
    void chainTips() throws Exception {
        JsonNode tips = call("getchaintips", "[]");
        OpenRpcSchema.assertValidResult("getchaintips", tips);
        assertThat(tips).hasSize(2);
        assertThat(tips.get(0).toString()).isEqualTo("{\"height\":106,\"hash\":\"" + blocks.get(105).hash().toHex()
                + "\",\"branchlen\":0,\"status\":\"active\"}");
        assertThat(tips.get(1).get("height").asInt()).isEqualTo(105);
        assertThat(tips.get(1).get("branchlen").asInt()).isEqualTo(2);
        assertThat(tips.get(1).get("status").asText()).isEqualTo("valid-headers");
    }

    @Test
    void txOut() throws Exception {
        Transaction cb = blocks.get(104).coinbase();
        JsonNode out = call("gettxout", "[\"" + cb.txid().toHex() + "\", 0]");
        OpenRpcSchema.assertValidResult("gettxout", out, "Otherwise");
        assertThat(out.get("confirmations").asInt()).isEqualTo(2);
        assertThat(RpcJson.write(out.get("value"))).isEqualTo("50.00000000");
        assertThat(out.get("coinbase").asBoolean()).isTrue();
        assertThat(out.at("/scriptPubKey/type").asText()).isEqualTo("witness_v0_keyhash");
        assertThat(out.at("/scriptPubKey/address").asText()).isEqualTo(minerAddress());
        assertThat(out.at("/scriptPubKey/desc").asText()).startsWith("addr(" + minerAddress() + ")#");
        assertThat(out.at("/scriptPubKey/asm").asText()).isEqualTo("0 " + Hex.encode(miner.witnessProgram()));
        // Spent by the tip block's transaction.
        JsonNode spent = call("gettxout", "[\"" + blocks.get(0).coinbase().txid().toHex() + "\", 0, false]");
        assertThat(spent.isNull()).isTrue();
        OpenRpcSchema.assertValidResult("gettxout", spent, "not found");
        assertRpcError(() -> call("gettxout", "[\"" + cb.txid().toHex() + "\", -1]"), RpcErrorCode.MISC_ERROR,
                "JSON integer out of range");
    }

    @Test
    void txOutSetInfoWithSerializedHash() throws Exception {
        JsonNode info = call("gettxoutsetinfo", "[]");
        OpenRpcSchema.assertValidResult("gettxoutsetinfo", info);
        // 106 coinbase outputs, minus the spent one, plus the spend's P2PKH output (OP_RETURN is never a coin).
        assertThat(info.get("txouts").asLong()).isEqualTo(106);
        assertThat(info.get("transactions").asLong()).isEqualTo(106);
        assertThat(info.get("height").asInt()).isEqualTo(106);
        // Coinbases: 106 x 50 BTC + the fee; minus block 1's spent coinbase; plus the spend's P2PKH output
        // (50 BTC - fee - 10,000 sat; its 10,000 sat OP_RETURN output is unspendable).
        long subsidy = 50_00000000L;
        long expectedTotal = 106 * subsidy + FEE - subsidy + (subsidy - FEE - 10_000);
        assertThat(info.get("total_amount").decimalValue().movePointRight(8).longValueExact()).isEqualTo(expectedTotal);
        assertThat(info.get("total_amount").decimalValue().scale()).isEqualTo(8);

        // Independent hash: the coins in outpoint order, serialized as bitcoind's TxOutSer, double SHA-256.
        List<byte[]> serialized = new ArrayList<>();
        chain.db().forEachCoin((op, coin) -> {
            ByteWriter w = new ByteWriter();
            w.bytes(op.txid().bytes()).u32le(op.index()).u32le((long) coin.height() * 2 + (coin.coinbase() ? 1 : 0))
                    .i64le(coin.output().value()).compactSize(coin.output().scriptPubKey().length())
                    .bytes(coin.output().scriptPubKey().rawBytes());
            serialized.add(w.toByteArray());
            return true;
        });
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (byte[] s : serialized) sha.update(s);
        byte[] hash = MessageDigest.getInstance("SHA-256").digest(sha.digest());
        assertThat(info.get("hash_serialized_3").asText()).isEqualTo(Sha256Hash.wrap(hash).toHex());

        // muhash, computed by a full scan as bitcoind does without coinstatsindex: the same coins as a set.
        JsonNode mu = call("gettxoutsetinfo", "[\"muhash\"]");
        OpenRpcSchema.assertValidResult("gettxoutsetinfo", mu);
        MuHash3072 expectedMu = new MuHash3072();
        serialized.forEach(expectedMu::insert);
        assertThat(mu.get("muhash").asText()).isEqualTo(expectedMu.digest().toHex());
        assertThat(mu.has("hash_serialized_3")).isFalse();
        assertThat(mu.get("txouts").asLong()).isEqualTo(106);

        JsonNode none = call("gettxoutsetinfo", "[\"none\"]");
        assertThat(none.has("hash_serialized_3")).isFalse();
        assertRpcError(() -> call("gettxoutsetinfo", "[\"md5\"]"), RpcErrorCode.INVALID_PARAMETER,
                "'md5' is not a valid hash_type");
    }

    @Test
    void emptyUtxoSetHashIsDoubleSha256OfNothing() throws Exception {
        ChainManager empty = ChainManager.open(REGTEST, new MemoryKeyValueStore(), ACCEPT_ALL, ChainOptions.defaults(),
                () -> 1_800_000_000L);
        GetTxOutSetInfoMethod method = new GetTxOutSetInfoMethod(empty);
        JsonNode info = method.execute(new RpcRequest("gettxoutsetinfo", RpcJson.array(), method.params(), Optional.empty(), "t"));
        // SHA256d("") = 5df6e0e2...9456, shown byte-reversed like every uint256.
        assertThat(info.get("hash_serialized_3").asText())
                .isEqualTo("56944c5d3f98413ef45cf54545538103cc9f298e0575820ad3591376e2e0f65d");
        assertThat(info.get("txouts").asLong()).isZero();
    }

    @Test
    void validateAddress() throws Exception {
        JsonNode ok = call("validateaddress", "[\"" + minerAddress() + "\"]");
        OpenRpcSchema.assertValidResult("validateaddress", ok);
        assertThat(ok.toString()).isEqualTo("{\"isvalid\":true,\"address\":\"" + minerAddress() + "\",\"scriptPubKey\":\""
                + miner.toHex() + "\",\"isscript\":false,\"iswitness\":true,\"witness_version\":0,\"witness_program\":\""
                + Hex.encode(miner.witnessProgram()) + "\"}");
        JsonNode p2sh = call("validateaddress", "[\"2MzQwSSnBHWHqSAqtTVQ6v47XtaisrJa1Vc\"]");
        assertThat(p2sh.get("isscript").asBoolean()).isTrue();
        assertThat(p2sh.get("iswitness").asBoolean()).isFalse();
        JsonNode bad = call("validateaddress", "[\"notanaddress\"]");
        OpenRpcSchema.assertValidResult("validateaddress", bad);
        assertThat(bad.get("isvalid").asBoolean()).isFalse();
        assertThat(bad.has("error")).isTrue();
        // A mainnet address on regtest.
        JsonNode main = call("validateaddress", "[\"bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4\"]");
        assertThat(main.get("isvalid").asBoolean()).isFalse();
    }

    @Test
    void addressIndexQueries() throws Exception {
        String q = "[{\"addresses\":[\"" + minerAddress() + "\"]}]";
        JsonNode balance = call("getaddressbalance", q);
        // 106 subsidies plus the fee, minus the one coinbase output spent.
        assertThat(balance.get("received").asLong()).isEqualTo(106 * 50_00000000L + FEE);
        assertThat(balance.get("balance").asLong()).isEqualTo(105 * 50_00000000L + FEE);
        JsonNode utxos = call("getaddressutxos", q);
        assertThat(utxos).hasSize(105);
        assertThat(utxos.get(0).get("height").asInt()).isEqualTo(2);
        assertThat(utxos.get(0).get("satoshis").asLong()).isEqualTo(50_00000000L);
        assertThat(utxos.get(0).get("address").asText()).isEqualTo(minerAddress());
        JsonNode withInfo = call("getaddressutxos", "[{\"addresses\":[\"" + minerAddress() + "\"],\"chainInfo\":true}]");
        assertThat(withInfo.get("height").asInt()).isEqualTo(106);
        assertThat(withInfo.get("utxos")).hasSize(105);
        JsonNode txids = call("getaddresstxids", q);
        // Every coinbase plus the spend of block 1's output.
        assertThat(txids).hasSize(107);
        JsonNode ranged = call("getaddresstxids", "[{\"addresses\":[\"" + minerAddress() + "\"],\"start\":106,\"end\":106}]");
        assertThat(ranged).hasSize(2);
        assertThat(call("getaddressbalance", "[\"" + minerAddress() + "\"]").get("balance").asLong())
                .isEqualTo(balance.get("balance").asLong());
        assertRpcError(() -> call("getaddressbalance", "[{\"addresses\":[\"nope\"]}]"),
                RpcErrorCode.INVALID_ADDRESS_OR_KEY, "Invalid address");
        assertRpcError(() -> call("getaddressbalance", "[{\"addresses\":\"x\"}]"),
                RpcErrorCode.INVALID_ADDRESS_OR_KEY, "Addresses is expected to be an array");
    }

    @Test
    void scanTxOutSet() throws Exception {
        JsonNode r = call("scantxoutset", "[\"start\", [\"addr(" + minerAddress() + ")\"]]");
        OpenRpcSchema.assertValidResult("scantxoutset", r, "action=='start'");
        assertThat(r.get("success").asBoolean()).isTrue();
        assertThat(r.get("txouts").asLong()).isEqualTo(106);
        assertThat(r.get("unspents")).hasSize(105);
        assertThat(RpcJson.write(r.get("total_amount"))).isEqualTo("5250.00001000");
        JsonNode first = r.get("unspents").get(0);
        int height = first.get("height").asInt();
        assertThat(first.get("confirmations").asInt()).isEqualTo(106 - height + 1);
        assertThat(first.get("blockhash").asText()).isEqualTo(chain.atHeight(height).orElseThrow().hash().toHex());
        assertThat(first.get("desc").asText()).startsWith("addr(" + minerAddress() + ")#");

        JsonNode raw = call("scantxoutset", "[\"start\", [{\"desc\":\"raw(" + p2pkh.toHex() + ")\"}]]");
        assertThat(raw.get("unspents")).hasSize(1);
        assertThat(raw.at("/unspents/0/txid").asText()).isEqualTo(spend.txid().toHex());

        assertThat(call("scantxoutset", "[\"status\"]").isNull()).isTrue();
        OpenRpcSchema.assertValidResult("scantxoutset", call("scantxoutset", "[\"status\"]"), "no scan is in progress");
        assertThat(call("scantxoutset", "[\"abort\"]").asBoolean()).isFalse();
        assertRpcError(() -> call("scantxoutset", "[\"start\"]"), RpcErrorCode.MISC_ERROR,
                "scanobjects argument is required for the start action");
        assertRpcError(() -> call("scantxoutset", "[\"invalid_command\"]"), RpcErrorCode.INVALID_PARAMETER,
                "Invalid action 'invalid_command'");
        assertThatThrownBy(() -> call("scantxoutset", "[\"start\", [\"addr(nope)\"]]"))
                .isInstanceOfSatisfying(RpcException.class,
                        e -> assertThat(e.code()).isEqualTo(RpcErrorCode.INVALID_ADDRESS_OR_KEY));
    }
}
