package dev.blocksmith.cli;

import dev.blocksmith.cli.config.ConfigException;
import dev.blocksmith.cli.options.ChainSelectionOptions;
import dev.blocksmith.cli.options.RpcClientOptions;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.rpc.client.CliArgumentConverter;
import dev.blocksmith.rpc.client.CliResult;
import dev.blocksmith.rpc.client.RpcClient;
import dev.blocksmith.rpc.client.RpcClientConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code blocksmith cli METHOD ARGS...}: bitcoin-cli for a Blocksmith (or any bitcoind-compatible) node. */
@Command(name = "cli", sortOptions = false, usageHelpWidth = 110, abbreviateSynopsis = true,
        description = "Send a JSON-RPC command to a running node, as bitcoin-cli does. Reads the RPC cookie "
                + "from the network datadir unless -rpcuser/-rpcpassword are given.")
public final class CliCommand implements Callable<Integer> {
    @Option(names = {"-help", "--help", "-h", "-?"}, usageHelp = true, description = "Print this help and exit")
    boolean help;

    @Mixin ChainSelectionOptions chain;

    @Mixin RpcClientOptions rpc;

    @Option(names = {"-rpcwallet", "--rpcwallet"}, paramLabel = "NAME", description = "Send wallet commands to this wallet (/wallet/NAME)")
    String rpcwallet;

    @Option(names = {"-rpcwait", "--rpcwait"}, arity = "0..1", fallbackValue = "1", paramLabel = "1|0", defaultValue = "0",
            description = "Wait for the server to start")
    boolean rpcwait;

    @Option(names = {"-rpcwaittimeout", "--rpcwaittimeout"}, paramLabel = "SECONDS", defaultValue = "0",
            description = "Give up waiting after this many seconds (default: 0, wait forever)")
    int rpcwaittimeout;

    @Option(names = {"-rpcclienttimeout", "--rpcclienttimeout"}, paramLabel = "SECONDS", defaultValue = "900",
            description = "HTTP request timeout (default: ${DEFAULT-VALUE})")
    int rpcclienttimeout;

    @Option(names = {"-named", "--named"}, arity = "0..1", fallbackValue = "1", paramLabel = "1|0", defaultValue = "0",
            description = "Pass arguments by name (name=value) instead of by position")
    boolean named;

    @Option(names = {"-stdin", "--stdin"}, arity = "0..1", fallbackValue = "1", paramLabel = "1|0", defaultValue = "0",
            description = "Read extra arguments from standard input, one per line until EOF")
    boolean stdin;

    @Option(names = {"-stdinrpcpass", "--stdinrpcpass"}, arity = "0..1", fallbackValue = "1", paramLabel = "1|0", defaultValue = "0",
            description = "Read the RPC password from the first line of standard input")
    boolean stdinrpcpass;

    @Parameters(paramLabel = "METHOD [ARGS...]", description = "The RPC method and its arguments")
    List<String> words = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        // bitcoin-cli: the password first, then the arguments, from standard input.
        java.io.BufferedReader in = stdin || stdinrpcpass
                ? new java.io.BufferedReader(new java.io.InputStreamReader(System.in, java.nio.charset.StandardCharsets.UTF_8)) : null;
        if (stdinrpcpass) {
            String pass = in.readLine();
            if (pass == null) {
                System.err.println("error: -stdinrpcpass specified but failed to read from standard input");
                return 1;
            }
            rpc.rpcpassword(pass);
        }
        if (stdin) {
            String line;
            while ((line = in.readLine()) != null) words.add(line);
        }
        if (words.isEmpty()) {
            System.err.println("error: too few parameters (need at least a command)");
            return 1;
        }
        NetworkParams params;
        try {
            params = NetworkResolver.resolve(chain.chainName());
        } catch (ConfigException e) {
            System.err.println("error: " + e.getMessage());
            return 1;
        }
        RpcClientConfig cfg = rpc.toClientConfig(params, chain.datadir())
                .withClientTimeout(Duration.ofSeconds(rpcclienttimeout));
        if (rpcwait) cfg = cfg.withWait(rpcwaittimeout <= 0 ? Duration.ofDays(3650) : Duration.ofSeconds(rpcwaittimeout));
        if (rpcwallet != null) cfg = cfg.withWallet(rpcwallet);
        dev.blocksmith.rpc.client.CliCommand cli =
                new dev.blocksmith.rpc.client.CliCommand(new RpcClient(cfg), CliArgumentConverter.builtIn());
        CliResult r = cli.run(words.get(0), words.subList(1, words.size()), named);
        System.out.print(r.stdout());
        System.err.print(r.stderr());
        return r.exitCode();
    }
}
