package dev.blocksmith.cli;

import dev.blocksmith.cli.config.ArgNormalizer;
import dev.blocksmith.cli.config.BitcoindBoolean;
import dev.blocksmith.cli.config.ConfigException;
import dev.blocksmith.cli.config.ConfigFile;
import dev.blocksmith.cli.config.SettingsProvider;
import dev.blocksmith.cli.options.ChainSelectionOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.OptionSpec;

/** Process entry point: merges flags, environment and config file, then runs the chosen command. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv()));
    }

    public static int run(String[] args, Map<String, String> env) {
        // bitcoin-cli's command line is not picocli's: its own option set, bitcoin.conf and stop-at-first-word rules.
        if (args.length > 0 && args[0].equals("cli")) {
            return dev.blocksmith.cli.bitcoincli.BitcoinCli.run(java.util.Arrays.copyOfRange(args, 1, args.length), env,
                    System.in, System.out, System.err);
        }
        Prepared p;
        try {
            p = prepare(args, env);
        } catch (ConfigException e) {
            System.err.println("Error: " + e.getMessage());
            return 1;
        }
        return p.commandLine().execute(p.args());
    }

    /** A command line with its settings provider installed, and the arguments to give it. */
    public record Prepared(CommandLine commandLine, String[] args) {
    }

    /**
     * Normalizes bitcoind-style flags and installs the environment/config-file settings provider on
     * the chosen subcommand.
     */
    public static Prepared prepare(String[] args, Map<String, String> env) throws ConfigException {
        CommandLine cl = newCommandLine();
        if (args.length > 0 && args[0].equals("node")) {
            return prepareNode(cl, java.util.Arrays.copyOfRange(args, 1, args.length), env);
        }
        if (args.length > 0 && cl.getSubcommands().containsKey(args[0])) {
            CommandLine sub = cl.getSubcommands().get(args[0]);
            String[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
            rest = ArgNormalizer.normalize(rest, booleanKeys(sub));
            Settings s = preScan(rest, env);
            sub.setDefaultValueProvider(new SettingsProvider(env, s.config(), s.network()));
            String[] full = new String[rest.length + 1];
            full[0] = args[0];
            System.arraycopy(rest, 0, full, 1, rest.length);
            args = full;
        }
        return new Prepared(cl, args);
    }

    /** Help and version requests, answered before any configuration is read, as bitcoind does. */
    private static final Set<String> HELP = Set.of("-?", "-h", "-help", "--help", "-help-debug", "--help-debug");

    /**
     * {@code blocksmith node} takes bitcoind's command line and configuration files as they are: bitcoind's
     * argument rules decide the effective settings, which then fill the node's typed options.
     */
    private static Prepared prepareNode(CommandLine cl, String[] rest, Map<String, String> env) throws ConfigException {
        CommandLine sub = cl.getSubcommands().get("node");
        for (String a : rest) {
            if (HELP.contains(a)) return new Prepared(cl, new String[] {"node", "-help"});
            if (a.equals("-version") || a.equals("--version")) return new Prepared(cl, new String[] {"node", "-version"});
        }
        Set<String> ours = new HashSet<>();
        for (OptionSpec o : sub.getCommandSpec().options()) {
            for (String n : o.names()) ours.add(n.replaceFirst("^-+", ""));
        }
        dev.blocksmith.cli.config.BitcoindArgs bitcoind = dev.blocksmith.cli.config.BitcoindArgs.parseCommandLine(rest, env, ours);
        bitcoind.readConfigFiles();
        for (String warning : bitcoind.consoleWarnings()) System.err.println(warning);
        java.util.Optional<Path> settingsFile = initSettingsFile(bitcoind);
        dev.blocksmith.cli.config.NodeArgBinder.Bound bound = dev.blocksmith.cli.config.NodeArgBinder.bind(bitcoind, sub.getCommandSpec());
        ((NodeCommand) sub.getCommand()).startup(bound, bitcoind.argsLog(), bitcoind.configFile());
        java.util.List<String> args = new java.util.ArrayList<>(bound.args());
        settingsFile.ifPresent(f -> args.add("-settings=" + f.toAbsolutePath()));
        String[] full = new String[args.size() + 1];
        full[0] = "node";
        for (int i = 0; i < args.size(); i++) full[i + 1] = args.get(i);
        return new Prepared(cl, full);
    }

    /**
     * bitcoind's InitSettings: the read-write settings file of a built-in network is read (its values then rank above
     * the configuration file) and written back, before the node starts; a custom network's params file names no
     * settings file.
     */
    private static java.util.Optional<Path> initSettingsFile(dev.blocksmith.cli.config.BitcoindArgs bitcoind) throws ConfigException {
        java.util.Optional<dev.blocksmith.core.params.NetworkParams> network = dev.blocksmith.core.params.Networks.byName(bitcoind.chainName());
        if (network.isEmpty()) return java.util.Optional.empty();
        String dirName = network.get().dataDirName();
        Path networkDir = dirName.isEmpty() ? bitcoind.datadir() : bitcoind.datadir().resolve(dirName);
        java.util.Optional<Path> location = dev.blocksmith.cli.config.SettingsFile.location(bitcoind, networkDir);
        if (location.isEmpty()) return location;
        try {
            dev.blocksmith.cli.node.DataDirLayout.createNetworkDir(networkDir);
        } catch (java.io.IOException e) {
            throw new ConfigException("cannot create data directory " + networkDir + ": " + e.getMessage());
        }
        dev.blocksmith.cli.config.SettingsFile file = dev.blocksmith.cli.config.SettingsFile.init(location.get(), Version.CLIENT_NAME);
        file.checkWalletValues();
        bitcoind.applySettings(file.settings());
        return location;
    }

    /** The command tree, for tests that inspect the options. */
    public static CommandLine newCommandLineForTests() {
        return newCommandLine();
    }

    static CommandLine newCommandLine() {
        CommandLine cl = new CommandLine(new BlocksmithCommand());
        cl.registerConverter(Boolean.class, new BitcoindBoolean());
        cl.registerConverter(boolean.class, new BitcoindBoolean());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        // As bitcoind and bitcoin-cli: an option given twice takes its last value.
        cl.setOverwrittenOptionsAllowed(true);
        return cl;
    }

    private static Set<String> booleanKeys(CommandLine cmd) {
        Set<String> keys = new HashSet<>();
        for (OptionSpec o : cmd.getCommandSpec().options()) {
            if (o.type() == boolean.class || o.type() == Boolean.class) keys.add(SettingsProvider.key(o));
        }
        return keys;
    }

    /** The config file and network, found before the full parse so that the file's sections can apply. */
    record Settings(ConfigFile config, String network) {
    }

    @Command(name = "prescan")
    static final class PreScan {
        @Mixin ChainSelectionOptions chain;
    }

    static Settings preScan(String[] args, Map<String, String> env) throws ConfigException {
        PreScan first = parsePreScan(args, new SettingsProvider(env, ConfigFile.empty(), "main"));
        Path datadir = first.chain.datadir();
        // bitcoin.conf as bitcoind; Blocksmith's older blocksmith.conf when only that exists.
        Path defaultConf = datadir.resolve(dev.blocksmith.cli.config.BitcoindArgs.CONF_FILENAME);
        if (!Files.exists(defaultConf) && Files.exists(datadir.resolve(dev.blocksmith.cli.config.BitcoindArgs.LEGACY_CONF_FILENAME))) {
            defaultConf = datadir.resolve(dev.blocksmith.cli.config.BitcoindArgs.LEGACY_CONF_FILENAME);
        }
        Path conf = first.chain.conf().map(c -> c.isAbsolute() ? c : datadir.resolve(c)).orElse(defaultConf);
        ConfigFile config = ConfigFile.empty();
        if (Files.isRegularFile(conf)) {
            config = ConfigFile.load(conf);
        } else if (first.chain.conf().isPresent()) {
            throw new ConfigException("Specified config file " + conf + " could not be opened.");
        }
        PreScan second = parsePreScan(args, new SettingsProvider(env, config, "main"));
        String chain = second.chain.chainName();
        String network = dev.blocksmith.core.params.Networks.byName(chain).map(p -> p.name()).orElse(chain);
        return new Settings(config, network);
    }

    private static PreScan parsePreScan(String[] args, SettingsProvider provider) throws ConfigException {
        PreScan p = new PreScan();
        CommandLine cl = new CommandLine(p);
        cl.registerConverter(Boolean.class, new BitcoindBoolean());
        cl.setUnmatchedArgumentsAllowed(true);
        cl.setDefaultValueProvider(provider);
        try {
            cl.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            throw new ConfigException(e.getMessage());
        }
        return p;
    }
}
