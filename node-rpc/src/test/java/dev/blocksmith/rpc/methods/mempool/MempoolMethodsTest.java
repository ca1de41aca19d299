package dev.blocksmith.rpc.methods.mempool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.mempool.FeeRate;
import dev.blocksmith.miner.template.BlockAssembler;
import dev.blocksmith.miner.template.TemplateTransaction;
import dev.blocksmith.core.script.Opcodes;
import dev.blocksmith.core.script.ScriptBuilder;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxOut;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.ArgumentBinder;
import dev.blocksmith.rpc.methods.MethodRegistry;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcRequest;
import dev.blocksmith.rpc.methods.mempool.MempoolRpcFixture.Utxo;
import dev.blocksmith.rpc.schema.OpenRpcSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mempool methods against a real chain, real script checks and a real mempool, with signed spends. */
class MempoolMethodsTest {
    private static final long FEE = 10_000;

    @TempDir
    Path dir;
    private MempoolRpcFixture f;

    @BeforeEach
    void setUp() throws Exception {
        f = new MempoolRpcFixture(dir.resolve("mempool.dat"));
    }

    @AfterEach
    void tearDown() {
        f.close();
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

    private String send(Transaction tx) throws RpcException {
        JsonNode r = f.call("sendrawtransaction", "[\"" + tx.toHex() + "\"]");
        OpenRpcSchema.assertValidResult("sendrawtransaction", r);
        return r.textValue();
    }

    @Test
    void sendRawTransactionAcceptsAnnouncesAndIsListed() throws Exception {
        Transaction tx = f.spend(f.coinbase(1), FEE);
        assertThat(send(tx)).isEqualTo(tx.txid().toHex());
        assertThat(f.mempool.contains(tx.txid())).isTrue();
        assertThat(f.announced).containsExactly(tx);

        JsonNode info = f.call("getmempoolinfo", "[]");
        OpenRpcSchema.assertValidResult("getmempoolinfo", info);
        assertThat(info.get("size").asInt()).isEqualTo(1);
        assertThat(info.get("bytes").asInt()).isEqualTo(tx.vsize());
        assertThat(info.get("total_fee").decimalValue()).isEqualByComparingTo("0.0001");
        assertThat(info.get("unbroadcastcount").asInt()).isEqualTo(1);
        assertThat(info.get("minrelaytxfee").toString()).isEqualTo("0.00000100");

        JsonNode ids = f.call("getrawmempool", "[]");
        OpenRpcSchema.assertValidResult("getrawmempool", ids);
        assertThat(ids.isArray()).isTrue();
        assertThat(ids.toString()).isEqualTo("[\"" + tx.txid().toHex() + "\"]");

        JsonNode verbose = f.call("getrawmempool", "[true]");
        OpenRpcSchema.assertValidResult("getrawmempool", verbose, "verbose = true");
        JsonNode entry = verbose.get(tx.txid().toHex());
        assertThat(entry.get("vsize").asInt()).isEqualTo(tx.vsize());
        assertThat(entry.get("wtxid").asText()).isEqualTo(tx.wtxid().toHex());
        assertThat(entry.get("fees").get("base").toString()).isEqualTo("0.00010000");
        assertThat(entry.get("unbroadcast").asBoolean()).isTrue();
        assertThat(entry.get("height").asInt()).isEqualTo(110);

        JsonNode withSeq = f.call("getrawmempool", "[false, true]");
        OpenRpcSchema.assertValidResult("getrawmempool", withSeq, "mempool_sequence = true");
        assertThat(withSeq.get("mempool_sequence").asLong()).isEqualTo(1);
        assertRpcError(() -> f.call("getrawmempool", "[true, true]"), RpcErrorCode.INVALID_PARAMETER,
                "Verbose results cannot contain mempool sequence values. (Use getmempoolentry if you need both.)");

        JsonNode single = f.call("getmempoolentry", "[\"" + tx.txid().toHex() + "\"]");
        OpenRpcSchema.assertValidResult("getmempoolentry", single);
        assertThat(single.toString()).isEqualTo(entry.toString());
    }

    @Test
    void sendingAPooledTransactionAgainAnnouncesItAgain() throws Exception {
        Transaction tx = f.spend(f.coinbase(1), FEE);
        send(tx);
        assertThat(send(tx)).isEqualTo(tx.txid().toHex());
        assertThat(f.announced).containsExactly(tx, tx);
        assertThat(f.mempool.size()).isEqualTo(1);
    }

    @Test
    void sendRawTransactionErrors() throws Exception {
        assertRpcError(() -> f.call("sendrawtransaction", "[\"zz\"]"), RpcErrorCode.DESERIALIZATION_ERROR,
                "TX decode failed. Make sure the tx has at least one input.");
        assertRpcError(() -> f.call("sendrawtransaction", "[\"0200000001\"]"), RpcErrorCode.DESERIALIZATION_ERROR,
                "TX decode failed. Make sure the tx has at least one input.");

        Transaction parent = f.spend(f.coinbase(1), FEE);
        Transaction orphan = f.spend(MempoolRpcFixture.output(parent, 0), FEE);
        assertRpcError(() -> send(orphan), RpcErrorCode.VERIFY_ERROR, "bad-txns-inputs-missingorspent");

        Transaction confirmed = f.spend(f.coinbase(2), FEE);
        f.mineTx(confirmed);
        assertRpcError(() -> send(confirmed), RpcErrorCode.VERIFY_ALREADY_IN_CHAIN, "Transaction outputs already in utxo set");

        Transaction original = f.spend(f.coinbase(3), FEE);
        send(original);
        Transaction sameFee = f.sign(List.of(f.coinbase(3)),
                List.of(new TxOut(f.coinbase(3).value() - FEE, new ScriptBuilder().op(0).data(new byte[20]).build())));
        assertThatThrownBy(() -> send(sameFee)).isInstanceOfSatisfying(RpcException.class, e -> {
            assertThat(e.code()).isEqualTo(RpcErrorCode.VERIFY_REJECTED);
            assertThat(e.getMessage()).startsWith("insufficient fee, rejecting replacement " + sameFee.txid());
        });
        assertThat(f.mempool.contains(original.txid())).isTrue();
    }

    @Test
    void maxFeeRateAndMaxBurnAmount() throws Exception {
        Utxo coin = f.coinbase(1);
        // 0.5 BTC over ~110 vbytes is far above 0.10 BTC/kvB.
        Transaction expensive = f.spend(coin, 50_000_000);
        assertRpcError(() -> send(expensive), RpcErrorCode.VERIFY_ERROR,
                "Fee exceeds maximum configured by user (e.g. -maxtxfee, maxfeerate)");
        assertRpcError(() -> f.call("sendrawtransaction", "[\"" + expensive.toHex() + "\", 1]"),
                RpcErrorCode.INVALID_PARAMETER, "Fee rates larger than or equal to 1BTC/kvB are not accepted");

        JsonNode tested = f.call("testmempoolaccept", "[[\"" + expensive.toHex() + "\"]]");
        OpenRpcSchema.assertValidResult("testmempoolaccept", tested);
        assertThat(tested.get(0).get("allowed").asBoolean()).isFalse();
        assertThat(tested.get(0).get("reject-reason").asText()).isEqualTo("max-fee-exceeded");
        assertThat(tested.get(0).has("reject-details")).isFalse();

        assertThat(f.call("sendrawtransaction", "[\"" + expensive.toHex() + "\", 0]").textValue())
                .isEqualTo(expensive.txid().toHex());

        Utxo other = f.coinbase(2);
        Transaction burn = f.sign(List.of(other), List.of(new TxOut(other.value() - FEE - 5_000, f.p2wpkh),
                new TxOut(5_000, new ScriptBuilder().op(Opcodes.OP_RETURN).data(new byte[] {1, 2, 3}).build())));
        assertRpcError(() -> send(burn), RpcErrorCode.VERIFY_ERROR,
                "Unspendable output exceeds maximum configured by user (maxburnamount)");
        assertThat(f.call("sendrawtransaction", "[\"" + burn.toHex() + "\", null, 0.00005]").textValue())
                .isEqualTo(burn.txid().toHex());
    }

    @Test
    void submitPackageReportsEachTransactionByWtxid() throws Exception {
        Transaction parent = f.spend(f.coinbase(1), FEE);
        Transaction child = f.spend(MempoolRpcFixture.output(parent, 0), FEE);
        JsonNode r = f.call("submitpackage", "[[\"" + parent.toHex() + "\", \"" + child.toHex() + "\"]]");
        OpenRpcSchema.assertValidResult("submitpackage", r);
        assertThat(r.get("package_msg").asText()).isEqualTo("success");
        JsonNode p = r.get("tx-results").get(parent.wtxid().toHex());
        assertThat(p.get("txid").asText()).isEqualTo(parent.txid().toHex());
        assertThat(p.get("vsize").asInt()).isEqualTo(parent.vsize());
        assertThat(p.get("fees").get("base").toString()).isEqualTo("0.00010000");
        assertThat(p.get("fees").get("effective-includes").toString()).isEqualTo("[\"" + parent.wtxid().toHex() + "\"]");
        assertThat(r.get("replaced-transactions").size()).isZero();
        assertThat(f.mempool.size()).isEqualTo(2);

        // Already pooled: reported with size and base fee only.
        JsonNode again = f.call("submitpackage", "[[\"" + parent.toHex() + "\", \"" + child.toHex() + "\"]]");
        assertThat(again.get("tx-results").get(child.wtxid().toHex()).get("fees").has("effective-feerate")).isFalse();

        Transaction a = f.spend(f.coinbase(2), FEE);
        Transaction b = f.spend(MempoolRpcFixture.output(a, 0), FEE);
        Transaction c = f.spend(MempoolRpcFixture.output(b, 0), FEE);
        assertRpcError(() -> f.call("submitpackage", "[[\"" + a.toHex() + "\", \"" + b.toHex() + "\", \"" + c.toHex() + "\"]]"),
                RpcErrorCode.VERIFY_ERROR, "package topology disallowed. not child-with-parents or parents depend on each other.");
        assertRpcError(() -> f.call("submitpackage", "[[]]"), RpcErrorCode.INVALID_PARAMETER,
                "Array must contain between 1 and 25 transactions.");
    }

    @Test
    void testMempoolAcceptReportsWithoutAdding() throws Exception {
        Transaction good = f.spend(f.coinbase(1), FEE);
        Transaction child = f.spend(MempoolRpcFixture.output(good, 0), FEE);
        // Several transactions are a package: the child sees its parent.
        JsonNode r = f.call("testmempoolaccept", "[[\"" + good.toHex() + "\", \"" + child.toHex() + "\"]]");
        OpenRpcSchema.assertValidResult("testmempoolaccept", r);
        JsonNode ok = r.get(0);
        assertThat(ok.get("txid").asText()).isEqualTo(good.txid().toHex());
        assertThat(ok.get("wtxid").asText()).isEqualTo(good.wtxid().toHex());
        assertThat(ok.get("allowed").asBoolean()).isTrue();
        assertThat(ok.get("vsize").asInt()).isEqualTo(good.vsize());
        assertThat(ok.get("fees").get("base").toString()).isEqualTo("0.00010000");
        assertThat(ok.get("fees").get("effective-feerate").decimalValue())
                .isEqualByComparingTo(java.math.BigDecimal.valueOf(FEE * 1000 / good.vsize(), 8));
        assertThat(ok.get("fees").get("effective-includes").toString()).isEqualTo("[\"" + good.wtxid().toHex() + "\"]");
        assertThat(r.get(1).get("allowed").asBoolean()).isTrue();
        assertThat(f.mempool.size()).isZero();
        // An orphan stops package validation: it reports missing-inputs, the others only their ids.
        Transaction orphan = f.spend(MempoolRpcFixture.output(child, 0), FEE);
        JsonNode stopped = f.call("testmempoolaccept", "[[\"" + good.toHex() + "\", \"" + orphan.toHex() + "\"]]");
        assertThat(stopped.get(0).has("allowed")).isFalse();
        assertThat(stopped.get(0).size()).isEqualTo(2);
        assertThat(stopped.get(1).get("reject-reason").asText()).isEqualTo("missing-inputs");
        assertThat(f.call("testmempoolaccept", "[[\"" + child.toHex() + "\", \"" + good.toHex() + "\"]]").get(0).get("package-error").asText())
                .isEqualTo("package-not-sorted");

        send(good);
        JsonNode dup = f.call("testmempoolaccept", "[[\"" + good.toHex() + "\"]]").get(0);
        assertThat(dup.get("reject-reason").asText()).isEqualTo("txn-already-in-mempool");
        assertThat(dup.get("reject-details").asText()).isEqualTo("txn-already-in-mempool");

        assertRpcError(() -> f.call("testmempoolaccept", "[[]]"), RpcErrorCode.INVALID_PARAMETER,
                "Array must contain between 1 and 25 transactions.");
        assertRpcError(() -> f.call("testmempoolaccept", "[[\"00\"]]"), RpcErrorCode.DESERIALIZATION_ERROR,
                "TX decode failed: 00 Make sure the tx has at least one input.");
    }

    @Test
    void ancestorsAndDescendants() throws Exception {
        Transaction parent = f.sign(List.of(f.coinbase(1)), List.of(new TxOut(1_000_000_000, f.p2wpkh),
                new TxOut(f.coinbase(1).value() - 1_000_000_000 - FEE, f.p2wpkh)));
        Transaction child = f.spend(MempoolRpcFixture.output(parent, 0), FEE);
        Transaction grandchild = f.spend(MempoolRpcFixture.output(child, 0), FEE);
        send(parent);
        send(child);
        send(grandchild);

        JsonNode ancestors = f.call("getmempoolancestors", "[\"" + grandchild.txid().toHex() + "\"]");
        OpenRpcSchema.assertValidResult("getmempoolancestors", ancestors, "verbose = false");
        assertThat(ancestors).extracting(JsonNode::asText).containsExactlyInAnyOrder(parent.txid().toHex(), child.txid().toHex());
        JsonNode verbose = f.call("getmempoolancestors", "[\"" + grandchild.txid().toHex() + "\", true]");
        OpenRpcSchema.assertValidResult("getmempoolancestors", verbose, "verbose = true");
        assertThat(verbose.get(child.txid().toHex()).get("depends").toString()).isEqualTo("[\"" + parent.txid().toHex() + "\"]");
        assertThat(verbose.get(child.txid().toHex()).get("spentby").toString()).isEqualTo("[\"" + grandchild.txid().toHex() + "\"]");

        JsonNode descendants = f.call("getmempooldescendants", "[\"" + parent.txid().toHex() + "\", true]");
        OpenRpcSchema.assertValidResult("getmempooldescendants", descendants, "verbose = true");
        assertThat(descendants.size()).isEqualTo(2);
        JsonNode parentEntry = f.call("getmempoolentry", "[\"" + parent.txid().toHex() + "\"]");
        assertThat(parentEntry.get("descendantcount").asInt()).isEqualTo(3);
        assertThat(parentEntry.get("fees").get("descendant").toString()).isEqualTo("0.00030000");
        assertThat(f.call("getmempooldescendants", "[\"" + grandchild.txid().toHex() + "\"]").size()).isZero();

        String unknown = f.coinbase(5).outPoint().txid().toHex();
        for (String m : List.of("getmempoolentry", "getmempoolancestors", "getmempooldescendants")) {
            assertRpcError(() -> f.call(m, "[\"" + unknown + "\"]"), RpcErrorCode.INVALID_ADDRESS_OR_KEY, "Transaction not in mempool");
        }
    }

    private java.util.List<TemplateTransaction> selected() {
        return BlockAssembler.select(f.mempool.miningCandidates(), 4_000_000, 80_000, FeeRate.ofSatsPerKvB(1));
    }

    @Test
    void prioritisationChangesModifiedFeeAndBlockOrder() throws Exception {
        Transaction low = f.spend(f.coinbase(1), FEE);
        Transaction high = f.spend(f.coinbase(2), 2 * FEE);
        send(low);
        send(high);
        assertThat(selected().stream().map(TemplateTransaction::tx).toList())
                .containsExactly(high, low);

        JsonNode ok = f.call("prioritisetransaction", "[\"" + low.txid().toHex() + "\", 0, 50000]");
        OpenRpcSchema.assertValidResult("prioritisetransaction", ok);
        assertThat(ok.asBoolean()).isTrue();
        assertThat(selected().stream().map(TemplateTransaction::tx).toList())
                .containsExactly(low, high);
        JsonNode entry = f.call("getmempoolentry", "[\"" + low.txid().toHex() + "\"]");
        assertThat(entry.get("fees").get("base").toString()).isEqualTo("0.00010000");
        assertThat(entry.get("fees").get("modified").toString()).isEqualTo("0.00060000");

        String absent = "11".repeat(32);
        f.call("prioritisetransaction", "[\"" + absent + "\", null, -7]");
        JsonNode all = f.call("getprioritisedtransactions", "[]");
        OpenRpcSchema.assertValidResult("getprioritisedtransactions", all);
        assertThat(all.get(low.txid().toHex()).toString()).isEqualTo("{\"fee_delta\":50000,\"in_mempool\":true,\"modified_fee\":60000}");
        assertThat(all.get(absent).toString()).isEqualTo("{\"fee_delta\":-7,\"in_mempool\":false}");

        assertRpcError(() -> f.call("prioritisetransaction", "[\"" + absent + "\", 1, 5]"), RpcErrorCode.INVALID_PARAMETER,
                "Priority is no longer supported, dummy argument to prioritisetransaction must be 0.");
    }

    @Test
    void getTxOutSeesTheMempool() throws Exception {
        Utxo coin = f.coinbase(1);
        String coinArgs = "[\"" + coin.outPoint().txid().toHex() + "\", 0";
        assertThat(f.call("gettxout", coinArgs + "]").get("confirmations").asInt()).isEqualTo(110);
        Transaction tx = f.spend(coin, FEE);
        send(tx);
        assertThat(f.call("gettxout", coinArgs + "]").isNull()).isTrue();
        assertThat(f.call("gettxout", coinArgs + ", false]").get("confirmations").asInt()).isEqualTo(110);
        JsonNode pooled = f.call("gettxout", "[\"" + tx.txid().toHex() + "\", 0]");
        OpenRpcSchema.assertValidResult("gettxout", pooled, "Otherwise");
        assertThat(pooled.get("confirmations").asInt()).isZero();
        assertThat(pooled.get("coinbase").asBoolean()).isFalse();
        assertThat(f.call("gettxout", "[\"" + tx.txid().toHex() + "\", 0, false]").isNull()).isTrue();
    }

    @Test
    void txSpendingPrevoutNamesTheMempoolSpender() throws Exception {
        Utxo coin = f.coinbase(1);
        Transaction tx = f.spend(coin, FEE);
        send(tx);
        String args = "[[{\"txid\":\"" + coin.outPoint().txid().toHex() + "\",\"vout\":0},"
                + "{\"txid\":\"" + tx.txid().toHex() + "\",\"vout\":0}]]";
        JsonNode r = f.call("gettxspendingprevout", args);
        OpenRpcSchema.assertValidResult("gettxspendingprevout", r);
        assertThat(r.get(0).get("spendingtxid").asText()).isEqualTo(tx.txid().toHex());
        assertThat(r.get(1).has("spendingtxid")).isFalse();
        assertThat(r.get(1).get("vout").asInt()).isZero();

        assertRpcError(() -> f.call("gettxspendingprevout", "[[]]"), RpcErrorCode.INVALID_PARAMETER,
                "Invalid parameter, outputs are missing");
        assertRpcError(() -> f.call("gettxspendingprevout", "[[{\"vout\":0}]]"), RpcErrorCode.TYPE_ERROR, "Missing txid");
        assertRpcError(() -> f.call("gettxspendingprevout", "[[{\"txid\":\"" + tx.txid().toHex() + "\",\"vout\":\"0\"}]]"),
                RpcErrorCode.TYPE_ERROR, "JSON value of type string for field vout is not of expected type number");
        assertRpcError(() -> f.call("gettxspendingprevout", "[[{\"txid\":\"" + tx.txid().toHex() + "\",\"vout\":0,\"x\":1}]]"),
                RpcErrorCode.TYPE_ERROR, "Unexpected key x");
        assertRpcError(() -> f.call("gettxspendingprevout", "[[{\"txid\":\"" + tx.txid().toHex() + "\",\"vout\":-1}]]"),
                RpcErrorCode.INVALID_PARAMETER, "Invalid parameter, vout cannot be negative");
    }

    @Test
    void estimateSmartFeeWithoutHistory() throws Exception {
        JsonNode r = f.call("estimatesmartfee", "[6]");
        OpenRpcSchema.assertValidResult("estimatesmartfee", r);
        assertThat(r.toString()).isEqualTo("{\"errors\":[\"Insufficient data or no feerate found\"],\"blocks\":0}");
        assertThat(f.call("estimatesmartfee", "[6, \"CONSERVATIVE\"]").get("blocks").asInt()).isZero();
        assertRpcError(() -> f.call("estimatesmartfee", "[0]"), RpcErrorCode.INVALID_PARAMETER,
                "Invalid conf_target, must be between 1 and 1008");
        assertRpcError(() -> f.call("estimatesmartfee", "[6, \"fast\"]"), RpcErrorCode.INVALID_PARAMETER,
                "Invalid estimate_mode parameter, must be one of: \"unset\", \"economical\", \"conservative\"");
    }

    @Test
    void estimateSmartFeeFromConfirmedTransactions() throws Exception {
        // Enough blocks with confirmed transactions for the estimator to answer short targets.
        f.mine(60);
        // A current chain (bitcoind counts only transactions accepted outside initial block download).
        f.clock.set(f.chain.tip().index().time() + 1);
        int height = 1;
        for (int block = 0; block < 20; block++) {
            for (int i = 0; i < 3; i++) send(f.spend(f.coinbase(height++), 20_000));
            f.mineTx(selected().stream().map(TemplateTransaction::tx).toArray(Transaction[]::new));
        }
        JsonNode r = f.call("estimatesmartfee", "[2]");
        OpenRpcSchema.assertValidResult("estimatesmartfee", r);
        assertThat(r.has("errors")).as(r.toString()).isFalse();
        assertThat(r.get("blocks").asInt()).isEqualTo(2);
        assertThat(r.get("feerate").decimalValue()).isPositive();
        // bitcoind's estimaterawfee (hidden, so not in the OpenRPC schema): every horizon that tracks the target.
        JsonNode raw = f.call("estimaterawfee", "[2]");
        assertThat(raw.fieldNames()).toIterable().containsExactly("short", "medium", "long");
        assertThat(raw.get("short").get("feerate").decimalValue()).isPositive();
        assertThat(raw.get("short").get("scale").asInt()).isEqualTo(1);
        assertThat(f.call("estimaterawfee", "[13]").has("short")).isFalse();
        assertRpcError(() -> f.call("estimaterawfee", "[2, 1.5]"), RpcErrorCode.INVALID_PARAMETER, "Invalid threshold");
    }

    @Test
    void saveMempoolOnceLoaded() throws Exception {
        assertRpcError(() -> f.call("savemempool", "[]"), RpcErrorCode.MISC_ERROR, "The mempool was not loaded yet");
        f.mempool.markLoaded();
        send(f.spend(f.coinbase(1), FEE));
        JsonNode r = f.call("savemempool", "[]");
        OpenRpcSchema.assertValidResult("savemempool", r);
        assertThat(r.get("filename").asText()).isEqualTo(dir.resolve("mempool.dat").toString());
        assertThat(Files.size(dir.resolve("mempool.dat"))).isPositive();
    }

    @Test
    void importMempoolAddsASavedFile() throws Exception {
        f.mempool.markLoaded();
        // bitcoind refuses imports during initial block download.
        f.clock.set(f.chain.tip().index().time() + 1);
        Transaction tx = f.spend(f.coinbase(1), FEE);
        send(tx);
        f.call("savemempool", "[]");
        f.call("prioritisetransaction", "[\"" + tx.txid().toHex() + "\", 0, 1000]");
        Path saved = dir.resolve("mempool.dat");
        JsonNode r = f.call("importmempool", "[\"" + saved.toString().replace("\\", "\\\\") + "\", {\"apply_fee_delta_priority\": false}]");
        assertThat(r.isObject()).isTrue();
        assertThat(r.size()).isZero();
        assertRpcError(() -> f.call("importmempool", "[\"" + dir.resolve("nothing.dat") + "\"]"), RpcErrorCode.MISC_ERROR,
                "Unable to import mempool file, see debug.log for details.");
    }

    @Test
    void getRawTransactionFromMempoolAndTxIndex() throws Exception {
        Transaction pooled = f.spend(f.coinbase(1), FEE);
        send(pooled);
        JsonNode hex = f.call("getrawtransaction", "[\"" + pooled.txid().toHex() + "\"]");
        OpenRpcSchema.assertValidResult("getrawtransaction", hex, "verbosity is not set");
        assertThat(hex.textValue()).isEqualTo(pooled.toHex());
        JsonNode v1 = f.call("getrawtransaction", "[\"" + pooled.txid().toHex() + "\", true]");
        OpenRpcSchema.assertValidResult("getrawtransaction", v1, "verbosity is set to 1");
        assertThat(v1.has("blockhash")).isFalse();
        assertThat(v1.get("hex").asText()).isEqualTo(pooled.toHex());
        assertThat(v1.get("vin").get(0).get("txinwitness").size()).isEqualTo(2);
        JsonNode v2 = f.call("getrawtransaction", "[\"" + pooled.txid().toHex() + "\", 2]");
        OpenRpcSchema.assertValidResult("getrawtransaction", v2, "verbosity = 2");
        assertThat(v2.has("fee")).isFalse();

        Transaction confirmed = f.spend(f.coinbase(2), FEE);
        Block block = f.mineTx(confirmed);
        f.mine(2);
        String id = "\"" + confirmed.txid().toHex() + "\"";
        JsonNode c1 = f.call("getrawtransaction", "[" + id + ", 1]");
        OpenRpcSchema.assertValidResult("getrawtransaction", c1, "verbosity is set to 1");
        assertThat(c1.get("blockhash").asText()).isEqualTo(block.hash().toHex());
        assertThat(c1.get("confirmations").asInt()).isEqualTo(3);
        assertThat(c1.get("blocktime").asLong()).isEqualTo(block.header().time());
        assertThat(c1.has("in_active_chain")).isFalse();
        List<String> keys = iterable(c1);
        assertThat(keys).containsExactly("txid", "hash", "version", "size", "vsize", "weight", "locktime", "vin", "vout",
                "hex", "blockhash", "confirmations", "time", "blocktime");

        JsonNode c2 = f.call("getrawtransaction", "[" + id + ", 2, \"" + block.hash().toHex() + "\"]");
        OpenRpcSchema.assertValidResult("getrawtransaction", c2, "verbosity = 2");
        assertThat(c2.get("in_active_chain").asBoolean()).isTrue();
        assertThat(c2.get("fee").toString()).isEqualTo("0.00010000");
        JsonNode prevout = c2.get("vin").get(0).get("prevout");
        assertThat(prevout.get("generated").asBoolean()).isTrue();
        assertThat(prevout.get("height").asInt()).isEqualTo(2);

        assertRpcError(() -> f.call("getrawtransaction", "[\"" + "ab".repeat(32) + "\"]"), RpcErrorCode.INVALID_ADDRESS_OR_KEY,
                "No such mempool or blockchain transaction. Use gettransaction for wallet transactions.");
        String other = f.chain.atHeight(5).orElseThrow().hash().toHex();
        assertRpcError(() -> f.call("getrawtransaction", "[" + id + ", 0, \"" + other + "\"]"), RpcErrorCode.INVALID_ADDRESS_OR_KEY,
                "No such transaction found in the provided block. Use gettransaction for wallet transactions.");
        assertRpcError(() -> f.call("getrawtransaction", "[" + id + ", 0, \"" + "cd".repeat(32) + "\"]"),
                RpcErrorCode.INVALID_ADDRESS_OR_KEY, "Block hash not found");
        assertRpcError(() -> f.call("getrawtransaction", "[\"abc\"]"), RpcErrorCode.INVALID_PARAMETER,
                "parameter 1 must be of length 64 (not 3, for 'abc')");
        assertRpcError(() -> f.call("getmempoolentry", "[\"abc\"]"), RpcErrorCode.INVALID_PARAMETER,
                "parameter 1 must be of length 64 (not 3, for 'abc')");
        String genesisCoinbase = MempoolRpcFixture.PARAMS.genesis().coinbase().txid().toHex();
        assertRpcError(() -> f.call("getrawtransaction", "[\"" + genesisCoinbase + "\"]"), RpcErrorCode.INVALID_ADDRESS_OR_KEY,
                "The genesis block coinbase is not considered an ordinary transaction and cannot be retrieved");
    }

    @Test
    void everyMethodHasHelp() {
        for (String name : List.of("getmempoolinfo", "getrawmempool", "getmempoolentry", "getmempoolancestors",
                "getmempooldescendants", "gettxspendingprevout", "savemempool", "importmempool", "testmempoolaccept", "sendrawtransaction", "prioritisetransaction",
                "getprioritisedtransactions", "estimatesmartfee", "getrawtransaction", "decoderawtransaction", "decodescript",
                "combinerawtransaction")) {
            assertThat(f.registry.find(name).orElseThrow().help()).startsWith(name);
        }
    }

    @Test
    void aFailedAnnouncementDoesNotFailTheCall() throws Exception {
        MethodRegistry registry = new MethodRegistry();
        registry.register(new SendRawTransactionMethod(f.chain, f.mempool, (tx, rate) -> {
            throw new IllegalStateException("network thread did not answer");
        }));
        Transaction tx = f.spend(f.coinbase(1), FEE);
        RpcMethod m = registry.find("sendrawtransaction").orElseThrow();
        JsonNode r = m.execute(new RpcRequest("sendrawtransaction",
                ArgumentBinder.bind(m, RpcJson.parse("[\"" + tx.toHex() + "\"]").orElseThrow()), m.params(), Optional.empty(), "t"));
        assertThat(r.textValue()).isEqualTo(tx.txid().toHex());
        assertThat(f.mempool.unbroadcast()).containsExactly(tx.txid());
    }

    private static List<String> iterable(JsonNode o) {
        List<String> names = new java.util.ArrayList<>();
        o.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
