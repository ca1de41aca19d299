package dev.blocksmith.cli.bitcoincli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bitcoin-cli's command line and bitcoin.conf handling, against no server or a port nobody listens on. */
class BitcoinCliTest {
    @TempDir
    Path datadir;

    record Run(int code, String out, String err) {
    }

    private Run cli(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = BitcoinCli.run(args, Map.of("HOME", datadir.toString()), new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private String dd() {
        return "-datadir=" + datadir;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void versionNeedsNoServer() {
        Run r = cli("", dd(), "-version");
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("Blocksmith RPC client version v");
    }

    @Test
    void unknownOptionIsAParseError() {
        Run r = cli("", dd(), "-nosuchoption", "getblockcount");
        assertThat(r).isEqualTo(new Run(1, "", "Error parsing command line arguments: Invalid parameter -nosuchoption\n"));
    }

    @Test
    void rpcportOfTheNetworkSectionIsUsed() throws IOException {
        int port = freePort();
        Files.writeString(datadir.resolve("bitcoin.conf"), "regtest=1\nrpcport=1\n[regtest]\nrpcport=" + port + "\nfoo=bar\n");
        Run r = cli("", dd(), "-rpcpassword=x", "getblockcount");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).startsWith("error: timeout on transient error: Could not connect to the server 127.0.0.1:" + port + "\n");
        // The command line's -rpcport wins over the file.
        assertThat(cli("", dd(), "-rpcport=1", "-rpcpassword=x", "echo").err()).contains("Could not connect to the server 127.0.0.1:1\n");
    }

    @Test
    void portErrorsComeBeforeConnecting() {
        assertThat(cli("", dd(), "-rpcconnect=127.0.0.1:notaport", "echo").err())
                .isEqualTo("error: Invalid port provided in -rpcconnect: 127.0.0.1:notaport\n");
        assertThat(cli("", dd(), "-rpcport=65536", "echo").err()).isEqualTo("error: Invalid port provided in -rpcport: 65536\n");
    }

    @Test
    void cliCommandsAreExclusiveAndTakeTheirOwnArguments() throws IOException {
        int port = freePort();
        assertThat(cli("", dd(), "-rpcport=" + port, "-getinfo", "-netinfo").err())
                .isEqualTo("error: Only one of -getinfo, -netinfo may be specified.\n");
        assertThat(cli("", dd(), "-rpcport=" + port, "-getinfo", "help").err()).isEqualTo("error: -getinfo takes no arguments\n");
        assertThat(cli("", dd(), "-rpcport=" + port).err()).isEqualTo("error: too few parameters (need at least command)\n");
    }

    @Test
    void stdinOptions() throws IOException {
        int port = freePort();
        assertThat(cli("", dd(), "-rpcport=" + port, "-stdinrpcpass", "echo").err())
                .isEqualTo("error: -stdinrpcpass specified but failed to read from standard input\n");
        assertThat(cli("pass\n", dd(), "-rpcport=" + port, "-stdinwalletpassphrase", "echo").err())
                .isEqualTo("error: -stdinwalletpassphrase is only applicable for walletpassphrase(change)\n");
    }

    @Test
    void missingDatadirAndChainConflicts() {
        assertThat(cli("", "-datadir=" + datadir.resolve("nope"), "echo").err())
                .isEqualTo("Error: Specified data directory \"" + datadir.resolve("nope") + "\" does not exist.\n");
        assertThat(cli("", dd(), "-regtest", "-testnet4", "echo").err())
                .isEqualTo("Error: Invalid combination of -regtest, -signet, -testnet, -testnet4 and -chain. Can use at most one.\n");
    }
}
