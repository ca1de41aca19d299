package dev.blocksmith.cli;

import dev.blocksmith.cli.config.ConfigException;
import dev.blocksmith.cli.node.Node;
import dev.blocksmith.cli.node.NodeConfig;
import dev.blocksmith.cli.node.StartupReport;
import dev.blocksmith.cli.options.ChainSelectionOptions;
import dev.blocksmith.cli.options.ChainStateOptions;
import dev.blocksmith.cli.options.LoggingOptions;
import dev.blocksmith.cli.options.MempoolOptions;
import dev.blocksmith.cli.options.MetricsOptions;
import dev.blocksmith.cli.options.MiningOptions;
import dev.blocksmith.cli.options.NodeConfigBuilder;
import dev.blocksmith.cli.options.P2pOptions;
import dev.blocksmith.cli.options.RpcOptions;
import dev.blocksmith.cli.options.WalletOptions;
import dev.blocksmith.core.params.NetworkParams;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code blocksmith node}: the full node daemon. Flags follow bitcoind's names. */
@Command(name = "node", versionProvider = Version.class, sortOptions = false, optionListHeading = "%nOptions:%n", usageHelpWidth = 110, abbreviateSynopsis = true,
        description = "Run a Blocksmith full node. Every option can also be set in blocksmith.conf (key=value, "
                + "[network] sections) or as a BLOCKSMITH_<NAME> environment variable; flags win over the "
                + "environment, which wins over the file.")
public final class NodeCommand implements Callable<Integer> {
    @Option(names = {"-help", "--help", "-h", "-?"}, usageHelp = true, description = "Print every option with its default and exit")
    boolean help;

    @Option(names = {"-version", "--version"}, versionHelp = true, description = "Print the version and exit")
    boolean version;

    /** What bitcoind logs at start about its arguments: set by Main after it read bitcoind's configuration. */
    private StartupReport startup = StartupReport.NONE;

    void startup(dev.blocksmith.cli.config.NodeArgBinder.Bound bound, java.util.List<String> argsLog,
                 java.util.Optional<java.nio.file.Path> configFile) {
        this.startup = new StartupReport(configFile, argsLog, bound.logLines(), bound.initWarnings(), bound.lateInitError());
        if (!bound.startupWalletsFromSettings()) wallet.ignoreSettingsWallets();
    }

    /** What the node will log and report at start (tests read it). */
    StartupReport startupReport() {
        return startup;
    }

    @Mixin ChainSelectionOptions chain;
    @Mixin RpcOptions rpc;
    @Mixin P2pOptions p2p;
    @Mixin ChainStateOptions chainState;
    @Mixin MempoolOptions mempool;
    @Mixin WalletOptions wallet;
    @Mixin MiningOptions mining;
    @Mixin LoggingOptions logging;
    @Mixin MetricsOptions metrics;
    @Mixin dev.blocksmith.cli.options.NotificationOptions notifications;

    NodeConfig toConfig() throws ConfigException {
        NetworkParams params = chain.applyOverrides(chain.params());
        // bitcoind's -test options are for regtest only; -test=bip94 makes regtest enforce BIP94's timewarp rule.
        if (!p2p.testOptions().isEmpty() && !params.name().equals("regtest")) {
            throw new ConfigException("-test=<option> can only be used with regtest");
        }
        if (p2p.testOptions().contains("bip94")) params = params.toBuilder().enforceBip94(true).build();
        return NodeConfigBuilder.build(params, chain, rpc, p2p, chainState, mempool, wallet, mining, logging, metrics, notifications);
    }

    @Override
    public Integer call() throws Exception {
        NodeConfig config;
        try {
            config = toConfig();
        } catch (ConfigException e) {
            System.err.println("Error: " + e.getMessage());
            return 1;
        }
        for (String w : startup.initWarnings()) System.err.println("Warning: " + w);
        return Node.runUntilShutdown(config, startup);
    }
}
