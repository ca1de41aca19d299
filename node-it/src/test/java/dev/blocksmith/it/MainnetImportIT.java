package dev.blocksmith.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blocksmith.core.testing.MainnetBlocks;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The check for consensus on the real chain: {@code blocksmith node -chain=main -loadblock=FILE}
 * with real main-network blocks from genesis validates them all and reports the same best block, UTXO set
 * figures, set hashes and block statistics as Bitcoin ({@link MainnetBlocks}). The node makes no
 * connection at all ({@code -connect=0}).
 */
class MainnetImportIT {
    private static final List<String> OFFLINE = List.of("-connect=0", "-dnsseed=0");

    @TempDir
    Path dir;

    @Test
    void loadblockOnMainMatchesBitcoin() throws Exception {
        Path blocks = MainnetBlocks.file();
        assertThat(blocks).isRegularFile();
        Path datadir = dir.resolve("main");
        try (NodeProcess node = mainNode(datadir, withArgs("-loadblock=" + blocks))) {
            assertMatchesBitcoin(node);

            JsonNode stats = node.rpc("getblockstats", 170);
            // Bitcoin's getblockstats 170: the first payment, 10 BTC to Hal Finney with 40 BTC change.
            assertThat(stats.get("txs").asInt()).isEqualTo(2);
            assertThat(stats.get("ins").asInt()).isEqualTo(1);
            assertThat(stats.get("outs").asInt()).isEqualTo(3);
            assertThat(stats.get("total_out").asLong()).isEqualTo(50_0000_0000L);
            assertThat(stats.get("totalfee").asLong()).isZero();
            assertThat(stats.get("total_size").asInt()).isEqualTo(275);
            assertThat(stats.get("total_weight").asInt()).isEqualTo(1100);
            assertThat(stats.get("utxo_increase").asInt()).isEqualTo(2);
            assertThat(stats.get("utxo_size_inc").asInt()).isEqualTo(234);

            JsonNode txStats = node.rpc("getchaintxstats");
            assertThat(txStats.get("txcount").asLong()).isEqualTo(MainnetBlocks.CHAIN_TX_COUNT);
            assertThat(txStats.get("window_block_count").asInt()).isEqualTo(437);
            assertThat(txStats.get("window_tx_count").asInt()).isEqualTo(444);
            assertThat(txStats.get("window_interval").asLong()).isEqualTo(454_593);

            assertThat(node.rpc("verifychain", 4, 0).asBoolean()).isTrue();
            assertThat(node.rpc("getconnectioncount").asInt()).isZero();
            assertThat(node.stop()).isZero();
        }

        // Restarted without the file: nothing lost. With it again: every block is already known.
        try (NodeProcess node = mainNode(datadir, OFFLINE)) {
            assertMatchesBitcoin(node);
            assertThat(node.stop()).isZero();
        }
        try (NodeProcess node = mainNode(datadir, withArgs("-loadblock=" + blocks))) {
            assertMatchesBitcoin(node);
            assertThat(node.debugLog()).contains("Loaded 0 blocks from external file").contains("(439 already known, 0 invalid, 0 without parent)");
        }
    }

    @Test
    void aDamagedFileImportsWhatIsIntactAndNothingElse() throws Exception {
        // Garbage over the middle of block 300's record: the importer resynchronises on the next magic, so it
        // connects blocks 1..299 and holds 301..438 as blocks without a parent; the chain state stays valid.
        byte[] file = Files.readAllBytes(MainnetBlocks.file());
        int record = recordOffset(file, 300);
        for (int i = record + 8 + 40; i < record + 8 + 120; i++) file[i] = (byte) 0xa5;
        Path damaged = dir.resolve("damaged.dat");
        Files.write(damaged, file);
        try (NodeProcess node = mainNode(dir.resolve("d"), withArgs("-loadblock=" + damaged))) {
            assertThat(node.rpc("getblockcount").asInt()).isEqualTo(299);
            JsonNode utxo = node.rpc("gettxoutsetinfo");
            assertThat(utxo.get("height").asInt()).isEqualTo(299);
            assertThat(node.rpc("verifychain", 4, 0).asBoolean()).isTrue();
        }
    }

    private static void assertMatchesBitcoin(NodeProcess node) throws Exception {
        assertThat(node.rpc("getblockcount").asInt()).isEqualTo(MainnetBlocks.TIP_HEIGHT);
        JsonNode info = node.rpc("getblockchaininfo");
        assertThat(info.get("chain").asText()).isEqualTo("main");
        assertThat(info.get("bestblockhash").asText()).isEqualTo(MainnetBlocks.TIP_HASH);
        // 446 transactions of the 1.2 billion that bitcoind 30's chainTxData expects by now: still syncing.
        assertThat(info.get("verificationprogress").asDouble()).isPositive().isLessThan(1e-6);
        assertThat(info.get("initialblockdownload").asBoolean()).isTrue();

        JsonNode utxo = node.rpc("gettxoutsetinfo");
        assertThat(utxo.get("bestblock").asText()).isEqualTo(MainnetBlocks.TIP_HASH);
        assertThat(utxo.get("txouts").asLong()).isEqualTo(MainnetBlocks.TXOUTS);
        assertThat(utxo.get("transactions").asLong()).isEqualTo(MainnetBlocks.TRANSACTIONS);
        assertThat(utxo.get("bogosize").asLong()).isEqualTo(MainnetBlocks.BOGOSIZE);
        assertThat(utxo.get("hash_serialized_3").asText()).isEqualTo(MainnetBlocks.HASH_SERIALIZED_3);
        assertThat(utxo.get("total_amount").decimalValue()).isEqualByComparingTo(BigDecimal.valueOf(MainnetBlocks.TOTAL_SATS, 8));
        assertThat(node.rpc("gettxoutsetinfo", "muhash").get("muhash").asText()).isEqualTo(MainnetBlocks.MUHASH);
    }

    /**
     * A main-network node (main keeps its files in the datadir itself, as bitcoind does). RPC answers while
     * the import runs in the background; this waits until it has finished.
     */
    private static NodeProcess mainNode(Path datadir, List<String> args) throws Exception {
        NodeProcess node = new NodeProcess(datadir, "main", args).withNetworkDirName("").start();
        if (args.stream().anyMatch(a -> a.startsWith("-loadblock="))) {
            Await.until("the block import to finish", Duration.ofSeconds(120), () -> node.debugLog().contains("Block import finished"));
        }
        return node;
    }

    private static List<String> withArgs(String... more) {
        List<String> args = new java.util.ArrayList<>(OFFLINE);
        args.addAll(List.of(more));
        return args;
    }

    /** Offset of the n-th record (0 = genesis) of a blk*.dat file: 4 magic bytes, a 4-byte length, the block. */
    private static int recordOffset(byte[] file, int n) {
        int off = 0;
        for (int i = 0; i < n; i++) {
            int len = (file[off + 4] & 0xff) | (file[off + 5] & 0xff) << 8 | (file[off + 6] & 0xff) << 16 | (file[off + 7] & 0xff) << 24;
            off += 8 + len;
        }
        return off;
    }
}
