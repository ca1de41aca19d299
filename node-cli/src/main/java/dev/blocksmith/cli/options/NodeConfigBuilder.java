package dev.blocksmith.cli.options;

import dev.blocksmith.cli.config.ByteUnits;
import dev.blocksmith.cli.config.ConfigException;
import dev.blocksmith.cli.node.NodeConfig;
import dev.blocksmith.core.address.Address;
import dev.blocksmith.core.address.AddressFormatException;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.primitives.Amount;
import dev.blocksmith.core.script.Script;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Checks the parsed option groups and turns them into an immutable {@link NodeConfig}. */
public final class NodeConfigBuilder {
    private NodeConfigBuilder() {
    }

    public static NodeConfig build(NetworkParams params, ChainSelectionOptions chain, RpcOptions rpc, P2pOptions p2p,
                                   ChainStateOptions cs, MempoolOptions mp, WalletOptions wallet, MiningOptions mining, LoggingOptions log,
                                   MetricsOptions metrics, NotificationOptions notify) throws ConfigException {
        Path datadir = chain.datadir().toAbsolutePath().normalize();
        List<String> interactions = new ArrayList<>();
        Path netDir = params.dataDirName().isEmpty() ? datadir : datadir.resolve(params.dataDirName());

        int rpcPort = port("rpcport", rpc.rpcport != null ? rpc.rpcport : params.rpcPort());
        if (rpc.rpcthreads < 1) throw new ConfigException("-rpcthreads must be at least 1");
        if (rpc.rpcworkqueue < 1) throw new ConfigException("-rpcworkqueue must be at least 1");
        // -norpccookiefile (bound as -rpccookiefile=0): no cookie, as bitcoind.
        boolean cookieEnabled = !"0".equals(rpc.rpccookiefile);
        Path cookie = rpc.rpccookiefile == null || !cookieEnabled ? netDir.resolve(".cookie") : netDir.resolve(rpc.rpccookiefile);
        NodeConfig.Rpc rpcCfg = new NodeConfig.Rpc(rpc.server, rpcPort, List.copyOf(rpc.rpcbind), List.copyOf(rpc.rpcallowip),
                Optional.ofNullable(rpc.rpcuser), Optional.ofNullable(rpc.rpcpassword), List.copyOf(rpc.rpcauth), cookie,
                rpc.rpcthreads, rpc.rpcworkqueue, rpc.readyallowibd, rpc.rpcservertimeout, List.copyOf(rpc.rpcwhitelist),
                Optional.ofNullable(rpc.rpcwhitelistdefault), cookieEnabled, rpc.rpccookieperms, rpc.rest);
        if (rpc.rpcservertimeout < 1) throw new ConfigException("-rpcservertimeout must be at least 1 second");

        int p2pPort = port("port", p2p.port != null ? p2p.port : params.p2pPort());
        if (p2p.maxconnections < 0) throw new ConfigException("-maxconnections must not be negative");
        // -connect=0 (and -noconnect, bound as -connect=0) count as -connect for bitcoind's parameter interactions
        // below and reach node-p2p as "0": no automatic connections at all (ConnectionManager.NO_AUTOMATIC_CONNECTIONS).
        boolean connectOnly = !p2p.connect.isEmpty();
        ProxySetup.checkPorts(p2p.proxy, Optional.ofNullable(p2p.onion), Optional.ofNullable(p2p.i2psam));
        boolean proxyGiven = ProxySetup.proxyGiven(p2p.proxy);
        OnlyNet onlyNet = OnlyNet.parse(p2p.onlynet);
        // bitcoind's InitParameterInteraction: an explicit -bind/-whitebind listens even with -connect;
        // -connect (or -noconnect) and -maxconnections=0 turn DNS seeds and listening off unless asked for.
        boolean listen;
        if (p2p.listen != null) {
            listen = p2p.listen;
        } else if (!p2p.bind.isEmpty() || !p2p.whitebind.isEmpty()) {
            listen = true;
            interactions.add("parameter interaction: -" + (p2p.bind.isEmpty() ? "whitebind" : "bind") + " set -> setting -listen=1");
        } else if (connectOnly || p2p.maxconnections <= 0) {
            listen = false;
            interactions.add("parameter interaction: -connect or -maxconnections=0 set -> setting -listen=0");
        } else if (proxyGiven) {
            // To protect privacy, a node behind a proxy does not listen unless asked to.
            listen = false;
            interactions.add("parameter interaction: -proxy set -> setting -listen=0");
        } else {
            listen = true;
        }
        // bitcoind's AppInitParameterInteraction, before any -bind or -whitebind value is read.
        if (!listen && (!p2p.bind.isEmpty() || !p2p.whitebind.isEmpty())) {
            throw new ConfigException("Cannot set -bind or -whitebind together with -listen=0");
        }
        boolean dnsSeed = p2p.dnsseed != null ? p2p.dnsseed : !(connectOnly || p2p.maxconnections <= 0);
        if (p2p.dnsseed == null && !dnsSeed) {
            interactions.add("parameter interaction: -connect or -maxconnections=0 set -> setting -dnsseed=0");
        }
        if (onlyNet.excludesClearnet()) {
            if (Boolean.TRUE.equals(p2p.dnsseed)) {
                throw new ConfigException("Incompatible options: -dnsseed=1 was explicitly specified, but -onlynet forbids connections to IPv4/IPv6");
            }
            if (p2p.dnsseed == null && dnsSeed) {
                dnsSeed = false;
                interactions.add("parameter interaction: -onlynet excludes IPv4 and IPv6 -> setting -dnsseed=0");
            }
        }
        // bitcoind's AppInitParameterInteraction checks the effective -dnsseed, so a -connect that soft-set it off
        // refuses -forcednsseed as well.
        if (p2p.forcednsseed && !dnsSeed) {
            throw new ConfigException("Cannot set -forcednsseed to true when setting -dnsseed to false.");
        }
        // bitcoind's AppInitMain notes on -connect (given peers, not -connect=0 / -noconnect alone for the first).
        if (connectOnly) {
            boolean specifiedOutgoing = !(p2p.connect.size() == 1 && p2p.connect.get(0).equals("0"));
            if (specifiedOutgoing && !p2p.seednode.isEmpty()) interactions.add("-seednode is ignored when -connect is used");
            if (Boolean.TRUE.equals(p2p.dnsseed) && !p2p.proxy.isEmpty()) {
                interactions.add("-dnsseed is ignored when -connect is used and -proxy is specified");
            }
        }
        List<String> connectList = new ArrayList<>(p2p.connect);
        // Blocksmith reaches only IPv4 and IPv6 peers: -onlynet without them leaves no automatic connections.
        if (onlyNet.excludesClearnet() && connectList.isEmpty()) connectList.add("0");
        dev.blocksmith.cli.node.NodeP2pPermissions.checkedWhitelist(p2p.whitelist);
        dev.blocksmith.cli.node.NodeP2pPermissions.checkedWhitebind(p2p.whitebind);
        try {
            dev.blocksmith.p2p.UserAgent.format(p2p.uacomment);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
        // -bind values stay as written (with "=onion"); the listening plan is checked here and used by P2pService.
        List<String> binds = new ArrayList<>(p2p.bind);
        List<java.net.InetSocketAddress> whitebindAddresses = new ArrayList<>();
        for (dev.blocksmith.p2p.peer.NetWhitebindPermissions w : dev.blocksmith.cli.node.NodeP2pPermissions.checkedWhitebind(p2p.whitebind)) {
            whitebindAddresses.add(w.address());
        }
        dev.blocksmith.cli.node.ListenPlan.of(binds, whitebindAddresses, p2pPort);
        // bitcoind's InitParameterInteraction: -blocksonly soft-sets -whitelistrelay=0.
        boolean whitelistRelay = p2p.whitelistrelay != null ? p2p.whitelistrelay : !p2p.blocksonly;
        if (p2p.whitelistrelay == null && p2p.blocksonly) {
            interactions.add("parameter interaction: -blocksonly=1 -> setting -whitelistrelay=0");
        }
        // bitcoind's InitParameterInteraction: not listening soft-sets -listenonion=0 and -i2pacceptincoming=0.
        boolean listenOnion = p2p.listenonion != null ? p2p.listenonion : listen;
        if (p2p.listenonion == null && !listen) interactions.add("parameter interaction: -listen=0 -> setting -listenonion=0");
        boolean i2pAcceptIncoming = p2p.i2pacceptincoming != null ? p2p.i2pacceptincoming : listen;
        if (p2p.i2pacceptincoming == null && !listen) {
            interactions.add("parameter interaction: -listen=0 -> setting -i2pacceptincoming=0");
        }
        dev.blocksmith.p2p.OverlayOptions overlays = new dev.blocksmith.p2p.OverlayOptions(i2pAcceptIncoming, listenOnion,
                p2p.torcontrol == null ? dev.blocksmith.p2p.OverlayOptions.DEFAULT_TOR_CONTROL : p2p.torcontrol,
                Optional.ofNullable(p2p.torpassword).filter(pw -> !pw.isEmpty()), p2p.onion != null && !p2p.onion.isEmpty());
        dev.blocksmith.p2p.NetworkReach networks = networks(p2p, onlyNet, listenOnion);
        NodeConfig.P2p p2pCfg = new NodeConfig.P2p(p2pPort, List.copyOf(binds), listen, List.copyOf(connectList),
                List.copyOf(p2p.addnode), List.copyOf(p2p.seednode), p2p.maxconnections, List.copyOf(p2p.externalip),
                dnsSeed, p2p.networkactive, p2p.peertimeout, p2p.bantime,
                List.copyOf(p2p.uacomment), List.copyOf(p2p.whitelist), List.copyOf(p2p.whitebind), whitelistRelay,
                p2p.whitelistforcerelay, networks.nameProxy(), p2p.test.contains("addrman"), networks, p2p.fixedseeds,
                new dev.blocksmith.p2p.RelayOptions(p2p.blocksonly, blockReconstructionExtraTxn(p2p.blockreconstructionextratxn),
                        p2p.peerbloomfilters, p2p.txreconciliation),
                p2p.v2transport, p2p.forcednsseed, overlays,
                new dev.blocksmith.p2p.traffic.TrafficOptions(maxUploadTarget(p2p.maxuploadtarget), p2p.capturemessages));
        for (String t : p2p.test) {
            // bitcoind's -test values; only addrman concerns Blocksmith so far.
            if (!java.util.Set.of("addrman", "reindex_after_failure", "bip94").contains(t)) {
                throw new ConfigException("Invalid argument value for -test=" + t + ": not a test option");
            }
        }
        if (p2p.peertimeout < 1) throw new ConfigException("peertimeout must be a positive integer.");
        // bitcoind refuses unreadable -whitelist/-whitebind/-uacomment values at startup, with these texts.
        try {
            for (String w : p2p.whitelist) dev.blocksmith.p2p.peer.NetWhitelistPermissions.parse(w);
            for (String w : p2p.whitebind) dev.blocksmith.p2p.peer.NetWhitebindPermissions.parse(w);
        } catch (dev.blocksmith.p2p.peer.InvalidPermissionException e) {
            throw new ConfigException(e.getMessage());
        }
        try {
            dev.blocksmith.p2p.UserAgent.format(p2p.uacomment);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }

        if (cs.dbcache < 4) throw new ConfigException("-dbcache must be at least 4 (MiB)");
        List<Path> loadBlock = new ArrayList<>();
        for (String f : cs.loadblock) {
            Path file = Path.of(f);
            // Refused before anything opens: an import that cannot start is a configuration error, not a runtime one.
            if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
                throw new ConfigException("-loadblock=" + f + ": no readable file there");
            }
            loadBlock.add(file);
        }
        if (cs.mocktime != 0 && !params.name().equals("regtest")) {
            throw new ConfigException("-mocktime is for regression testing (using -regtest mode) only");
        }
        if (cs.mocktime < 0) throw new ConfigException("Mocktime cannot be negative: " + cs.mocktime + ".");
        Optional<Path> pidFile = cs.pid == null ? Optional.of(netDir.resolve("bitcoind.pid"))
                : cs.pid.equals("0") ? Optional.empty() : Optional.of(netDir.resolve(cs.pid));
        // bitcoind's AppInitParameterInteraction: with -prune, an explicit -txindex and -reindex-chainstate are
        // refused; then the -prune value itself is checked (-txindex defaults to 0, as bitcoind's).
        if (cs.prune != 0) {
            if (Boolean.TRUE.equals(cs.txindex)) throw new ConfigException("Prune mode is incompatible with -txindex.");
            if (cs.reindexChainstate) {
                throw new ConfigException("Prune mode is incompatible with -reindex-chainstate. Use full -reindex instead.");
            }
        }
        dev.blocksmith.core.chain.PruneOptions prune;
        try {
            prune = dev.blocksmith.core.chain.PruneOptions.fromMiB(cs.prune, cs.fastprune);
        } catch (dev.blocksmith.core.chain.PruneOptions.InvalidPruneOption e) {
            throw new ConfigException(e.getMessage());
        }
        boolean txIndex = cs.txindex != null && cs.txindex;
        Optional<Path> blocksDir = Optional.empty();
        if (cs.blocksdir != null && !cs.blocksdir.isEmpty()) {
            Path dir = Path.of(cs.blocksdir).toAbsolutePath();
            // bitcoind's check at start, with its message naming the option's value.
            if (!Files.isDirectory(dir)) throw new ConfigException("Specified blocks directory \"" + cs.blocksdir + "\" does not exist.");
            blocksDir = Optional.of((params.dataDirName().isEmpty() ? dir : dir.resolve(params.dataDirName())).resolve("blocks"));
        }
        NodeConfig.ChainState csCfg = new NodeConfig.ChainState(cs.dbcache, txIndex, cs.addressindex, cs.reindex,
                cs.reindexChainstate, List.copyOf(loadBlock), scriptThreads(cs.par), cs.maxtipage, cs.mocktime, pidFile, prune,
                blockFilters(cs), cs.blocksxor, blocksDir,
                // bitcoind: 0 (the default) is off; any other value, even a negative one, is compared with each new tip.
                cs.stopatheight != 0 ? java.util.OptionalInt.of(cs.stopatheight) : java.util.OptionalInt.empty(),
                cs.coinstatsindex, cs.stopafterblockimport);

        Amount incrementalRelay = feeRate("incrementalrelayfee", mp.incrementalrelayfee);
        Amount minRelay = feeRate("minrelaytxfee", mp.minrelaytxfee != null ? mp.minrelaytxfee : MempoolOptions.DEFAULT_MINRELAYTXFEE);
        if (mp.minrelaytxfee == null && incrementalRelay.sats() > minRelay.sats()) {
            // bitcoind's ApplyArgsManOptions: -incrementalrelayfee alone sets both.
            minRelay = incrementalRelay;
            interactions.add("Increasing minrelaytxfee to " + dev.blocksmith.core.mempool.FeeRate.ofSatsPerKvB(minRelay.sats())
                    + " to match incrementalrelayfee");
        }
        // bitcoind: the pool must hold 40 of the largest allowed descendant packages (5 MB with the default 101 kvB).
        long minMempoolBytes = mp.limitdescendantsize * 1000L * 40;
        if (mp.maxmempool < 0 || mp.maxmempool * 1_000_000L < minMempoolBytes) {
            throw new ConfigException("-maxmempool must be at least " + (minMempoolBytes + 999_999) / 1_000_000 + " MB");
        }
        java.util.Optional<String> nonStd = dev.blocksmith.core.mempool.MempoolOptions.acceptNonStdTxnError(params, mp.acceptnonstdtxn);
        if (nonStd.isPresent()) throw new ConfigException(nonStd.get());
        dev.blocksmith.core.mempool.MempoolOptions policy = dev.blocksmith.core.mempool.MempoolOptions.defaults()
                .withMaxMempoolBytes(mp.maxmempool * 1_000_000L)
                .withExpirySeconds(mp.mempoolexpiry * 3600L)
                .withMinRelayFee(dev.blocksmith.core.mempool.FeeRate.ofSatsPerKvB(minRelay.sats()))
                .withIncrementalRelayFee(dev.blocksmith.core.mempool.FeeRate.ofSatsPerKvB(incrementalRelay.sats()))
                .withDustRelayFee(dev.blocksmith.core.mempool.FeeRate.ofSatsPerKvB(feeRate("dustrelayfee", mp.dustrelayfee).sats()))
                .withBlockMinFeeRate(dev.blocksmith.core.mempool.FeeRate.ofSatsPerKvB(feeRate("blockmintxfee", mp.blockmintxfee).sats()))
                .withDatacarrier(mp.datacarrier, mp.datacarriersize)
                .withPermitBareMultisig(mp.permitbaremultisig)
                .withRequireStandard(!mp.acceptnonstdtxn)
                .withBytesPerSigop(mp.bytespersigop)
                .withPackageLimits(mp.limitancestorcount, mp.limitancestorsize * 1000L, mp.limitdescendantcount,
                        mp.limitdescendantsize * 1000L);
        NodeConfig.Mempool mpCfg = new NodeConfig.Mempool(mp.maxmempool * 1_000_000L, minRelay, mp.mempoolexpiry * 3600L,
                mp.persistmempool, policy, mp.acceptstalefeeestimates);

        if (wallet.keypool > dev.blocksmith.wallet.WalletOptions.MAX_KEYPOOL) {
            throw new ConfigException("-keypool must be at most " + dev.blocksmith.wallet.WalletOptions.MAX_KEYPOOL);
        }
        // bitcoind takes max(-keypool, 1): -keypool=0 (or less) keeps one address derived ahead, it is not an error.
        int keypool = Math.max(wallet.keypool, 1);
        Optional<Amount> fallbackFee = wallet.fallbackfee == null ? Optional.empty() : Optional.of(feeRate("fallbackfee", wallet.fallbackfee));
        NodeConfig.Wallet walletCfg = new NodeConfig.Wallet(!wallet.disablewallet, List.copyOf(wallet.wallet), keypool, fallbackFee,
                walletPolicy(wallet, minRelay), walletDir(wallet), wallet.unsafesqlitesync, wallet.startupWalletsFromSettings);

        Optional<Script> payTo = Optional.empty();
        if (mining.mineaddress != null) {
            try {
                payTo = Optional.of(Address.decode(mining.mineaddress, params).toScriptPubKey());
            } catch (AddressFormatException e) {
                throw new ConfigException("Invalid -mineaddress '" + mining.mineaddress + "': " + e.getMessage());
            }
        }
        if (mining.mine && payTo.isEmpty()) throw new ConfigException("-mine needs -mineaddress=<address>");
        int threads = mining.minethreads <= 0 ? Runtime.getRuntime().availableProcessors() : mining.minethreads;
        NodeConfig.Mining miningCfg = new NodeConfig.Mining(mining.mine, payTo, Optional.ofNullable(mining.mineaddress), threads,
                mining.blockmaxweight, mining.blockreservedweight,
                mining.blockversion == null ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(mining.blockversion));
        // bitcoind's checks of the block assembler options (init.cpp), with its texts.
        long maxBlockWeight = dev.blocksmith.core.consensus.ConsensusLimits.MAX_BLOCK_WEIGHT;
        if (mining.blockmaxweight > maxBlockWeight) {
            throw new ConfigException("Specified -blockmaxweight (" + mining.blockmaxweight
                    + ") exceeds consensus maximum block weight (" + maxBlockWeight + ")");
        }
        if (mining.blockreservedweight > maxBlockWeight) {
            throw new ConfigException("Specified -blockreservedweight (" + mining.blockreservedweight
                    + ") exceeds consensus maximum block weight (" + maxBlockWeight + ")");
        }
        long minReserved = dev.blocksmith.miner.template.BlockTemplateBuilder.MINIMUM_BLOCK_RESERVED_WEIGHT;
        if (mining.blockreservedweight < minReserved) {
            throw new ConfigException("Specified -blockreservedweight (" + mining.blockreservedweight
                    + ") is lower than minimum safety value of (" + minReserved + ")");
        }

        Optional<Path> logFile = log.debuglogfile == null ? Optional.of(netDir.resolve("debug.log"))
                : log.debuglogfile.equals("0") ? Optional.empty() : Optional.of(netDir.resolve(log.debuglogfile));
        dev.blocksmith.cli.node.LoggingSetup.Settings logSettings = new dev.blocksmith.cli.node.LoggingSetup.Settings(logFile,
                log.printtoconsole, List.copyOf(log.debug), List.copyOf(log.debugexclude), List.copyOf(log.loglevel),
                log.logtimemicros, log.logthreadnames, log.logsourcelocations);
        dev.blocksmith.cli.node.LoggingSetup.validate(logSettings);
        NodeConfig.Logging logCfg = new NodeConfig.Logging(logSettings);
        if (metrics.metricsport != 0) port("metricsport", metrics.metricsport);
        NodeConfig.Metrics metricsCfg = new NodeConfig.Metrics(metrics.metricsport, metrics.metricsbind);
        return new NodeConfig(params, datadir, netDir, rpcCfg, p2pCfg, csCfg, mpCfg, walletCfg, miningCfg, logCfg, metricsCfg,
                notifications(notify), List.copyOf(interactions), chain.settingsFile());
    }

    /**
     * The notifiers in bitcoind's order (by kind, then as given; {@code unix:} turned into {@code ipc://}), and the
     * notification commands; an empty command (bitcoind's GetArg default "") is none.
     */
    private static NodeConfig.Notifications notifications(NotificationOptions n) {
        List<dev.blocksmith.zmq.ZmqNotifierConfig> zmq = new ArrayList<>();
        addZmq(zmq, dev.blocksmith.zmq.ZmqTopic.HASHBLOCK, n.zmqpubhashblock, n.zmqpubhashblockhwm);
        addZmq(zmq, dev.blocksmith.zmq.ZmqTopic.HASHTX, n.zmqpubhashtx, n.zmqpubhashtxhwm);
        addZmq(zmq, dev.blocksmith.zmq.ZmqTopic.RAWBLOCK, n.zmqpubrawblock, n.zmqpubrawblockhwm);
        addZmq(zmq, dev.blocksmith.zmq.ZmqTopic.RAWTX, n.zmqpubrawtx, n.zmqpubrawtxhwm);
        addZmq(zmq, dev.blocksmith.zmq.ZmqTopic.SEQUENCE, n.zmqpubsequence, n.zmqpubsequencehwm);
        return new NodeConfig.Notifications(List.copyOf(zmq), command(n.blocknotify), command(n.walletnotify),
                command(n.alertnotify), command(n.startupnotify),
                n.shutdownnotify.stream().filter(c -> !c.isEmpty()).toList());
    }

    private static void addZmq(List<dev.blocksmith.zmq.ZmqNotifierConfig> out, dev.blocksmith.zmq.ZmqTopic topic,
                               List<String> addresses, int hwm) {
        // bitcoind's SetOutboundMessageHighWaterMark ignores a negative value (the default stays).
        int mark = hwm >= 0 ? hwm : dev.blocksmith.zmq.ZmqNotifierConfig.DEFAULT_HIGH_WATER_MARK;
        for (String a : addresses) out.add(dev.blocksmith.zmq.ZmqNotifierConfig.of(topic, a, mark));
    }

    private static Optional<String> command(String value) {
        return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    /** bitcoind's -par: 0 for every core, a negative number leaves that many cores free; 1 to 15 threads. */
    static int scriptThreads(int par) {
        int cores = Runtime.getRuntime().availableProcessors();
        int n = par <= 0 ? cores + par : par;
        return Math.max(1, Math.min(15, n));
    }

    /** A BTC/kvB amount as bitcoind's ParseMoney takes it; bitcoind's message when it is not one. */
    private static dev.blocksmith.wallet.WalletPolicy walletPolicy(WalletOptions wallet, Amount minRelay) throws ConfigException {
        try {
            return dev.blocksmith.wallet.WalletPolicy.parse(wallet.policyValues(), new dev.blocksmith.wallet.coinselection.FeeRate(minRelay.sats()))
                    .withDeprecatedRpcs(java.util.Set.copyOf(wallet.deprecatedrpc));
        } catch (dev.blocksmith.wallet.WalletPolicy.InvalidOptionException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    /** bitcoind's -walletdir checks (wallet/load.cpp VerifyWallets), its messages. */
    private static Optional<Path> walletDir(WalletOptions wallet) throws ConfigException {
        if (wallet.walletdir == null || wallet.walletdir.isEmpty()) return Optional.empty();
        Path dir = Path.of(wallet.walletdir).toAbsolutePath().normalize();
        if (!Files.exists(dir)) throw new ConfigException("Specified -walletdir \"" + wallet.walletdir + "\" does not exist");
        if (!Files.isDirectory(dir)) throw new ConfigException("Specified -walletdir \"" + wallet.walletdir + "\" is not a directory");
        if (!Path.of(wallet.walletdir).isAbsolute()) throw new ConfigException("Specified -walletdir \"" + wallet.walletdir + "\" is a relative path");
        return Optional.of(dir);
    }

    private static Amount feeRate(String option, String value) throws ConfigException {
        Amount a;
        try {
            a = Amount.parseBtc(new BigDecimal(value.strip()));
        } catch (NumberFormatException | ArithmeticException e) {
            throw new ConfigException("Invalid amount for -" + option + "=<amount>: '" + value + "'");
        }
        if (a.sats() < 0) throw new ConfigException("Invalid amount for -" + option + "=<amount>: '" + value + "'");
        return a;
    }

    private static int port(String name, int p) throws ConfigException {
        if (p < 1 || p > 65535) throw new ConfigException("Invalid port specified in -" + name + ": '" + p + "'");
        return p;
    }

    /**
     * bitcoind's reachable networks and per-network proxies from -onlynet, -proxy, -onion, -i2psam,
     * -cjdnsreachable and -listenonion (getnetworkinfo's "networks").
     */
    private static dev.blocksmith.p2p.NetworkReach networks(P2pOptions p2p, OnlyNet onlyNet, boolean listenOnion) throws ConfigException {
        java.util.Set<dev.blocksmith.p2p.Network> only = java.util.EnumSet.noneOf(dev.blocksmith.p2p.Network.class);
        for (OnlyNet.Net n : onlyNet.networks()) {
            only.add(dev.blocksmith.p2p.Network.parse(n.name()).orElseThrow());
        }
        return ProxySetup.reach(p2p.proxy, p2p.proxyrandomize, Optional.ofNullable(p2p.onion), Optional.ofNullable(p2p.i2psam), only,
                p2p.cjdnsreachable, Optional.of(listenOnion));
    }

    /**
     * bitcoind's -blockfilterindex (AppInitParameterInteraction): "0" off, "" or "1" every type, else type names,
     * "Unknown -blockfilterindex value X." for others; -peerblockfilters needs the basic index.
     */
    private static NodeConfig.BlockFilters blockFilters(ChainStateOptions cs) throws ConfigException {
        java.util.Set<dev.blocksmith.core.filter.BlockFilterType> types = java.util.EnumSet.noneOf(dev.blocksmith.core.filter.BlockFilterType.class);
        String value = cs.blockfilterindex == null ? "0" : cs.blockfilterindex;
        if (value.isEmpty() || value.equals("1")) {
            types.addAll(java.util.List.of(dev.blocksmith.core.filter.BlockFilterType.values()));
        } else if (!value.equals("0")) {
            types.add(dev.blocksmith.core.filter.BlockFilterType.byName(value)
                    .orElseThrow(() -> new ConfigException("Unknown -blockfilterindex value " + value + ".")));
        }
        if (cs.peerblockfilters && !types.contains(dev.blocksmith.core.filter.BlockFilterType.BASIC)) {
            throw new ConfigException("Cannot set -peerblockfilters without -blockfilterindex.");
        }
        return new NodeConfig.BlockFilters(types, cs.peerblockfilters);
    }

    /**
     * -maxuploadtarget: bytes per 24 hours, in MiB unless a unit follows (bitcoind's ParseByteUnits: k, m, g, t for
     * powers of 1000, K, M, G, T for powers of 1024); 0 for no limit.
     */
    static long maxUploadTarget(String value) throws ConfigException {
        if (value == null) return 0;
        return ByteUnits.parse(value, ByteUnits.MIB)
                .orElseThrow(() -> new ConfigException("Unable to parse -maxuploadtarget: '" + value + "'"));
    }

    /** bitcoind reads -blockreconstructionextratxn as a count, negative values as 0. */
    static int blockReconstructionExtraTxn(long value) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(0, value));
    }

}
