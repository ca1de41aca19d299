package dev.blocksmith.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An exchange back end's wallet flow through a third-party client: python-bitcoinlib (Debian's
 * python3-bitcoinlib, src/test/python/exchange_flow.py) labels deposit addresses, reconciles deposits with
 * listreceivedbyaddress, listreceivedbylabel, getreceivedbylabel and listsinceblock, pays a batched withdrawal with
 * send, restores a backup, sweeps the hot wallet with sendall, and checks signed messages both ways with its own
 * message-signing code.
 */
class ExchangeIT {
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final String USER = "exchange";
    private static final String PASSWORD = "exchange-it-password";

    @TempDir
    Path dir;

    private static boolean bitcoinlibAvailable() throws Exception {
        if (!Files.isExecutable(PYTHON)) return false;
        Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import bitcoin.rpc, bitcoin.signmessage").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor() == 0;
    }

    @Test
    void depositsAreReconciledWithdrawnSweptAndOwnershipProvenThroughPythonBitcoinlib() throws Exception {
        assumeTrue(bitcoinlibAvailable(),
                "/usr/bin/python3 has no bitcoin module (Debian's python3-bitcoinlib): no third-party client to run the exchange flow");
        List<String> args = List.of("-rpcuser=" + USER, "-rpcpassword=" + PASSWORD, "-fallbackfee=0.0002");
        Path backups = Files.createDirectories(dir.resolve("backups"));
        try (NodeProcess node = new NodeProcess(dir.resolve("x"), "regtest", args).start()) {
            Path script = Path.of(System.getProperty("blocksmith.repo", "..")).resolve("node-it/src/test/python/exchange_flow.py");
            Process p = new ProcessBuilder(PYTHON.toString(), "-B", script.toString(), String.valueOf(node.rpcPort()), USER, PASSWORD,
                    backups.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(10, TimeUnit.MINUTES)).isTrue();
            assertThat(p.exitValue()).as(out).isZero();
            JsonNode figures = new ObjectMapper().readTree(out.strip().lines().reduce((a, b) -> b).orElse("{}"));
            System.out.println("exchange flow: " + figures);
            assertThat(figures.get("deposit_addresses").asInt()).isEqualTo(12);
            assertThat(figures.get("withdrawals").asInt()).isEqualTo(3);
            assertThat(node.stop()).isZero();
        }
    }
}
