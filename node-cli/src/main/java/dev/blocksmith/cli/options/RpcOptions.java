package dev.blocksmith.cli.options;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** JSON-RPC server options, named as bitcoind's. */
public final class RpcOptions {
    @Option(names = {"-rpcport", "--rpcport"}, paramLabel = "PORT", description = "RPC port (default: the network's, e.g. 18443 on regtest)")
    Integer rpcport;

    @Option(names = {"-rpcbind", "--rpcbind"}, paramLabel = "ADDR[:PORT]", split = ",",
            description = "Bind the RPC server to this address (default: 127.0.0.1). Repeatable")
    List<String> rpcbind = new ArrayList<>();

    @Option(names = {"-rpcallowip", "--rpcallowip"}, paramLabel = "IP[/MASK]", split = ",",
            description = "Allow RPC clients from this address or subnet (default: loopback only). Repeatable")
    List<String> rpcallowip = new ArrayList<>();

    @Option(names = {"-rpcuser", "--rpcuser"}, paramLabel = "USER", description = "RPC user name (default: cookie authentication)")
    String rpcuser;

    @Option(names = {"-rpcpassword", "--rpcpassword"}, paramLabel = "PW", description = "RPC password")
    String rpcpassword;

    @Option(names = {"-rpcauth", "--rpcauth"}, paramLabel = "USER:SALT$HASH", split = ",",
            description = "bitcoind-style hashed credentials (share/rpcauth format). Repeatable")
    List<String> rpcauth = new ArrayList<>();

    @Option(names = {"-rpccookiefile", "--rpccookiefile"}, paramLabel = "FILE", description = "Cookie file location (default: <network datadir>/.cookie)")
    String rpccookiefile;

    // 4, not bitcoind 30's 16: with 8 clients asking getblock on 2 cores, 16 workers cost more CPU per request (more
    // results alive at once for the collector) and served 7-15% fewer requests per second (ibd-benchmark, session 11).
    @Option(names = {"-rpcthreads", "--rpcthreads"}, paramLabel = "N", defaultValue = "4", description = "Threads serving RPC calls (default: ${DEFAULT-VALUE})")
    int rpcthreads;

    @Option(names = {"-rpcworkqueue", "--rpcworkqueue"}, paramLabel = "N", defaultValue = "64", description = "Queued RPC calls before HTTP 503 (default: ${DEFAULT-VALUE})")
    int rpcworkqueue;

    @Option(names = {"-rest", "--rest"}, arity = "0..1", fallbackValue = "1", paramLabel = "1|0", defaultValue = "0",
            description = "Accept public REST requests on the RPC port, without authentication (default: ${DEFAULT-VALUE})")
    boolean rest;

    @Option(names = {"-server", "--server"}, arity = "0..1", fallbackValue = "1", paramLabel = "1|0", defaultValue = "1", description = "Accept JSON-RPC commands (default: ${DEFAULT-VALUE})")
    boolean server;

    @Option(names = {"-readyallowibd", "--readyallowibd"}, arity = "0..1", fallbackValue = "1", paramLabel = "1|0", defaultValue = "0",
            description = "Report /ready during initial block download (default: ${DEFAULT-VALUE})")
    boolean readyallowibd;

    @Option(names = {"-rpcservertimeout", "--rpcservertimeout"}, paramLabel = "SECONDS", defaultValue = "30",
            description = "Seconds an HTTP connection may take to send a request (default: ${DEFAULT-VALUE})")
    long rpcservertimeout;

    @Option(names = {"-rpcwhitelist", "--rpcwhitelist"}, paramLabel = "USER:METHOD,...",
            description = "Methods a user may call; several lines for one user intersect. Repeatable")
    List<String> rpcwhitelist = new ArrayList<>();

    @Option(names = {"-rpcwhitelistdefault", "--rpcwhitelistdefault"}, arity = "0..1", fallbackValue = "1", paramLabel = "1|0",
            description = "Users without a whitelist may call nothing (default: 1 when any -rpcwhitelist is given)")
    Boolean rpcwhitelistdefault;

    @Option(names = {"-rpccookieperms", "--rpccookieperms"}, paramLabel = "owner|group|all", defaultValue = "owner",
            description = "Who may read the RPC cookie file: owner (0600), group (0640) or all (0644) (default: ${DEFAULT-VALUE})")
    String rpccookieperms;
}
