package dev.blocksmith.rpc.methods.mining;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.block.BlockHeader;
import dev.blocksmith.core.block.MerkleTree;
import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.core.chain.ChainOptions;
import dev.blocksmith.core.params.Networks;
import dev.blocksmith.core.primitives.Amount;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.script.ScriptBuilder;
import dev.blocksmith.core.store.MemoryKeyValueStore;
import dev.blocksmith.core.testing.RejectSpendsVerifier;
import dev.blocksmith.core.testing.TestBlocks;
import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.core.tx.TxOut;
import dev.blocksmith.core.tx.Witness;
import dev.blocksmith.miner.BlockGenerator;
import dev.blocksmith.miner.template.BlockTemplateBuilder;
import dev.blocksmith.miner.template.TransactionSource;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.RpcJson;
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

class MiningMethodsTest {
    static final String ADDR = "bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080";
    private final ChainManager chain = ChainManager.open(Networks.REGTEST, new MemoryKeyValueStore(), new RejectSpendsVerifier(),
            ChainOptions.defaults(), () -> System.currentTimeMillis() / 1000);
    private final MethodRegistry registry = new MethodRegistry();

    MiningMethodsTest() {
        BlockTemplateBuilder templates = new BlockTemplateBuilder(chain, TransactionSource.empty(), BlockTemplateBuilder.DEFAULT_BLOCK_MAX_WEIGHT);
        MiningMethods.register(registry, new MiningContext(chain, templates, new BlockGenerator(chain, templates), () -> 0, () -> 0,
                txid -> Optional.empty()), Amount.ofSats(1));
    }

    private JsonNode call(String method, Object... params) throws RpcException {
        RpcMethod m = registry.find(method).orElseThrow();
        ArrayNode arr = RpcJson.array();
        for (Object p : params) arr.add(RpcJson.mapper().valueToTree(p));
        return m.execute(new RpcRequest(method, arr, m.params(), Optional.empty(), "test"));
    }

    /** Builds a block from a getblocktemplate result as an external miner would (standard fields only). */
    private Block fromTemplate(JsonNode t, Script payTo) {
        return fromTemplate(t, payTo, Witness.of(new byte[32]), Script.fromHex(t.get("default_witness_commitment").asText()));
    }

    private Block fromTemplate(JsonNode t, Script payTo, Witness coinbaseWitness, Script commitment) {
        int height = t.get("height").asInt();
        Script sig = new ScriptBuilder().number(height).data(new byte[] {1, 2, 3, 4}).build();
        TxIn in = new TxIn(OutPoint.NULL, sig, TxIn.SEQUENCE_FINAL).withWitness(coinbaseWitness);
        Transaction cb = new Transaction(2, List.of(in), List.of(new TxOut(t.get("coinbasevalue").asLong(), payTo),
                new TxOut(0, commitment)), 0);
        BlockHeader h = new BlockHeader(t.get("version").asInt(), Sha256Hash.fromHex(t.get("previousblockhash").asText()),
                MerkleTree.root(List.of(cb.txid())), t.get("curtime").asLong(), Long.parseLong(t.get("bits").asText(), 16), 0);
        return new Block(TestBlocks.solve(h, Networks.REGTEST), List.of(cb));
    }

    @Test
    void templateSubmitAndBip22Results() throws Exception {
        assertThatThrownBy(() -> call("getblocktemplate", Map.of())).isInstanceOfSatisfying(RpcException.class,
                e -> assertThat(e.code()).isEqualTo(RpcErrorCode.INVALID_PARAMETER));
        JsonNode t = call("getblocktemplate", Map.of("rules", List.of("segwit")));
        OpenRpcSchema.assertValidResult("getblocktemplate", t);
        assertThat(t.get("height").asInt()).isEqualTo(1);
        assertThat(t.get("coinbasevalue").asLong()).isEqualTo(50_0000_0000L);

        Block block = fromTemplate(t, TestBlocks.p2wpkhScript(5));
        assertThat(call("submitblock", block.toHex()).isNull()).isTrue();
        assertThat(chain.tip().height()).isEqualTo(1);
        assertThat(call("submitblock", block.toHex()).asText()).isEqualTo("duplicate");

        JsonNode t2 = call("getblocktemplate", Map.of("rules", List.of("segwit")));
        Block good = fromTemplate(t2, TestBlocks.p2wpkhScript(5));
        BlockHeader unsolved = good.header();
        while (dev.blocksmith.core.consensus.Difficulty.checkProofOfWork(unsolved.hash(), unsolved.bits(), Networks.REGTEST.powLimit())) {
            unsolved = unsolved.withNonce(unsolved.nonce() + 1);
        }
        assertThat(call("submitblock", new Block(unsolved, good.transactions()).toHex()).asText()).isEqualTo("high-hash");
        assertThat(chain.tip().height()).isEqualTo(1);
        assertThatThrownBy(() -> call("submitblock", "00ff")).isInstanceOfSatisfying(RpcException.class,
                e -> assertThat(e.code()).isEqualTo(RpcErrorCode.DESERIALIZATION_ERROR));

        BlockHeader orphan = TestBlocks.solve(new BlockHeader(0x20000000, Sha256Hash.fromHex("11".repeat(32)), Sha256Hash.ZERO,
                chain.now(), 0x207fffffL, 0), Networks.REGTEST);
        assertThatThrownBy(() -> call("submitheader", orphan.toHex())).isInstanceOfSatisfying(RpcException.class,
                e -> assertThat(e.code()).isEqualTo(RpcErrorCode.VERIFY_ERROR));
        assertThat(call("submitheader", good.header().toHex()).isNull()).isTrue();
    }

    /** BIP23 proposals: bitcoind's answers, and the proposed block is never stored. */
    @Test
    void blockProposals() throws Exception {
        call("generatetoaddress", 1, ADDR);
        JsonNode t = call("getblocktemplate", Map.of("rules", List.of("segwit")));
        assertThat(t.get("capabilities").toString()).contains("proposal");
        Block good = fromTemplate(t, TestBlocks.p2wpkhScript(5));
        BlockHeader noPow = good.header();
        while (dev.blocksmith.core.consensus.Difficulty.checkProofOfWork(noPow.hash(), noPow.bits(), Networks.REGTEST.powLimit())) {
            noPow = noPow.withNonce(noPow.nonce() + 1);
        }
        Block unsolved = new Block(noPow, good.transactions());
        // A proposal needs no proof of work and no rules list.
        assertThat(call("getblocktemplate", Map.of("mode", "proposal", "data", unsolved.toHex())).isNull()).isTrue();
        assertThat(call("getblocktemplate", Map.of("mode", "proposal", "data", good.toHex(), "rules", List.of("segwit"))).isNull()).isTrue();
        assertThat(chain.index(good.hash())).isEmpty();
        assertThat(chain.tip().height()).isEqualTo(1);

        Block badRoot = new Block(TestBlocks.solve(good.header().withMerkleRoot(Sha256Hash.ZERO), Networks.REGTEST), good.transactions());
        assertThat(call("getblocktemplate", Map.of("mode", "proposal", "data", badRoot.toHex())).asText()).isEqualTo("bad-txnmrklroot");
        BlockHeader g = good.header();
        Block elsewhere = new Block(new BlockHeader(g.version(), Sha256Hash.fromHex("11".repeat(32)), g.merkleRoot(), g.time(), g.bits(), 0),
                good.transactions());
        assertThat(call("getblocktemplate", Map.of("mode", "proposal", "data", elsewhere.toHex())).asText())
                .isEqualTo("inconclusive-not-best-prevblk");
        Block old = new Block(TestBlocks.solve(g.withTime(0), Networks.REGTEST), good.transactions());
        assertThat(call("getblocktemplate", Map.of("mode", "proposal", "data", old.toHex())).asText()).isEqualTo("time-too-old");

        // Known blocks are answered from the block index.
        assertThat(call("submitheader", good.header().toHex()).isNull()).isTrue();
        assertThat(call("getblocktemplate", Map.of("mode", "proposal", "data", good.toHex())).asText()).isEqualTo("duplicate-inconclusive");
        assertThat(call("submitblock", good.toHex()).isNull()).isTrue();
        assertThat(call("getblocktemplate", Map.of("mode", "proposal", "data", good.toHex())).asText()).isEqualTo("duplicate");
        com.fasterxml.jackson.databind.node.ObjectNode greedyTemplate = call("getblocktemplate", Map.of("rules", List.of("segwit"))).deepCopy();
        greedyTemplate.put("coinbasevalue", greedyTemplate.get("coinbasevalue").asLong() + 1);
        Block greedy = fromTemplate(greedyTemplate, TestBlocks.p2wpkhScript(5));
        assertThat(call("getblocktemplate", Map.of("mode", "proposal", "data", greedy.toHex())).asText()).isEqualTo("bad-cb-amount");
        assertThat(call("submitblock", greedy.toHex()).asText()).isEqualTo("bad-cb-amount");
        assertThat(call("getblocktemplate", Map.of("mode", "proposal", "data", greedy.toHex())).asText()).isEqualTo("duplicate-invalid");

        assertThatThrownBy(() -> call("getblocktemplate", Map.of("mode", "proposal"))).isInstanceOfSatisfying(RpcException.class,
                e -> assertThat(e.code()).isEqualTo(RpcErrorCode.TYPE_ERROR));
        assertThatThrownBy(() -> call("getblocktemplate", Map.of("mode", "proposal", "data", good.toHex().substring(0, 200))))
                .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.code()).isEqualTo(RpcErrorCode.DESERIALIZATION_ERROR));
        assertThatThrownBy(() -> call("getblocktemplate", Map.of("mode", "other", "rules", List.of("segwit"))))
                .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.getMessage()).isEqualTo("Invalid mode"));
    }

    /**
     * bitcoind's submitblock fills in the coinbase witness reserved value (32 zero bytes) of a block that
     * commits to witnesses without one (p2p_segwit's test_submit_block): a commitment made with the
     * default value is then valid, one made with another value still fails.
     */
    @Test
    void submitblockFillsInTheDefaultWitnessReservedValue() throws Exception {
        JsonNode t = call("getblocktemplate", Map.of("rules", List.of("segwit")));
        byte[] one = new byte[32];
        one[0] = 1;
        Script otherNonceCommitment = Block.witnessCommitmentScript(Block.witnessCommitment(Sha256Hash.ZERO, one));
        Block custom = fromTemplate(t, TestBlocks.p2wpkhScript(5), Witness.EMPTY, otherNonceCommitment);
        assertThat(call("submitblock", custom.toHex()).asText()).isEqualTo("bad-witness-merkle-match");

        Block standard = fromTemplate(t, TestBlocks.p2wpkhScript(5), Witness.EMPTY,
                Script.fromHex(t.get("default_witness_commitment").asText()));
        assertThat(call("submitblock", standard.toHex()).isNull()).isTrue();
        assertThat(chain.tip().hash()).isEqualTo(standard.hash());
    }

    @Test
    void generatedBlocksTakeTheFirstValidNonceAsBitcoindsGenerateBlock() throws Exception {
        // A template gives one block: the same twice, its nonce the lowest that meets the target.
        String first = call("generateblock", ADDR, List.of(), false).get("hex").asText();
        String again = call("generateblock", ADDR, List.of(), false).get("hex").asText();
        assertThat(again).isEqualTo(first);
        dev.blocksmith.core.block.BlockHeader h = dev.blocksmith.core.block.Block.read(
                new dev.blocksmith.core.primitives.ByteReader(dev.blocksmith.core.primitives.Hex.decode(first))).header();
        for (long n = 0; n < h.nonce(); n++) {
            assertThat(dev.blocksmith.core.consensus.Difficulty.checkProofOfWork(h.withNonce(n).hash(), h.bits(),
                    Networks.REGTEST.powLimit())).as("nonce %d", n).isFalse();
        }
    }

    @Test
    void infoGenerateAndLongPoll() throws Exception {
        assertThat(call("generatetoaddress", 5, ADDR)).hasSize(5);
        assertThat(call("generatetodescriptor", 2, "addr(" + ADDR + ")").size()).isEqualTo(2);
        JsonNode info = call("getmininginfo");
        OpenRpcSchema.assertValidResult("getmininginfo", info);
        assertThat(info.get("blocks").asInt()).isEqualTo(7);
        assertThat(info.get("chain").asText()).isEqualTo("regtest");
        assertThat(call("getnetworkhashps").isNumber()).isTrue();
        JsonNode gen = call("generateblock", ADDR, List.of());
        assertThat(gen.get("hash").asText()).isEqualTo(chain.tip().hash().toHex());
        JsonNode notSubmitted = call("generateblock", ADDR, List.of(), false);
        assertThat(notSubmitted.get("hex").asText()).isNotEmpty();
        assertThat(chain.tip().height()).isEqualTo(8);
        assertThatThrownBy(() -> call("generatetoaddress", 1, "bc1qnotregtest")).isInstanceOfSatisfying(RpcException.class,
                e -> assertThat(e.code()).isEqualTo(RpcErrorCode.INVALID_ADDRESS_OR_KEY));

        String pollId = call("getblocktemplate", Map.of("rules", List.of("segwit"))).get("longpollid").asText();
        CompletableFuture<JsonNode> poll = CompletableFuture.supplyAsync(() -> {
            try {
                return call("getblocktemplate", Map.of("rules", List.of("segwit"), "longpollid", pollId));
            } catch (RpcException e) {
                throw new RuntimeException(e);
            }
        });
        Thread.sleep(300);
        assertThat(poll).isNotDone();
        call("generatetoaddress", 1, ADDR);
        JsonNode fresh = poll.get(5, TimeUnit.SECONDS);
        assertThat(fresh.get("height").asInt()).isEqualTo(10);
    }
}
