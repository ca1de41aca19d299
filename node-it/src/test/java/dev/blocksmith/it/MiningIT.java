package dev.blocksmith.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The miner issue's checks: the external `mine` command, two mining nodes, and a custom network's block rate. */
class MiningIT {
    @TempDir
    Path dir;

    private static Process command(Path logTo, String... args) throws Exception {
        Path dist = NodeProcess.distribution();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "--add-opens", "java.base/sun.security.provider=ALL-UNNAMED",
                "-cp", dist.resolve("node-cli.jar") + ":" + dist.resolve("lib") + "/*", "dev.blocksmith.cli.Main"));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(logTo.toFile()).start();
    }

    @Test
    void mineCommandAddsTwentyBlocksPayingTheAddress() throws Exception {
        try (NodeProcess node = new NodeProcess(dir.resolve("n"), "regtest", List.of()).start()) {
            int before = node.rpc("getblockcount").asInt();
            Process mine = command(dir.resolve("mine.log"), "mine", "-regtest", "-datadir=" + node.datadir(),
                    "-rpcport=" + node.rpcPort(), "-address=" + FoundationIT.ADDR, "-threads=2", "-blocks=20");
            assertThat(mine.waitFor(120, TimeUnit.SECONDS)).as("mine finishes").isTrue();
            assertThat(mine.exitValue()).isZero();
            assertThat(Files.readString(dir.resolve("mine.log"))).contains("Mined 20 blocks.");
            assertThat(node.rpc("getblockcount").asInt()).isEqualTo(before + 20);
            JsonNode bal = node.rpc("getaddressbalance", Map.of("addresses", List.of(FoundationIT.ADDR)));
            assertThat(bal.get("received").asLong()).isEqualTo(20 * 50_0000_0000L);
        }
    }

    @Test
    void twoNodesMiningTogetherNeverProduceInvalidBlocksAndConverge() throws Exception {
        try (NodeProcess a = new NodeProcess(dir.resolve("a"), "regtest", List.of()).start();
             NodeProcess b = new NodeProcess(dir.resolve("b"), "regtest", List.of("-connect=127.0.0.1:" + a.p2pPort())).start()) {
            // Both nodes mine at once through the external miner while connected: they race, reorg and relay.
            Process ma = command(dir.resolve("ma.log"), "mine", "-regtest", "-datadir=" + a.datadir(), "-rpcport=" + a.rpcPort(),
                    "-address=" + FoundationIT.ADDR, "-threads=1", "-blocks=30");
            Process mb = command(dir.resolve("mb.log"), "mine", "-regtest", "-datadir=" + b.datadir(), "-rpcport=" + b.rpcPort(),
                    "-address=" + FoundationIT.ADDR, "-threads=1", "-blocks=30");
            assertThat(ma.waitFor(180, TimeUnit.SECONDS)).isTrue();
            assertThat(mb.waitFor(180, TimeUnit.SECONDS)).isTrue();
            a.rpc("generatetoaddress", 1, FoundationIT.ADDR);
            long deadline = System.currentTimeMillis() + 60_000;
            while (System.currentTimeMillis() < deadline
                    && !a.rpc("getbestblockhash").asText().equals(b.rpc("getbestblockhash").asText())) {
                Thread.sleep(200);
            }
            assertThat(b.rpc("getbestblockhash").asText()).isEqualTo(a.rpc("getbestblockhash").asText());
            assertThat(a.rpc("getblockcount").asInt()).isGreaterThanOrEqualTo(31);
            for (NodeProcess n : List.of(a, b)) {
                assertThat(n.debugLog()).doesNotContain("Invalid block");
            }
            for (String log : List.of(Files.readString(dir.resolve("ma.log")), Files.readString(dir.resolve("mb.log")))) {
                assertThat(log).contains("Mined 30 blocks.");
                // A block may lose a race (inconclusive, stale, duplicate) but must never be invalid.
                assertThat(log).doesNotContainPattern("Found block .*: (bad-|high-hash|time-|block-script)");
            }
        }
    }

    @Test
    void customNetworkFindsBlocksAtTheExpectedRate() throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode p = json.createObjectNode();
        p.put("name", "itcoin").put("magic", "c0ffee01").put("p2pPort", NodeProcess.freeP2pPort()).put("rpcPort", NodeProcess.freePort())
                .put("bech32Hrp", "itc").put("targetSpacingSeconds", 600).put("retargetInterval", 100000)
                .put("halvingInterval", 210000).put("coinbaseMaturity", 100)
                .put("powLimit", "0000ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff");
        p.putObject("base58").put("p2pkh", 28).put("p2sh", 50).put("wif", 156);
        // One block per 2^23 (about 8.4 million) hashes: a few per second at this machine's speed.
        p.putObject("genesis").put("time", 1_790_000_000L).put("bits", "1e00ffff").put("nonce", 0).put("version", 1)
                .put("message", "Blocksmith integration test coin").put("rewardScript", "51").put("rewardSats", 5_000_000_000L);
        Path params = dir.resolve("itcoin.json");
        Files.writeString(params, json.writeValueAsString(p));
        Process genesis = command(dir.resolve("genesis.log"), "genesis", "-params=" + params);
        assertThat(genesis.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(genesis.exitValue()).as(Files.readString(dir.resolve("genesis.log"))).isZero();
        assertThat(json.readTree(params.toFile()).get("genesisHash").asText()).startsWith("0000");

        try (NodeProcess node = new NodeProcess(dir.resolve("c"), params.toString(), List.of()).withNetworkDirName("itcoin").start()) {
            assertThat(node.rpc("getblockchaininfo").get("chain").asText()).isEqualTo("itcoin");
            long t0 = System.nanoTime();
            // raw(51) pays OP_TRUE: no address is needed on this network.
            JsonNode hashes = node.rpc("generatetodescriptor", 10, "raw(51)", 4_000_000_000L);
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertThat(hashes).hasSize(10);
            // Expected work: 2^256 / (target + 1) hashes per block. The effective rate that the found blocks
            // imply must be a plausible CPU rate: far above it means the PoW check is not applied, far below
            // means the engine is not doing its job. (10 blocks: the spread is a few tens of percent.)
            java.math.BigInteger target = java.math.BigInteger.valueOf(0xffff).shiftLeft(8 * (0x1e - 3));
            double perBlock = java.math.BigInteger.ONE.shiftLeft(256).divide(target.add(java.math.BigInteger.ONE)).doubleValue();
            double rate = 10 * perBlock / seconds;
            System.out.printf("custom network: 10 blocks of %.0f expected hashes in %.1f s = %.2f MH/s effective%n",
                    perBlock, seconds, rate / 1e6);
            assertThat(rate).isBetween(2e5, 1e8);
        }
    }
}
