package dev.blocksmith.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blocksmith.core.primitives.Hex;
import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxOut;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interop with bcoin 1.0.2, an independent implementation: its chain (1500 blocks with every soft fork
 * of its regtest active, including segwit spends) syncs to Blocksmith whichever side dials; blocks
 * Blocksmith mines reach bcoin; transactions cross in both directions.
 * <p>
 * bcoin's regtest activates CSV/segwit at 432, BIP66 at 1251 and BIP65 at 1351, while Blocksmith's
 * regtest (like Core's) has them from height 1. The blocks bcoin mines already carry version
 * 0x20000000 headers and BIP34 heights, and it admits witness transactions only after 432, so its chain
 * is valid under Blocksmith's rules. The other way round is not true from genesis: Blocksmith's regtest
 * coinbases always carry the witness reserved value, which bcoin rejects while segwit is inactive for it
 * (unexpected-witness). So the shared chain starts with bcoin's 1500 blocks (segwit active on both, and
 * segwit spends in it) and Blocksmith mines on top; the last test runs Blocksmith from genesis on a
 * params file with bcoin's rules instead.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BcoinInteropIT {
    private static final Duration SYNC = Duration.ofMinutes(4);
    private static final TestKey KEY = TestKey.fromLabel("bcoin-interop-it");
    /** bcoin's regtest P2PKH version byte (Core's is 0x6f). */
    private static final int BCOIN_P2PKH = 0x3c;

    @TempDir
    static Path dir;

    private BcoinProcess bcoin;
    private NodeProcess dialer;
    private NodeProcess listener;
    private Transaction lastBcoinSpend;

    @BeforeAll
    void startBcoin() throws Exception {
        Optional<Path> driver = BcoinProcess.install();
        Assumptions.assumeTrue(driver.isPresent(), "node and npm are not installed on this machine, so bcoin cannot run");
        bcoin = BcoinProcess.start(driver.get(), dir.resolve("bcoin.log"));
    }

    @AfterAll
    void stopAll() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {dialer, listener, bcoin}) {
            if (c != null) c.close();
        }
    }

    @Test
    @Order(1)
    void bcoinChainSyncsToBlocksmithWhicheverSideDials() throws Exception {
        String payTo = KEY.legacyAddress(BCOIN_P2PKH);
        mineOnBcoin(110, payTo);
        // Before segwit (bcoin height < 432): a legacy spend that creates two P2WPKH outputs.
        Transaction fanOut = KEY.spend(List.of(coinbaseOf(1)), List.of(new TxOut(coinbaseValue(1), KEY.p2pkh())), 2, KEY.p2wpkh(), 10_000);
        submitToBcoinAndMine(fanOut, payTo);
        mineOnBcoin(440, payTo);
        // After 432: a segwit spend.
        Transaction segwitSpend = KEY.spend(List.of(new OutPoint(fanOut.txid(), 0)), List.of(fanOut.output(0)), 1, KEY.p2pkh(), 10_000);
        submitToBcoinAndMine(segwitSpend, payTo);
        mineOnBcoin(1400, payTo);
        // After BIP65/BIP66 too: a segwit and a legacy input together.
        lastBcoinSpend = KEY.spend(List.of(new OutPoint(fanOut.txid(), 1), coinbaseOf(2)),
                List.of(fanOut.output(1), new TxOut(coinbaseValue(2), KEY.p2pkh())), 2, KEY.p2wpkh(), 20_000);
        String withLast = submitToBcoinAndMine(lastBcoinSpend, payTo);
        mineOnBcoin(1500, payTo);
        String tip = bcoin.rpc("getbestblockhash").asText();

        // Blocksmith dials bcoin.
        // bcoin has no BIP324 and, unlike bitcoind, sends its version first on an inbound connection: a v2 attempt then
        // receives bytes and is not retried with v1 (bitcoind 30 with -connect to bcoin behaves the same), so v1 here.
        dialer = new NodeProcess(dir.resolve("dialer"), "regtest", List.of("-connect=127.0.0.1:" + bcoin.p2pPort(), "-listen=1",
                "-v2transport=0")).start();
        awaitTip(dialer, tip);
        JsonNode block = dialer.rpc("getblock", withLast, 1);
        assertThat(block.get("tx").toString()).contains(lastBcoinSpend.txid().toString());
        assertThat(dialer.rpc("gettxoutsetinfo").get("height").asInt()).isEqualTo(1500);

        // bcoin dials Blocksmith.
        listener = new NodeProcess(dir.resolve("listener"), "regtest", List.of("-listen=1", "-dnsseed=0")).start();
        bcoin.rpc("addnode", "127.0.0.1:" + listener.p2pPort(), "onetry");
        awaitTip(listener, tip);
        assertThat(listener.rpc("gettxoutsetinfo").get("txouts").asLong()).isEqualTo(dialer.rpc("gettxoutsetinfo").get("txouts").asLong());
    }

    @Test
    @Order(2)
    void blocksBlocksmithMinesReachBcoin() throws Exception {
        Assumptions.assumeTrue(dialer != null, "needs the synced chain of the first test");
        JsonNode mined = dialer.rpc("generatetoaddress", 10, KEY.segwitAddress("bcrt"));
        String tip = mined.get(9).asText();
        Await.until("bcoin at Blocksmith's tip " + tip, SYNC, () -> bcoin.rpc("getbestblockhash").asText().equals(tip));
        assertThat(bcoin.rpc("getblockcount").asInt()).isEqualTo(1510);
        // And on to the Blocksmith node that bcoin dialled.
        awaitTip(listener, tip);
    }

    @Test
    @Order(3)
    void transactionsCrossBothWaysAndBlocksmithMinesThem() throws Exception {
        Assumptions.assumeTrue(dialer != null, "needs the synced chain of the first test");
        // bcoin → Blocksmith: a legacy spend of a bcoin coinbase.
        Transaction toBlocksmith = KEY.spend(List.of(coinbaseOf(3)), List.of(new TxOut(coinbaseValue(3), KEY.p2pkh())), 1, KEY.p2wpkh(), 10_000);
        String txA = toBlocksmith.txid().toString();
        assertThat(bcoin.rpc("sendrawtransaction", Hex.encode(toBlocksmith.serialize())).asText()).isEqualTo(txA);
        Await.until("bcoin's transaction in Blocksmith's mempool", SYNC, () -> dialer.rpc("getrawmempool").toString().contains(txA));

        // Blocksmith → bcoin: a segwit spend.
        Transaction toBcoin = KEY.spend(List.of(new OutPoint(lastBcoinSpend.txid(), 0)), List.of(lastBcoinSpend.output(0)), 2, KEY.p2wpkh(), 10_000);
        String txB = toBcoin.txid().toString();
        assertThat(dialer.rpc("sendrawtransaction", Hex.encode(toBcoin.serialize())).asText()).isEqualTo(txB);
        Await.until("Blocksmith's transaction in bcoin's mempool", SYNC, () -> bcoin.rpc("getrawmempool").toString().contains(txB));

        String mined = dialer.rpc("generatetoaddress", 1, KEY.segwitAddress("bcrt")).get(0).asText();
        Await.until("bcoin at " + mined, SYNC, () -> bcoin.rpc("getbestblockhash").asText().equals(mined));
        JsonNode onBcoin = bcoin.rpc("getblock", mined, true, false);
        assertThat(onBcoin.get("tx").toString()).contains(txA).contains(txB);
        assertThat(bcoin.rpc("getrawmempool")).isEmpty();
    }

    /**
     * Blocksmith mining from genesis for bcoin, on a params file with the rules bcoin's regtest applies to
     * such a chain (src/test/bcoin/bcoin-regtest.json; README there): Core's regtest genesis and magic,
     * BIP66 at 1251, BIP65 at 1351, and CSV/SegWit never, because on bcoin's regtest they are BIP9
     * deployments that only activate when blocks signal them, which Blocksmith's do not. Blocksmith's
     * coinbases then carry no witness, and bcoin accepts the chain (with segwit active from genesis, bcoin
     * rejects block 432 onwards as unexpected-witness: found by this test).
     */
    @Test
    @Order(4)
    void blocksmithOnBcoinActivationHeightsMinesFromGenesisForBcoin() throws Exception {
        Path params = Path.of(System.getProperty("blocksmith.repo", "..")).toAbsolutePath().normalize()
                .resolve("node-it/src/test/bcoin/bcoin-regtest.json");
        try (NodeProcess miner = new NodeProcess(dir.resolve("genesis-miner"), params.toString(), List.of("-listen=1", "-dnsseed=0"))
                .withNetworkDirName("bcoinregtest").start()) {
            String payTo = KEY.segwitAddress("rb");
            String tip500 = miner.rpc("generatetoaddress", 500, payTo).get(499).asText();
            // bcoin downloads its initial chain only from the peer it dialled itself (its loader peer).
            try (BcoinProcess fresh = BcoinProcess.start(BcoinProcess.install().orElseThrow(), dir.resolve("bcoin-fresh.log"),
                    "127.0.0.1:" + miner.p2pPort())) {
                Await.until("bcoin at Blocksmith's block 500", SYNC, () -> fresh.rpc("getbestblockhash").asText().equals(tip500));
                // Then new blocks as Blocksmith announces them.
                String tip = miner.rpc("generatetoaddress", 5, payTo).get(4).asText();
                Await.until("bcoin at Blocksmith's block 505", SYNC, () -> fresh.rpc("getbestblockhash").asText().equals(tip));
                assertThat(fresh.rpc("getblockcount").asInt()).isEqualTo(505);
            }
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------------

    private void mineOnBcoin(int toHeight, String payTo) throws Exception {
        int n = toHeight - bcoin.rpc("getblockcount").asInt();
        while (n > 0) {
            int batch = Math.min(n, 250);
            bcoin.rpc("generatetoaddress", batch, payTo);
            n -= batch;
        }
        assertThat(bcoin.rpc("getblockcount").asInt()).isEqualTo(toHeight);
    }

    /** Sends a transaction to bcoin's mempool, mines it, and returns the block's hash. */
    private String submitToBcoinAndMine(Transaction tx, String payTo) throws Exception {
        String txid = tx.txid().toString();
        assertThat(bcoin.rpc("sendrawtransaction", Hex.encode(tx.serialize())).asText()).isEqualTo(txid);
        String hash = bcoin.rpc("generatetoaddress", 1, payTo).get(0).asText();
        assertThat(bcoin.rpc("getblock", hash, true, false).get("tx").toString()).contains(txid);
        return hash;
    }

    private OutPoint coinbaseOf(int height) throws Exception {
        JsonNode block = bcoin.rpc("getblock", bcoin.rpc("getblockhash", height).asText(), true, false);
        return TestKey.outPoint(block.get("tx").get(0).asText(), 0);
    }

    /** Regtest halves the 50 BTC subsidy every 150 blocks; the early blocks spent here carry no fees. */
    private static long coinbaseValue(int height) {
        return 50_0000_0000L >> (height / 150);
    }

    private static void awaitTip(NodeProcess node, String tip) throws Exception {
        Await.until("Blocksmith node " + node.p2pPort() + " at " + tip, SYNC, () -> node.rpc("getbestblockhash").asText().equals(tip));
    }
}
