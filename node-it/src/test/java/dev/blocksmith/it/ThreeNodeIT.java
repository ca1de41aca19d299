package dev.blocksmith.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blocksmith.core.primitives.Hex;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxOut;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three Blocksmith processes: initial sync from a miner, a partition with competing branches, the reorg
 * to the branch with more work when the network heals, and a transaction relayed across the network and
 * mined by another node.
 */
class ThreeNodeIT {
    private static final Duration SYNC = Duration.ofSeconds(90);
    private static final TestKey KEY = TestKey.fromLabel("three-node-it");

    @TempDir
    Path dir;

    @Test
    void syncPartitionReorgAndRelay() throws Exception {
        String addr = KEY.segwitAddress("bcrt");
        List<String> alone = List.of("-listen=1", "-dnsseed=0");
        try (NodeProcess a = new NodeProcess(dir.resolve("a"), "regtest", alone).start();
                NodeProcess b = new NodeProcess(dir.resolve("b"), "regtest", alone).start();
                NodeProcess c = new NodeProcess(dir.resolve("c"), "regtest", alone).start()) {
            a.rpc("generatetoaddress", 200, addr);
            String tip200 = a.rpc("getbestblockhash").asText();

            join(b, a);
            join(c, a);
            awaitSameTip(tip200, a, b, c);

            // Partition: B and C drop A and mine competing branches on top of block 200.
            part(b, a);
            part(c, a);
            // Different payees: B and C mining the same height in the same second to one address would
            // produce identical blocks, and the "branches" would share a prefix.
            List<String> bBlocks = hashes(b.rpc("generatetoaddress", 5, TestKey.fromLabel("three-node-it-b").segwitAddress("bcrt")));
            List<String> cBlocks = hashes(c.rpc("generatetoaddress", 7, TestKey.fromLabel("three-node-it-c").segwitAddress("bcrt")));
            String bTip = bBlocks.get(4);
            String cTip = cBlocks.get(6);
            assertThat(a.rpc("getbestblockhash").asText()).isEqualTo(tip200);
            assertThat(b.rpc("getbestblockhash").asText()).isEqualTo(bTip);
            assertThat(c.rpc("getbestblockhash").asText()).isEqualTo(cTip);
            assertThat(b.rpc("getconnectioncount").asInt()).isZero();
            assertThat(c.rpc("getconnectioncount").asInt()).isZero();

            // Heal: everybody follows C's branch, the one with the most work.
            join(b, a);
            join(c, a);
            awaitSameTip(cTip, a, b, c);
            for (NodeProcess n : List.of(a, b, c)) assertThat(n.rpc("getblockcount").asInt()).isEqualTo(207);
            JsonNode tipsOnB = b.rpc("getchaintips");
            assertThat(tipsOnB).anySatisfy(t -> {
                assertThat(t.get("hash").asText()).isEqualTo(cTip);
                assertThat(t.get("status").asText()).isEqualTo("active");
                assertThat(t.get("height").asInt()).isEqualTo(207);
            });
            assertThat(tipsOnB).anySatisfy(t -> {
                assertThat(t.get("hash").asText()).isEqualTo(bTip);
                assertThat(t.get("height").asInt()).isEqualTo(205);
                assertThat(t.get("branchlen").asInt()).isEqualTo(5);
                assertThat(t.get("status").asText()).isEqualTo("valid-fork");
            });
            JsonNode utxoA = a.rpc("gettxoutsetinfo");
            for (NodeProcess n : List.of(b, c)) {
                JsonNode utxo = n.rpc("gettxoutsetinfo");
                assertThat(utxo.get("bestblock").asText()).isEqualTo(cTip);
                assertThat(utxo.get("txouts").asLong()).isEqualTo(utxoA.get("txouts").asLong()).isEqualTo(207);
                assertThat(utxo.get("total_amount").decimalValue()).isEqualByComparingTo(utxoA.get("total_amount").decimalValue());
            }
            assertThat(utxoA.get("bestblock").asText()).isEqualTo(cTip);

            // A spend of block 1's coinbase (the key is the test's), submitted to A, reaches B and C and C mines it.
            JsonNode block1 = a.rpc("getblock", a.rpc("getblockhash", 1).asText(), 2);
            JsonNode coinbase = block1.get("tx").get(0);
            long value = coinbase.get("vout").get(0).get("value").decimalValue().movePointRight(8).longValueExact();
            Transaction spend = KEY.spend(List.of(TestKey.outPoint(coinbase.get("txid").asText(), 0)),
                    List.of(new TxOut(value, KEY.p2wpkh())), 2, KEY.p2wpkh(), 10_000);
            String txid = spend.txid().toString();
            assertThat(a.rpc("sendrawtransaction", Hex.encode(spend.serialize())).asText()).isEqualTo(txid);
            for (NodeProcess n : List.of(b, c)) {
                Await.until("tx in the mempool of node " + n.p2pPort(), SYNC, () -> contains(n.rpc("getrawmempool"), txid));
            }
            String mined = c.rpc("generatetoaddress", 1, addr).get(0).asText();
            awaitSameTip(mined, a, b, c);
            for (NodeProcess n : List.of(a, b, c)) {
                JsonNode block = n.rpc("getblock", mined, 1);
                assertThat(contains(block.get("tx"), txid)).isTrue();
                assertThat(n.rpc("getrawmempool")).isEmpty();
            }
            // The fee moved from the spent coin to the coinbase; only block 208's subsidy (25: regtest halves every 150) is new.
            JsonNode after = a.rpc("gettxoutsetinfo");
            assertThat(after.get("total_amount").decimalValue())
                    .isEqualByComparingTo(utxoA.get("total_amount").decimalValue().add(new BigDecimal("25")));
            assertThat(after.get("txouts").asLong()).isEqualTo(207 - 1 + 2 + 1);
        }
    }

    private static void join(NodeProcess from, NodeProcess to) throws Exception {
        from.rpc("addnode", "127.0.0.1:" + to.p2pPort(), "onetry");
        Await.until("connection from " + from.p2pPort() + " to " + to.p2pPort(), SYNC,
                () -> peerAddrs(from).contains("127.0.0.1:" + to.p2pPort()));
    }

    private static void part(NodeProcess from, NodeProcess to) throws Exception {
        from.rpc("disconnectnode", "127.0.0.1:" + to.p2pPort());
        Await.until("disconnection of " + from.p2pPort() + " from " + to.p2pPort(), SYNC,
                () -> from.rpc("getconnectioncount").asInt() == 0);
    }

    private static List<String> peerAddrs(NodeProcess n) throws Exception {
        List<String> out = new ArrayList<>();
        for (JsonNode p : n.rpc("getpeerinfo")) out.add(p.get("addr").asText());
        return out;
    }

    private static void awaitSameTip(String hash, NodeProcess... nodes) throws Exception {
        for (NodeProcess n : nodes) {
            Await.until("node " + n.p2pPort() + " at " + hash, SYNC, () -> n.rpc("getbestblockhash").asText().equals(hash));
        }
    }

    private static List<String> hashes(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(h -> out.add(h.asText()));
        return out;
    }

    private static boolean contains(JsonNode array, String value) {
        for (JsonNode n : array) if (n.asText().equals(value)) return true;
        return false;
    }
}
