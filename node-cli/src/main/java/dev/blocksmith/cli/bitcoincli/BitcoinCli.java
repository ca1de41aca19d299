package dev.blocksmith.cli.bitcoincli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.cli.NetworkResolver;
import dev.blocksmith.cli.Version;
import dev.blocksmith.cli.config.BitcoindArgs;
import dev.blocksmith.cli.config.ConfigException;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.rpc.client.CliArgumentConverter;
import dev.blocksmith.rpc.client.CliCommand;
import dev.blocksmith.rpc.client.CliResult;
import dev.blocksmith.rpc.client.GetInfoReport;
import dev.blocksmith.rpc.client.NetInfoReport;
import dev.blocksmith.rpc.client.RpcClient;
import dev.blocksmith.rpc.client.RpcClientConfig;
import dev.blocksmith.rpc.client.RpcClientException;
import dev.blocksmith.rpc.client.RpcCredentials;
import dev.blocksmith.rpc.json.RpcJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * bitcoin-cli's command line as bitcoin-cli 30 reads it: options (bitcoind's argument and bitcoin.conf rules,
 * with bitcoin-cli's own option set) up to the first word that is not one, then the method and its arguments;
 * -getinfo, -netinfo, -generate and -addrinfo instead of a method; -stdin, -stdinrpcpass and
 * -stdinwalletpassphrase; results on stdout, errors on stderr with bitcoin-cli's texts and exit codes.
 */
public final class BitcoinCli {
    private static final List<String> CLI_COMMANDS = List.of("addrinfo", "generate", "getinfo", "netinfo");

    private final BitcoindArgs args;
    private final NetworkParams network;
    private final String chain;
    private final BufferedReader stdin;

    private BitcoinCli(BitcoindArgs args, NetworkParams network, String chain, InputStream in) {
        this.args = args;
        this.network = network;
        this.chain = chain;
        this.stdin = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    /** Runs one bitcoin-cli invocation and returns its exit code. */
    public static int run(String[] argv, Map<String, String> env, InputStream in, PrintStream out, PrintStream err) {
        int firstWord = 0;
        while (firstWord < argv.length && argv[firstWord].startsWith("-")) firstWord++;
        String[] options = Arrays.copyOfRange(argv, 0, firstWord);
        List<String> words = new ArrayList<>(Arrays.asList(argv).subList(firstWord, argv.length));
        BitcoindArgs a;
        try {
            a = BitcoindArgs.parseCommandLine(options, env, CliOptionTable::find);
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return 1;
        }
        if (argv.length == 0 || a.isSet("?") || a.isSet("h") || a.isSet("help") || a.isSet("help-debug")) {
            out.print(versionLine() + "\n" + usage());
            if (argv.length == 0) {
                err.println("Error: too few parameters");
                return 1;
            }
            return 0;
        }
        if (a.getBool("version", false)) {
            out.print(versionLine());
            return 0;
        }
        NetworkParams params;
        String chain;
        try {
            a.readConfigFiles();
            chain = a.chainName();
            params = NetworkResolver.resolve(chain);
        } catch (ConfigException e) {
            String m = e.getMessage();
            err.println(m.startsWith("Error") ? m : "Error: " + m);
            return 1;
        }
        CliResult r = new BitcoinCli(a, params, chain, in).commandLineRpc(words);
        out.print(r.stdout());
        err.print(r.stderr());
        return r.exitCode();
    }

    static String versionLine() {
        return Version.CLIENT_NAME + " RPC client version v" + Version.VERSION + "\n";
    }

    private static String usage() {
        return "\nThe bitcoin-cli utility provides a command line interface to interact with a " + Version.CLIENT_NAME + " RPC server.\n"
                + "\nUsage: bitcoin-cli [options] <command> [params]\n"
                + "or:    bitcoin-cli [options] -named <command> [name=value]...\n"
                + "or:    bitcoin-cli [options] help\n"
                + "or:    bitcoin-cli [options] help <command>\n\n"
                + "Options: -conf -datadir -chain -regtest -testnet -testnet4 -signet -rpcconnect -rpcport -rpcuser\n"
                + "  -rpcpassword -rpccookiefile -rpcwallet -rpcwait -rpcwaittimeout -rpcclienttimeout -named -stdin\n"
                + "  -stdinrpcpass -stdinwalletpassphrase -getinfo -netinfo -generate -addrinfo -color -version\n";
    }

    /** bitcoin-cli's CommandLineRPC. */
    CliResult commandLineRpc(List<String> words) {
        try {
            RpcClientConfig base = clientConfig();
            if (args.getBool("stdinrpcpass", false)) {
                String pass = readLine().orElseThrow(() -> new IllegalArgumentException(
                        "-stdinrpcpass specified but failed to read from standard input"));
                base = new RpcClientConfig(base.host(), base.port(), passwordCredentials(pass), base.wallet(), base.waitForServer(),
                        base.waitTimeout(), base.clientTimeout(), base.configFile());
            }
            if (args.getBool("stdinwalletpassphrase", false)) {
                if (words.isEmpty() || !words.get(0).startsWith("walletpassphrase")) {
                    throw new IllegalArgumentException("-stdinwalletpassphrase is only applicable for walletpassphrase(change)");
                }
                String pass = readLine().orElseThrow(() -> new IllegalArgumentException(
                        "-stdinwalletpassphrase specified but failed to read from standard input"));
                words.add(1, pass);
            }
            if (args.getBool("stdin", false)) {
                Optional<String> line;
                while ((line = readLine()).isPresent()) words.add(line.get());
            }
            List<String> given = new ArrayList<>();
            for (String c : CLI_COMMANDS) if (args.isSet(c)) given.add("-" + c);
            if (given.size() > 1) throw new IllegalArgumentException("Only one of " + String.join(", ", given) + " may be specified.");

            Optional<String> wallet = args.isNegated("rpcwallet") ? Optional.empty() : args.get("rpcwallet").map(BitcoindArgs.Value::text);
            RpcClientConfig cfg = wallet.map(base::withWallet).orElse(base);
            RpcClient client = new RpcClient(cfg);
            CliCommand cli = new CliCommand(client, CliArgumentConverter.builtIn());
            if (args.getBool("getinfo", false)) return getinfo(words, base, client, wallet.isEmpty());
            if (args.getBool("netinfo", false)) return netinfo(words, client);
            if (args.getBool("generate", false)) return cli.generate(words);
            if (args.getBool("addrinfo", false)) return addrinfo(words, client);
            if (words.isEmpty()) throw new IllegalArgumentException("too few parameters (need at least command)");
            return cli.run(words.get(0), words.subList(1, words.size()), args.getBool("named", false));
        } catch (IllegalArgumentException | RpcClientException | IOException e) {
            return new CliResult(1, "", "error: " + e.getMessage() + "\n");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new CliResult(1, "", "error: interrupted\n");
        }
    }

    private Optional<String> readLine() throws IOException {
        return Optional.ofNullable(stdin.readLine());
    }

    private RpcCredentials passwordCredentials(String password) {
        return new RpcCredentials.UserPassword(args.get("rpcuser").map(BitcoindArgs.Value::text).orElse(""), password);
    }

    /** Host, port, credentials and timeouts from the effective settings. */
    RpcClientConfig clientConfig() {
        RpcEndpoint endpoint = RpcEndpoint.resolve(
                args.get("rpcconnect").filter(v -> !v.negated()).map(BitcoindArgs.Value::text).orElse("127.0.0.1"),
                args.get("rpcport").filter(v -> !v.negated()).map(BitcoindArgs.Value::text), network.rpcPort());
        endpoint.warning().ifPresent(System.err::println);
        String password = args.get("rpcpassword").filter(v -> !v.negated()).map(BitcoindArgs.Value::text).orElse("");
        RpcCredentials creds;
        if (!password.isEmpty()) {
            creds = passwordCredentials(password);
        } else if (args.isNegated("rpccookiefile")) {
            creds = new RpcCredentials.NoCookie();
        } else {
            Path netDir = network.dataDirName().isEmpty() ? args.datadir() : args.datadir().resolve(network.dataDirName());
            String file = args.get("rpccookiefile").map(BitcoindArgs.Value::text).filter(t -> !t.isEmpty()).orElse(".cookie");
            Path p = Path.of(file);
            creds = new RpcCredentials.CookieFile(p.isAbsolute() ? p : netDir.resolve(p));
        }
        long clientTimeout = intArg("rpcclienttimeout", 900);
        RpcClientConfig cfg = RpcClientConfig.of(endpoint.host(), endpoint.port(), creds)
                .withClientTimeout(clientTimeout > 0 ? Duration.ofSeconds(clientTimeout) : Duration.ZERO);
        if (args.getBool("rpcwait", false)) {
            long t = intArg("rpcwaittimeout", 0);
            cfg = cfg.withWait(t > 0 ? Duration.ofSeconds(t) : Duration.ZERO);
        }
        Path conf = args.configFile().orElse(args.datadir().resolve(BitcoindArgs.CONF_FILENAME));
        return cfg.withConfigFile(conf);
    }

    private long intArg(String name, long dflt) {
        return args.get(name).filter(v -> !v.negated()).map(v -> atoi(v.text())).orElse(dflt);
    }

    private static long atoi(String s) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^\\s*([+-]?[0-9]+)").matcher(s);
        if (!m.find()) return 0;
        try {
            return Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static ObjectNode request(String method, int id) {
        ObjectNode r = RpcJson.object();
        r.put("method", method);
        r.putNull("params");
        r.put("id", id);
        r.put("jsonrpc", "2.0");
        return r;
    }

    /** Replies of a batch by their id, as bitcoin-cli's JSONRPCProcessBatchReply. */
    private static Map<Integer, JsonNode> byId(ArrayNode replies, int n) throws RpcClientException {
        Map<Integer, JsonNode> out = new LinkedHashMap<>();
        for (JsonNode r : replies) {
            int id = r.path("id").asInt(-1);
            if (id < 0 || id >= n) throw new RpcClientException("Batch member id is larger than batch size");
            out.put(id, r);
        }
        if (out.size() != n) throw new RpcClientException("Batch member id is larger than batch size");
        return out;
    }

    private static boolean failed(JsonNode reply) {
        return !reply.path("error").isNull() && !reply.path("error").isMissingNode();
    }

    /** -getinfo: one batch, then every wallet's balance when several are loaded and none was named. */
    private CliResult getinfo(List<String> words, RpcClientConfig base, RpcClient client, boolean noWalletNamed)
            throws RpcClientException, InterruptedException {
        if (!words.isEmpty()) throw new IllegalArgumentException("-getinfo takes no arguments");
        ArrayNode batch = RpcJson.array();
        batch.add(request("getnetworkinfo", 0));
        batch.add(request("getblockchaininfo", 1));
        batch.add(request("getwalletinfo", 2));
        batch.add(request("getbalances", 3));
        Map<Integer, JsonNode> r = byId(client.callBatch(batch), 4);
        if (failed(r.get(0))) return CliCommand.formatReply(r.get(0));
        if (failed(r.get(1))) return CliCommand.formatReply(r.get(1));
        Optional<JsonNode> walletInfo = Optional.of(r.get(2).path("result")).filter(x -> !x.isNull() && !x.isMissingNode());
        Optional<JsonNode> balances = Optional.of(r.get(3).path("result")).filter(x -> !x.isNull() && !x.isMissingNode());
        Optional<Map<String, JsonNode>> perWallet = Optional.empty();
        if (noWalletNamed) {
            ObjectNode list = new RpcClient(base).call("listwallets", RpcJson.array());
            if (!failed(list) && list.path("result").size() > 1) {
                Map<String, JsonNode> m = new LinkedHashMap<>();
                for (JsonNode w : list.path("result")) {
                    ObjectNode b = new RpcClient(base.withWallet(w.asText())).call("getbalances", RpcJson.array());
                    m.put(w.asText(), b.path("result").path("mine").path("trusted"));
                }
                perWallet = Optional.of(m);
            }
        }
        GetInfoReport.Colors colors = GetInfoReport.Colors.forSetting(
                args.get("color").map(BitcoindArgs.Value::text).orElse("auto"), stdoutIsTerminal());
        return new CliResult(0, GetInfoReport.format(r.get(0).path("result"), r.get(1).path("result"), walletInfo, balances,
                perWallet, colors) + "\n", "");
    }

    /**
     * Whether standard output is a terminal (-color=auto). Since Java 22 System.console() exists even when
     * output is redirected, and Console.isTerminal() tells; on Java 21 a console exists only for a terminal.
     */
    private static boolean stdoutIsTerminal() {
        java.io.Console console = System.console();
        if (console == null) return false;
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    /** -netinfo [level [outonly]] | help. */
    private CliResult netinfo(List<String> words, RpcClient client) throws RpcClientException, InterruptedException {
        if (!words.isEmpty() && (words.get(0).equals("h") || words.get(0).equals("help"))) {
            return new CliResult(0, "-netinfo (level [outonly]) | help\n\nReturns a network peer connections dashboard with "
                    + "information from the remote server.\nAn optional argument from 0 to " + NetInfoReport.MAX_LEVEL
                    + " can be passed for different peers listings.\n", "");
        }
        int level = words.isEmpty() ? 0 : NetInfoReport.parseLevel(words.get(0));
        if (words.size() > 1) {
            String s = words.get(1);
            if (level == 0) {
                throw new IllegalArgumentException("invalid -netinfo outonly argument: " + s + "\nThe outonly argument is only valid "
                        + "for a level greater than 0 (the first argument). For more information, run: bitcoin-cli -netinfo help");
            }
            if (!s.equals("o") && !s.equals("outonly")) {
                throw new IllegalArgumentException("invalid -netinfo outonly argument: " + s
                        + "\nFor more information, run: bitcoin-cli -netinfo help");
            }
        }
        ArrayNode batch = RpcJson.array();
        batch.add(request("getpeerinfo", 0));
        batch.add(request("getnetworkinfo", 1));
        Map<Integer, JsonNode> r = byId(client.callBatch(batch), 2);
        if (failed(r.get(0))) return CliCommand.formatReply(r.get(0));
        if (failed(r.get(1))) return CliCommand.formatReply(r.get(1));
        String header = Version.CLIENT_NAME + " client v" + Version.VERSION + (chain.equals("main") ? "" : " " + chainLabel());
        return new CliResult(0, NetInfoReport.format(header, level, r.get(0).path("result"), r.get(1).path("result")) + "\n", "");
    }

    private String chainLabel() {
        return chain.equals("test") ? "testnet" : chain;
    }

    /** -addrinfo: getaddrmaninfo's totals per network. */
    private CliResult addrinfo(List<String> words, RpcClient client) throws RpcClientException, InterruptedException {
        if (!words.isEmpty()) throw new IllegalArgumentException("-addrinfo takes no arguments");
        ObjectNode reply = client.call("getaddrmaninfo", RpcJson.array());
        if (failed(reply)) {
            if (reply.path("error").path("code").asInt() == -32601) {
                throw new IllegalArgumentException("-addrinfo requires bitcoind v26.0 or later which supports getaddrmaninfo RPC. "
                        + "Please upgrade your node or use bitcoin-cli from the same version.");
            }
            return CliCommand.formatReply(reply);
        }
        ObjectNode addresses = RpcJson.object();
        reply.path("result").properties().forEach(e -> addresses.set(e.getKey().equals("all_networks") ? "total" : e.getKey(),
                e.getValue().path("total")));
        ObjectNode result = RpcJson.object();
        result.set("addresses_known", addresses);
        ObjectNode wrapped = RpcJson.object();
        wrapped.set("result", result);
        return CliCommand.formatReply(wrapped);
    }
}
