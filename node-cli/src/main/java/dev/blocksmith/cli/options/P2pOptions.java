package dev.blocksmith.cli.options;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Peer-to-peer network options, named as bitcoind's. */
public final class P2pOptions {
    @Option(names = {"-port", "--port"}, paramLabel = "PORT", description = "Listen for peers on this port (default: the network's, e.g. 18444 on regtest)")
    Integer port;

    @Option(names = {"-bind", "--bind"}, paramLabel = "ADDR[:PORT]", split = ",", description = "Bind to this address to listen for peers. Repeatable")
    List<String> bind = new ArrayList<>();

    @Option(names = {"-listen", "--listen"}, arity = "0..1", fallbackValue = "1", paramLabel = "1|0",
            description = "Accept connections from outside (default: 1, or 0 with -connect)")
    Boolean listen;

    @Option(names = {"-connect", "--connect"}, paramLabel = "HOST[:PORT]", split = ",", description = "Connect only to these peers. Repeatable")
    List<String> connect = new ArrayList<>();

    @Option(names = {"-addnode", "--addnode"}, paramLabel = "HOST[:PORT]", split = ",", description = "Add a peer to connect to and keep open. Repeatable")
    List<String> addnode = new ArrayList<>();

    @Option(names = {"-seednode", "--seednode"}, paramLabel = "HOST[:PORT]", split = ",", description = "Connect to get peer addresses, then disconnect. Repeatable")
    List<String> seednode = new ArrayList<>();

    @Option(names = {"-maxconnections", "--maxconnections"}, paramLabel = "N", defaultValue = "125", description = "Maximum peer connections (default: ${DEFAULT-VALUE})")
    int maxconnections;

    @Option(names = {"-externalip", "--externalip"}, paramLabel = "IP", split = ",", description = "Our own public address to advertise. Repeatable")
    List<String> externalip = new ArrayList<>();

    @Option(names = {"-dnsseed", "--dnsseed"}, arity = "0..1", fallbackValue = "1", paramLabel = "1|0",
            description = "Query DNS seeds for addresses when we have few (default: ${DEFAULT-VALUE}, 0 with -connect)")
    Boolean dnsseed;

    @Option(names = {"-forcednsseed", "--forcednsseed"}, arity = "0..1", fallbackValue = "1", paramLabel = "1|0", defaultValue = "0",
            description = "Always query the DNS seeds at start, even with known addresses (default: ${DEFAULT-VALUE})")
    boolean forcednsseed;

    @Option(names = {"-fixedseeds", "--fixedseeds"}, arity = "0..1", fallbackValue = "1", paramLabel = "1|0", defaultValue = "1",
            description = "Use the network's fixed seed addresses when the address manager stays empty (default: ${DEFAULT-VALUE})")
    boolean fixedseeds;

    @Option(names = {"-v2transport", "--v2transport"}, arity = "0..1", fallbackValue = "1", paramLabel = "1|0", defaultValue = "1",
            description = "Support v2 transport (BIP324 encrypted connections): offer NODE_P2P_V2 and try v2 first with peers that offer it (default: ${DEFAULT-VALUE})")
    boolean v2transport;

    @Option(names = {"-networkactive", "--networkactive"}, arity = "0..1", fallbackValue = "1", paramLabel = "1|0", defaultValue = "1",
            description = "Enable all P2P network activity; the setnetworkactive RPC changes it (default: ${DEFAULT-VALUE})")
    boolean networkactive;



    @Option(names = {"-blocksonly", "--blocksonly"}, arity = "0..1", fallbackValue = "1", paramLabel = "1|0", defaultValue = "0",
            description = "Take no transactions from peers; fetch blocks whole instead of as compact blocks (default: ${DEFAULT-VALUE})")
    boolean blocksonly;

    @Option(names = {"-peerbloomfilters", "--peerbloomfilters"}, arity = "0..1", fallbackValue = "1", paramLabel = "1|0", defaultValue = "0",
            description = "Support filtering of blocks and transactions with BIP37 bloom filters (default: ${DEFAULT-VALUE})")
    boolean peerbloomfilters;

    @Option(names = {"-txreconciliation", "--txreconciliation"}, arity = "0..1", fallbackValue = "1", paramLabel = "1|0", defaultValue = "0",
            description = "Negotiate BIP330 transaction reconciliation with peers (experimental, as in bitcoind: only the sendtxrcncl "
                    + "handshake; default: ${DEFAULT-VALUE})")
    boolean txreconciliation;

    @Option(names = {"-maxuploadtarget", "--maxuploadtarget"}, paramLabel = "N[k|K|m|M|g|G|t|T]",
            description = "Try to keep upload traffic under this target per 24 hours, in MiB unless a unit is given; "
                    + "0 for no limit. Blocks newer than a week and peers with the download permission are always served (default: 0)")
    String maxuploadtarget;

    @Option(names = {"-capturemessages", "--capturemessages"}, arity = "0..1", fallbackValue = "1", paramLabel = "1|0", defaultValue = "0",
            description = "Capture every P2P message sent and received into <datadir>/message_capture (default: ${DEFAULT-VALUE})")
    boolean capturemessages;

    @Option(names = {"-blockreconstructionextratxn", "--blockreconstructionextratxn"}, paramLabel = "N", defaultValue = "100",
            description = "Extra transactions to keep in memory for compact block reconstructions (default: ${DEFAULT-VALUE})")
    long blockreconstructionextratxn;

    @Option(names = {"-peertimeout", "--peertimeout"}, paramLabel = "SECONDS", defaultValue = "60",
            description = "Seconds after connecting before a peer may be dropped for inactivity (minimum 1, default: ${DEFAULT-VALUE})")
    long peertimeout;

    @Option(names = {"-uacomment", "--uacomment"}, paramLabel = "TEXT", description = "Comment appended to the user agent. Repeatable")
    List<String> uacomment = new ArrayList<>();

    @Option(names = {"-whitelist", "--whitelist"}, paramLabel = "[PERMISSIONS@]NET",
            description = "Give peers from this address or network permissions (noban, relay, forcerelay, mempool, download, addr, "
                    + "bloomfilter, all; default noban,relay,mempool,download; in/out flags as bitcoind). Repeatable")
    List<String> whitelist = new ArrayList<>();

    @Option(names = {"-whitebind", "--whitebind"}, paramLabel = "[PERMISSIONS@]ADDR",
            description = "Listen on this address and give its peers these permissions. Repeatable")
    List<String> whitebind = new ArrayList<>();

    @Option(names = {"-whitelistrelay", "--whitelistrelay"}, arity = "0..1", fallbackValue = "1", paramLabel = "1|0",
            description = "Add 'relay' to whitelisted peers with default permissions (default: 1, 0 with -blocksonly)")
    Boolean whitelistrelay;

    @Option(names = {"-whitelistforcerelay", "--whitelistforcerelay"}, arity = "0..1", fallbackValue = "1", paramLabel = "1|0", defaultValue = "0",
            description = "Add 'forcerelay' to whitelisted peers with default permissions (default: ${DEFAULT-VALUE})")
    boolean whitelistforcerelay;

    @Option(names = {"-bantime", "--bantime"}, paramLabel = "SECONDS", defaultValue = "86400",
            description = "Default duration of manual bans (setban without a time) (default: ${DEFAULT-VALUE})")
    long bantime;

    @Option(names = {"-proxy", "--proxy"}, paramLabel = "IP:PORT|unix:PATH[=NET]",
            description = "Make outbound peer connections through this SOCKS5 proxy (TCP or a unix: socket path), for every network or, "
                    + "with =ipv4, =ipv6, =onion (=tor) or =cjdns, for that one only; later values override earlier ones "
                    + "(0 or -noproxy: none). Repeatable")
    List<String> proxy = new ArrayList<>();

    @Option(names = {"-proxyrandomize", "--proxyrandomize"}, arity = "0..1", fallbackValue = "1", paramLabel = "1|0", defaultValue = "1",
            description = "Fresh proxy credentials for every connection: Tor stream isolation (default: ${DEFAULT-VALUE})")
    boolean proxyrandomize;

    @Option(names = {"-onion", "--onion"}, paramLabel = "IP:PORT|unix:PATH",
            description = "Reach Tor onion peers through this SOCKS5 proxy (default: -proxy; 0 or -noonion: Tor is not reachable)")
    String onion;

    @Option(names = {"-i2psam", "--i2psam"}, paramLabel = "IP:PORT",
            description = "I2P SAM proxy to reach I2P peers and accept I2P connections (SAM v3.1 sessions)")
    String i2psam;

    @Option(names = {"-i2pacceptincoming", "--i2pacceptincoming"}, arity = "0..1", fallbackValue = "1", paramLabel = "1|0",
            description = "Whether to accept inbound I2P connections (default: 1, 0 with -listen=0). Ignored if -i2psam is not set. "
                    + "With it one persistent SAM session (key in <datadir>/i2p_private_key) serves every I2P connection; "
                    + "without it each outbound one gets a transient session")
    Boolean i2pacceptincoming;

    @Option(names = {"-listenonion", "--listenonion"}, arity = "0..1", fallbackValue = "1", paramLabel = "1|0",
            description = "Automatically create a Tor onion service through the Tor control port (default: 1, 0 with -listen=0)")
    Boolean listenonion;

    @Option(names = {"-torcontrol", "--torcontrol"}, paramLabel = "IP:PORT",
            description = "Tor control host and port to use if onion listening enabled (default: 127.0.0.1:9051)")
    String torcontrol;

    @Option(names = {"-torpassword", "--torpassword"}, paramLabel = "PASS",
            description = "Tor control port password (default: empty)")
    String torpassword;

    @Option(names = {"-cjdnsreachable", "--cjdnsreachable"}, arity = "0..1", fallbackValue = "1", paramLabel = "1|0", defaultValue = "0",
            description = "This host reaches the CJDNS network: fc00::/8 addresses are CJDNS peers, dialled directly (default: ${DEFAULT-VALUE})")
    boolean cjdnsreachable;

    @Option(names = {"-onlynet", "--onlynet"}, paramLabel = "NET",
            description = "Make automatic outbound connections only to this network (ipv4, ipv6, onion, i2p, cjdns). Repeatable")
    List<String> onlynet = new ArrayList<>();

    @Option(names = {"-test", "--test"}, paramLabel = "OPTION",
            description = "Regtest only: a test-only option (addrman: deterministic address-manager bucketing; bip94: enforce BIP94's timewarp rule). Repeatable")
    List<String> test = new ArrayList<>();

    /** The -test values (bitcoind's test-only options). */
    public List<String> testOptions() {
        return List.copyOf(test);
    }
}
