package dev.blocksmith.rpc.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blocksmith.rpc.auth.AuthCookie;
import dev.blocksmith.rpc.auth.RpcAuthenticator;
import dev.blocksmith.rpc.methods.MethodRegistry;
import dev.blocksmith.rpc.methods.control.ControlMethods;
import dev.blocksmith.rpc.server.ActiveCommands;
import dev.blocksmith.rpc.server.RpcServer;
import dev.blocksmith.rpc.server.RpcServerConfig;
import dev.blocksmith.rpc.server.RpcWarmup;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** blocksmith cli against a real server over loopback, with cookie authentication. */
class RpcClientEndToEndTest {
    @TempDir
    Path dataDir;

    private RpcServer server;

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    private RpcWarmup startServer(int port, boolean finishWarmup) throws IOException {
        AuthCookie cookie = AuthCookie.generate(dataDir.resolve(AuthCookie.FILE_NAME));
        MethodRegistry registry = new MethodRegistry();
        ActiveCommands active = new ActiveCommands();
        ControlMethods.register(registry, active, Instant.now(), Clock.systemUTC(), dataDir.resolve("debug.log"), () -> {});
        registry.register(new FakeWalletMethods.GetNewAddress()).register(new FakeWalletMethods.GenerateToAddress());
        RpcWarmup warmup = new RpcWarmup();
        server = RpcServer.start(RpcServerConfig.builder(RpcAuthenticator.builder().cookie(cookie).build())
                .bindAddresses(List.of(new InetSocketAddress("127.0.0.1", port))).cookie(cookie).build(),
                registry, warmup, active);
        if (finishWarmup) warmup.finish();
        return warmup;
    }

    private CliCommand cli(RpcClientConfig config) {
        return new CliCommand(new RpcClient(config), CliArgumentConverter.builtIn());
    }

    private RpcClientConfig cookieConfig(int port) {
        return RpcClientConfig.of("127.0.0.1", port, new RpcCredentials.CookieFile(dataDir.resolve(".cookie")));
    }

    @Test
    void callsWithCookieAndFormatsLikeBitcoinCli() throws Exception {
        startServer(0, true);
        CliCommand cli = cli(cookieConfig(server.port()));
        assertThat(cli.run("echojson", List.of("1", "{\"a\":[]}", "\"s\""), false).stdout())
                .isEqualTo("[\n  1,\n  {\n    \"a\": [\n    ]\n  },\n  \"s\"\n]\n");
        assertThat(cli.run("stop", List.of(), false)).isEqualTo(new CliResult(0, "Blocksmith stopping\n", ""));
        assertThat(cli.run("help", List.of("command=uptime"), true).stdout()).startsWith("uptime\n\nReturns the total");
        CliResult missing = cli.run("nosuchmethod", List.of(), false);
        assertThat(missing).isEqualTo(new CliResult(32601, "", "error code: -32601\nerror message:\nMethod not found\n"));
        CliResult badJson = cli.run("echojson", List.of("{"), false);
        assertThat(badJson).isEqualTo(new CliResult(1, "", "error: Error parsing JSON: {\n"));
    }

    @Test
    void generateMinesToANewWalletAddress() throws Exception {
        startServer(0, true);
        CliCommand cli = cli(cookieConfig(server.port()));
        CliResult r = cli.generate(List.of("2"));
        assertThat(r.exitCode()).isZero();
        assertThat(r.stdout()).isEqualTo("{\n  \"address\": \"bcrt1qfake\",\n  \"blocks\": [\n    \""
                + "%064x".formatted(1) + "\",\n    \"" + "%064x".formatted(2) + "\"\n  ]\n}\n");
        assertThat(cli.generate(List.of()).stdout()).contains("%064x".formatted(1)).doesNotContain("%064x".formatted(2));
        assertThat(cli.generate(List.of("0")).stderr()).startsWith("error: the first argument (number of blocks to generate");
        assertThat(cli.generate(List.of("1", "2", "3")).stderr())
                .isEqualTo("error: too many arguments (maximum 2 for nblocks and maxtries)\n");
    }

    @Test
    void namedArgumentsLaterValuesWinAndDoubledArgsIsRefusedByTheServer() throws Exception {
        startServer(0, true);
        CliCommand cli = cli(cookieConfig(server.port()));
        assertThat(cli.run("echo", List.of("arg0=0", "arg1=1", "arg2=2", "arg1=3"), true).stdout())
                .isEqualTo("[\n  \"0\",\n  \"3\",\n  \"2\"\n]\n");
        assertThat(cli.run("echo", List.of("args=[0,1,2,3]", "4", "5", "6"), true))
                .isEqualTo(new CliResult(8, "", "error code: -8\nerror message:\nParameter args specified multiple times\n"));
    }

    @Test
    void batchCallReturnsEveryReply() throws Exception {
        startServer(0, true);
        RpcClient client = new RpcClient(cookieConfig(server.port()));
        com.fasterxml.jackson.databind.node.ArrayNode batch = dev.blocksmith.rpc.json.RpcJson.array();
        batch.addObject().put("method", "uptime").put("id", 0).put("jsonrpc", "2.0");
        batch.addObject().put("method", "nosuchmethod").put("id", 1).put("jsonrpc", "2.0");
        com.fasterxml.jackson.databind.node.ArrayNode replies = client.callBatch(batch);
        assertThat(replies).hasSize(2);
        assertThat(replies.get(0).path("result").isIntegralNumber()).isTrue();
        assertThat(replies.get(1).path("error").path("code").asInt()).isEqualTo(-32601);
    }

    @Test
    void walletEndpointIsUriEncoded() throws Exception {
        assertThat(RpcClient.uriEncode("my wallet/ü")).isEqualTo("my%20wallet%2F%C3%BC");
        startServer(0, true);
        // echo does not care about the wallet; the call must still reach the server on /wallet/...
        CliResult r = cli(cookieConfig(server.port()).withWallet("w 1")).run("echo", List.of("x"), false);
        assertThat(r.stdout()).isEqualTo("[\n  \"x\"\n]\n");
    }

    @Test
    void wrongCredentialsAndMissingCookie() throws Exception {
        startServer(0, true);
        CliResult wrong = cli(RpcClientConfig.of("127.0.0.1", server.port(), new RpcCredentials.UserPassword("u", "p")))
                .run("uptime", List.of(), false);
        assertThat(wrong).isEqualTo(new CliResult(1, "", "error: Authorization failed: Incorrect rpcuser or rpcpassword were "
                + "specified. Configuration file: ()\n"));
        CliResult disabled = cli(RpcClientConfig.of("127.0.0.1", server.port(), new RpcCredentials.NoCookie()))
                .run("uptime", List.of(), false);
        assertThat(disabled.stderr()).isEqualTo("error: Authorization failed: Cookie file was disabled via -norpccookiefile and "
                + "no rpcpassword was specified. Configuration file: ()\n");
        CliResult noCookie = cli(RpcClientConfig.of("127.0.0.1", server.port(),
                new RpcCredentials.CookieFile(dataDir.resolve("missing"))).withConfigFile(dataDir.resolve("blocksmith.conf")))
                .run("uptime", List.of(), false);
        assertThat(noCookie.stderr()).startsWith("error: Could not locate RPC credentials. No authentication cookie could be found");
        assertThat(noCookie.exitCode()).isEqualTo(1);
    }

    @Test
    void connectionFailureMessageAndExitCode() throws Exception {
        int port = freePort();
        CliResult r = cli(cookieConfig(port)).run("getblockcount", List.of(), false);
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).isEqualTo("error: timeout on transient error: Could not connect to the server 127.0.0.1:"
                + port + "\n\nMake sure the bitcoind server is running and that you are connecting to the correct RPC port."
                + "\nUse \"bitcoin-cli -help\" for more info.\n");
    }

    @Test
    void rpcWaitRetriesUntilServerIsUpAndOutOfWarmup() throws Exception {
        int port = freePort();
        // The cookie must exist before the first successful connection; the server writes it at start.
        CompletableFuture<CliResult> call = CompletableFuture.supplyAsync(() -> {
            try {
                return cli(cookieConfig(port).withWait(Duration.ofSeconds(20))).run("uptime", List.of(), false);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(1200);
        assertThat(call).isNotDone();
        RpcWarmup warmup = startServer(port, false);
        Thread.sleep(1500);
        assertThat(call).isNotDone();
        warmup.finish();
        CliResult r = call.get(10, TimeUnit.SECONDS);
        assertThat(r.exitCode()).isZero();
        assertThat(r.stdout()).matches("\\d+\n");
    }

    @Test
    void rpcWaitGivesUpAfterTimeout() throws Exception {
        int port = freePort();
        long t0 = System.nanoTime();
        CliResult r = cli(cookieConfig(port).withWait(Duration.ofSeconds(1))).run("uptime", List.of(), false);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isGreaterThanOrEqualTo(1000);
        assertThat(r.stderr()).startsWith("error: timeout on transient error: Could not connect to the server");
    }

    @Test
    void serverRemovesCookieAtStop() throws Exception {
        startServer(0, true);
        assertThat(Files.exists(dataDir.resolve(".cookie"))).isTrue();
        server.close();
        assertThat(Files.exists(dataDir.resolve(".cookie"))).isFalse();
        server = null;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }
}
