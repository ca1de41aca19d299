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
 * Wallets driven over real HTTP JSON-RPC by a third-party client library: python-bitcoinlib's Proxy
 * (Debian's python3-bitcoinlib), running src/test/python/wallet_flow.py against a node process.
 */
class WalletIT {
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final String USER = "alice";
    private static final String PASSWORD = "wallet-it-password";

    @TempDir
    Path dir;

    /** Installs python3-bitcoinlib from Debian's packages when it is missing. */
    private static boolean bitcoinlibAvailable() throws Exception {
        if (!Files.isExecutable(PYTHON)) return false;
        if (run(List.of(PYTHON.toString(), "-c", "import bitcoin.rpc"), "").exit() == 0) return true;
        if (!Files.isExecutable(Path.of("/usr/bin/apt-get"))) return false;
        run(List.of("apt-get", "install", "-y", "python3-bitcoinlib"), "");
        if (run(List.of(PYTHON.toString(), "-c", "import bitcoin.rpc"), "").exit() == 0) return true;
        run(List.of("apt-get", "update"), "");
        run(List.of("apt-get", "install", "-y", "python3-bitcoinlib"), "");
        return run(List.of(PYTHON.toString(), "-c", "import bitcoin.rpc"), "").exit() == 0;
    }

    private record Result(int exit, String out) {
    }

    private static Result run(List<String> cmd, String stdin) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            return new Result(-1, out);
        }
        return new Result(p.exitValue(), out);
    }

    private Result flow(NodeProcess node, String phase, String stdin) throws Exception {
        Path script = Path.of(System.getProperty("blocksmith.repo", "..")).resolve("node-it/src/test/python/wallet_flow.py");
        return run(List.of(PYTHON.toString(), "-B", script.toString(), String.valueOf(node.rpcPort()), USER, PASSWORD, phase), stdin);
    }

    @Test
    void paymentsDescriptorsBalancesErrorsAndRestartThroughAThirdPartyClient() throws Exception {
        assumeTrue(bitcoinlibAvailable(), "python3-bitcoinlib could not be installed (no /usr/bin/python3 or apt-get on this machine)");
        List<String> auth = List.of("-rpcuser=" + USER, "-rpcpassword=" + PASSWORD);
        try (NodeProcess node = new NodeProcess(dir.resolve("w"), "regtest", auth).start()) {
            Result paid = flow(node, "pay", "");
            assertThat(paid.exit()).as(paid.out()).isZero();
            String last = paid.out().strip().lines().reduce((a, b) -> b).orElse("{}");
            JsonNode figures = new ObjectMapper().readTree(last);
            System.out.println("wallet flow: " + figures);
            assertThat(figures.get("fee_sats").asLong()).isPositive();

            // Descriptor wallets: a watch-only taproot xpub wallet, fundrawtransaction, bumpfee history.
            Result descriptors = flow(node, "descriptors", last);
            assertThat(descriptors.exit()).as(descriptors.out()).isZero();
            String lastDescriptors = descriptors.out().strip().lines().reduce((a, b) -> b).orElse("{}");
            JsonNode withDescriptors = new ObjectMapper().readTree(lastDescriptors);
            System.out.println("descriptor flow: " + withDescriptors);
            assertThat(new java.math.BigDecimal(withDescriptors.get("w_balance").asText())).isEqualByComparingTo("2");
            assertThat(new java.math.BigDecimal(withDescriptors.get("funded_fee").asText())).isPositive();

            assertThat(node.stop()).isZero();
            node.start();
            Result after = flow(node, "after-restart", lastDescriptors);
            assertThat(after.exit()).as(after.out()).isZero();
            JsonNode again = new ObjectMapper().readTree(after.out().strip().lines().reduce((a, b) -> b).orElse("{}"));
            assertThat(again.get("a_balance").asText()).isEqualTo(withDescriptors.get("a_balance").asText());
            assertThat(again.get("b_balance").asText()).isEqualTo(withDescriptors.get("b_balance").asText());
            assertThat(again.get("w_balance").asText()).isEqualTo(withDescriptors.get("w_balance").asText());
        }
    }

    /**
     * A hardware-wallet style PSBT flow through the same client library (src/test/python/psbt_flow.py):
     * walletcreatefundedpsbt, decodepsbt's fee, walletprocesspsbt, finalizepsbt, sendrawtransaction,
     * exact balances after a block, and malformed PSBTs refused with bitcoind's codes.
     */
    @Test
    void psbtFlowThroughAThirdPartyClient() throws Exception {
        assumeTrue(bitcoinlibAvailable(), "python3-bitcoinlib could not be installed (no /usr/bin/python3 or apt-get on this machine)");
        List<String> auth = List.of("-rpcuser=" + USER, "-rpcpassword=" + PASSWORD);
        try (NodeProcess node = new NodeProcess(dir.resolve("p"), "regtest", auth).start()) {
            Path script = Path.of(System.getProperty("blocksmith.repo", "..")).resolve("node-it/src/test/python/psbt_flow.py");
            Result r = run(List.of(PYTHON.toString(), "-B", script.toString(), String.valueOf(node.rpcPort()), USER, PASSWORD), "");
            assertThat(r.exit()).as(r.out()).isZero();
            JsonNode figures = new ObjectMapper().readTree(r.out().strip().lines().reduce((a, b) -> b).orElse("{}"));
            System.out.println("psbt flow: " + figures);
            assertThat(figures.get("cold_balance").asText()).isEqualTo("3.00000000");
        }
    }

    /**
     * bitcoind's wallet startup options on a node process: -wallet loads a wallet that is not in settings.json
     * and stops the node when it cannot; a smaller -keypool keeps what was derived before; -disablewallet
     * serves no wallet method.
     */
    @Test
    void walletStartupOptions() throws Exception {
        Path data = dir.resolve("opts");
        try (NodeProcess node = new NodeProcess(data, "regtest", List.of()).start()) {
            node.rpc("createwallet", "w1", false, false, null, false, true, false);
            assertThat(node.rpc("getwalletinfo").get("keypoolsize").asInt()).isEqualTo(4000);
            assertThat(node.stop()).isZero();
        }
        try (NodeProcess node = new NodeProcess(data, "regtest", List.of()).start()) {
            assertThat(node.rpc("listwallets")).isEmpty();
            assertThat(node.stop()).isZero();
        }
        try (NodeProcess node = new NodeProcess(data, "regtest", List.of("-wallet=w1", "-keypool=10")).start()) {
            assertThat(node.rpc("listwallets").get(0).asText()).isEqualTo("w1");
            assertThat(node.rpc("getwalletinfo").get("keypoolsize").asInt()).isEqualTo(4000);
            assertThat(node.stop()).isZero();
        }
        try (NodeProcess node = new NodeProcess(data, "regtest", List.of("-disablewallet")).start()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> node.rpc("listwallets"))
                    .isInstanceOfSatisfying(NodeProcess.RpcError.class, e -> assertThat(e.code()).isEqualTo(-32601));
            assertThat(node.stop()).isZero();
        }
        // bitcoind's VerifyWallets: a -wallet that does not exist is skipped with a warning, the node starts.
        try (NodeProcess node = new NodeProcess(data, "regtest", List.of("-wallet=nosuch")).start()) {
            assertThat(node.rpc("listwallets").toString()).doesNotContain("nosuch");
            assertThat(node.stop()).isZero();
        }
    }
}
