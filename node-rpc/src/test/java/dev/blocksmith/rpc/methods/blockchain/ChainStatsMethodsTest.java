package dev.blocksmith.rpc.methods.blockchain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.core.chain.ChainOptions;
import dev.blocksmith.core.consensus.ParallelScriptVerifier;
import dev.blocksmith.core.consensus.Subsidy;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.params.Networks;
import dev.blocksmith.core.script.Opcodes;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.script.ScriptBuilder;
import dev.blocksmith.core.script.ScriptValidation;
import dev.blocksmith.core.store.MemoryKeyValueStore;
import dev.blocksmith.core.testing.TestBlocks;
import dev.blocksmith.core.testing.TestWallet;
import dev.blocksmith.core.testing.TestWallet.Kind;
import dev.blocksmith.core.testing.TestWallet.Utxo;
import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.core.tx.TxOut;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.ArgumentBinder;
import dev.blocksmith.rpc.methods.MethodRegistry;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcRequest;
import dev.blocksmith.rpc.schema.OpenRpcSchema;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * verifychain, getblockstats and getchaintxstats on a regtest chain with really signed transactions:
 * 105 empty blocks, then a block of four spends (to P2PKH, to P2WPKH, that P2WPKH output spent in the
 * same block, and one with an OP_RETURN output) with fees 1000, 1000, 1500 and 4000, then an empty block.
 */
class ChainStatsMethodsTest {
    private static final NetworkParams REGTEST = Networks.REGTEST;

    private final TestWallet wallet = new TestWallet();
    private final ParallelScriptVerifier verifier = new ParallelScriptVerifier(ScriptValidation.uncached(), 2);
    private final MethodRegistry registry = new MethodRegistry();
    private ChainManager chain;
    private final List<Block> blocks = new ArrayList<>();
    private final List<Transaction> spends = new ArrayList<>();
    private final long[] fees = {1_000, 1_000, 4_000};
    private int tag = 1;

    @BeforeEach
    void buildChain() throws Exception {
        chain = ChainManager.open(REGTEST, new MemoryKeyValueStore(), verifier, ChainOptions.defaults(), () -> 1_900_000_000L);
        for (int i = 0; i < 105; i++) mine(List.of(), 0);
        // Spend three coinbases: to P2PKH, to P2WPKH (then spent within the block), and with an OP_RETURN.
        Utxo cb1 = coinbase(1), cb2 = coinbase(2), cb3 = coinbase(3);
        Transaction legacy = pay(cb1, List.of(new TxOut(cb1.output().value() - fees[0], wallet.scriptPubKey(Kind.P2PKH))));
        Transaction toSegwit = pay(cb2, List.of(new TxOut(cb2.output().value() - 1_000, wallet.scriptPubKey(Kind.P2WPKH))));
        Utxo segwitOut = new Utxo(new OutPoint(toSegwit.txid(), 0), toSegwit.output(0), Kind.P2WPKH);
        Transaction segwit = pay(segwitOut, List.of(new TxOut(segwitOut.output().value() - 1_500, wallet.scriptPubKey(Kind.P2TR_KEY))));
        Transaction withData = pay(cb3, List.of(
                new TxOut(cb3.output().value() - fees[2], wallet.scriptPubKey(Kind.P2WSH_MULTISIG)),
                new TxOut(0, new ScriptBuilder().op(Opcodes.OP_RETURN).data(new byte[] {1, 2, 3}).build())));
        spends.addAll(List.of(legacy, toSegwit, segwit, withData));
        mine(spends, fees[0] + 1_000 + 1_500 + fees[2]);
        mine(List.of(), 0);
        ChainStatsMethods.register(registry, chain);
    }

    @AfterEach
    void close() {
        verifier.close();
    }

    private Utxo coinbase(int height) {
        Transaction cb = blocks.get(height - 1).coinbase();
        return new Utxo(new OutPoint(cb.txid(), 0), cb.output(0), Kind.P2PKH);
    }

    private Transaction pay(Utxo from, List<TxOut> outs) {
        Transaction unsigned = new Transaction(2, List.of(new TxIn(from.outPoint(), Script.EMPTY, TxIn.SEQUENCE_FINAL)), outs, 0);
        return wallet.sign(unsigned, List.of(from));
    }

    private void mine(List<Transaction> txs, long fee) throws Exception {
        Block b = TestBlocks.nextBlock(REGTEST, chain.tip().index(), wallet.mainScript(), txs, fee, tag++);
        chain.processBlock(b);
        blocks.add(b);
    }

    private JsonNode call(String method, String params) throws RpcException {
        RpcMethod m = registry.find(method).orElseThrow();
        ArrayNode args = ArgumentBinder.bind(m, RpcJson.parse(params).orElseThrow());
        JsonNode result = m.execute(new RpcRequest(method, args, m.params(), Optional.empty(), "test"));
        OpenRpcSchema.assertValidResult(method, result);
        return result;
    }

    private void assertError(String method, String params, RpcErrorCode code, String message) {
        assertThatThrownBy(() -> call(method, params)).isInstanceOfSatisfying(RpcException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }

    // ---------------------------------------------------------------- getblockstats

    @Test
    void blockStatsOfABlockWithSpends() throws RpcException {
        Block block = blocks.get(105);
        JsonNode s = call("getblockstats", "[106]");
        assertThat(s.get("blockhash").asText()).isEqualTo(block.hash().toHex());
        assertThat(s.get("height").asInt()).isEqualTo(106);
        assertThat(s.get("txs").asInt()).isEqualTo(5);
        assertThat(s.get("ins").asInt()).isEqualTo(4);
        // 1 + 1 + 1 + 2 outputs plus the coinbase's two (reward and witness commitment).
        assertThat(s.get("outs").asInt()).isEqualTo(7);
        assertThat(s.get("totalfee").asLong()).isEqualTo(7_500);
        assertThat(s.get("minfee").asLong()).isEqualTo(1_000);
        assertThat(s.get("maxfee").asLong()).isEqualTo(4_000);
        assertThat(s.get("medianfee").asLong()).isEqualTo((1_000 + 1_500) / 2);
        assertThat(s.get("avgfee").asLong()).isEqualTo(7_500 / 4);
        assertThat(s.get("subsidy").asLong()).isEqualTo(Subsidy.at(106, REGTEST));

        long totalSize = 0, totalWeight = 0, swSize = 0, swWeight = 0, totalOut = 0;
        long minSize = Long.MAX_VALUE, maxSize = 0;
        for (Transaction tx : spends) {
            totalSize += tx.totalSize();
            totalWeight += tx.weight();
            minSize = Math.min(minSize, tx.totalSize());
            maxSize = Math.max(maxSize, tx.totalSize());
            if (tx.hasWitness()) {
                swSize += tx.totalSize();
                swWeight += tx.weight();
            }
            for (TxOut o : tx.outputs()) totalOut += o.value();
        }
        assertThat(s.get("total_size").asLong()).isEqualTo(totalSize);
        assertThat(s.get("total_weight").asLong()).isEqualTo(totalWeight);
        assertThat(s.get("avgtxsize").asLong()).isEqualTo(totalSize / 4);
        assertThat(s.get("mintxsize").asLong()).isEqualTo(minSize);
        assertThat(s.get("maxtxsize").asLong()).isEqualTo(maxSize);
        assertThat(s.get("swtxs").asInt()).isEqualTo(1);
        assertThat(s.get("swtotal_size").asLong()).isEqualTo(swSize);
        assertThat(s.get("swtotal_weight").asLong()).isEqualTo(swWeight);
        assertThat(s.get("total_out").asLong()).isEqualTo(totalOut);
        assertThat(s.get("avgfeerate").asLong()).isEqualTo(7_500 * 4 / totalWeight);
        assertThat(s.get("mediantime").asLong()).isEqualTo(chain.atHeight(106).orElseThrow().medianTimePast());
        assertThat(s.get("time").asLong()).isEqualTo(block.header().time());

        // Fee rates per vbyte, integer division; the percentiles lie between the extremes.
        long minRate = Long.MAX_VALUE, maxRate = 0;
        long[] txFees = {1_000, 1_000, 1_500, 4_000};
        for (int i = 0; i < 4; i++) {
            long rate = txFees[i] * 4 / spends.get(i).weight();
            minRate = Math.min(minRate, rate);
            maxRate = Math.max(maxRate, rate);
        }
        assertThat(s.get("minfeerate").asLong()).isEqualTo(minRate);
        assertThat(s.get("maxfeerate").asLong()).isEqualTo(maxRate);
        JsonNode p = s.get("feerate_percentiles");
        assertThat(p).hasSize(5);
        for (int i = 0; i < 5; i++) {
            assertThat(p.get(i).asLong()).isBetween(minRate, maxRate);
            if (i > 0) assertThat(p.get(i).asLong()).isGreaterThanOrEqualTo(p.get(i - 1).asLong());
        }

        // UTXO changes: 7 outputs minus 4 inputs; the OP_RETURN and the witness commitment are unspendable.
        assertThat(s.get("utxo_increase").asLong()).isEqualTo(3);
        assertThat(s.get("utxo_increase_actual").asLong()).isEqualTo(1);
        long created = 0, createdActual = 0, spent = 0;
        for (Transaction tx : block.transactions()) {
            for (TxOut o : tx.outputs()) {
                long size = BlockStats.serializedSize(o) + BlockStats.PER_UTXO_OVERHEAD;
                created += size;
                if (!o.scriptPubKey().isUnspendable()) createdActual += size;
            }
        }
        spent += 3 * (BlockStats.serializedSize(coinbase(1).output()) + BlockStats.PER_UTXO_OVERHEAD);
        spent += BlockStats.serializedSize(spends.get(1).output(0)) + BlockStats.PER_UTXO_OVERHEAD;
        assertThat(s.get("utxo_size_inc").asLong()).isEqualTo(created - spent);
        assertThat(s.get("utxo_size_inc_actual").asLong()).isEqualTo(createdActual - spent);

        // By hash, the same figures.
        assertThat(call("getblockstats", "[\"" + block.hash().toHex() + "\"]")).isEqualTo(s);
    }

    @Test
    void blockStatsOfAnEmptyBlockAndOfGenesis() throws RpcException {
        JsonNode s = call("getblockstats", "[107]");
        assertThat(s.get("txs").asInt()).isEqualTo(1);
        assertThat(s.get("ins").asInt()).isZero();
        assertThat(s.get("totalfee").asLong()).isZero();
        assertThat(s.get("mintxsize").asLong()).isZero();
        assertThat(s.get("minfeerate").asLong()).isZero();
        assertThat(s.get("utxo_increase_actual").asLong()).isEqualTo(1);
        JsonNode g = call("getblockstats", "[0]");
        // The genesis output never entered the UTXO set.
        assertThat(g.get("utxo_increase").asLong()).isEqualTo(1);
        assertThat(g.get("utxo_increase_actual").asLong()).isZero();
        assertThat(g.get("utxo_size_inc_actual").asLong()).isZero();
    }

    @Test
    void selectedStatisticsOnlyInNameOrder() throws RpcException {
        JsonNode s = call("getblockstats", "[106, [\"totalfee\", \"avgfeerate\", \"minfee\", \"minfee\"]]");
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = s.fieldNames(); it.hasNext(); ) names.add(it.next());
        assertThat(names).containsExactly("avgfeerate", "minfee", "totalfee");
        assertThat(s.get("totalfee").asLong()).isEqualTo(7_500);
        assertError("getblockstats", "[106, [\"minfee\", \"nosuchstat\"]]", RpcErrorCode.INVALID_PARAMETER,
                "Invalid selected statistic 'nosuchstat'");
    }

    @Test
    void blockStatsArgumentErrors() {
        assertError("getblockstats", "[-1]", RpcErrorCode.INVALID_PARAMETER, "Target block height -1 is negative");
        assertError("getblockstats", "[108]", RpcErrorCode.INVALID_PARAMETER, "Target block height 108 after current tip 107");
        assertError("getblockstats", "[\"" + "00".repeat(32) + "\"]", RpcErrorCode.INVALID_ADDRESS_OR_KEY, "Block not found");
    }

    // ---------------------------------------------------------------- getchaintxstats

    @Test
    void chainTxStatsOverTheDefaultAndAGivenWindow() throws RpcException {
        // Genesis 1 + 105 coinbases + 5 + 1.
        long total = 1 + 105 + 5 + 1;
        JsonNode all = call("getchaintxstats", "[]");
        assertThat(all.get("txcount").asLong()).isEqualTo(total);
        assertThat(all.get("window_final_block_height").asInt()).isEqualTo(107);
        assertThat(all.get("window_final_block_hash").asText()).isEqualTo(chain.tip().hash().toHex());
        // One month of regtest blocks is more than the chain: the window shrinks to height - 1.
        assertThat(all.get("window_block_count").asInt()).isEqualTo(106);
        assertThat(all.get("window_tx_count").asLong()).isEqualTo(total - 2);
        long interval = chain.tip().index().medianTimePast() - chain.atHeight(1).orElseThrow().medianTimePast();
        assertThat(all.get("window_interval").asLong()).isEqualTo(interval);
        assertThat(all.get("txrate").asDouble()).isEqualTo((double) (total - 2) / interval);
        assertThat(all.get("time").asLong()).isEqualTo(chain.tip().index().time());

        JsonNode two = call("getchaintxstats", "[2, \"" + blocks.get(105).hash().toHex() + "\"]");
        assertThat(two.get("window_final_block_height").asInt()).isEqualTo(106);
        assertThat(two.get("txcount").asLong()).isEqualTo(total - 1);
        // Blocks 105 and 106: 1 + 5 transactions.
        assertThat(two.get("window_tx_count").asLong()).isEqualTo(6);

        JsonNode none = call("getchaintxstats", "[0]");
        assertThat(none.has("window_interval")).isFalse();
        assertThat(none.has("window_tx_count")).isFalse();
        assertThat(none.has("txrate")).isFalse();
    }

    @Test
    void chainTxStatsArgumentErrors() {
        String message = "Invalid block count: should be between 0 and the block's height - 1";
        assertError("getchaintxstats", "[107]", RpcErrorCode.INVALID_PARAMETER, message);
        assertError("getchaintxstats", "[-1]", RpcErrorCode.INVALID_PARAMETER, message);
        assertError("getchaintxstats", "[1, \"" + "00".repeat(32) + "\"]", RpcErrorCode.INVALID_ADDRESS_OR_KEY, "Block not found");
    }

    @Test
    void chainTxStatsRefusesABlockOffTheBestChain() throws Exception {
        Block side = TestBlocks.nextBlock(REGTEST, chain.atHeight(100).orElseThrow(), TestBlocks.p2wpkhScript(3), List.of(), 0, 9999);
        chain.processBlock(side);
        assertError("getchaintxstats", "[1, \"" + side.hash().toHex() + "\"]", RpcErrorCode.INVALID_PARAMETER,
                "Block is not in main chain");
    }

    // ---------------------------------------------------------------- verifychain

    @Test
    void verifyChainAtEveryLevel() throws RpcException {
        assertThat(call("verifychain", "[]").asBoolean()).isTrue();
        for (int level = 0; level <= 4; level++) {
            assertThat(call("verifychain", "[" + level + ", 0]").asBoolean()).as("level %d", level).isTrue();
        }
        assertThat(chain.tip().height()).isEqualTo(107);
    }
}
