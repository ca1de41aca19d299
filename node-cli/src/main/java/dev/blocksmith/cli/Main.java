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

    static CommandLine newCommandLine() {
        CommandLine cl = new CommandLine(new BlocksmithCommand());
        cl.registerConverter(Boolean.class, new BitcoindBoolean());
        cl.registerConverter(boolean.class, new BitcoindBoolean());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        // bitcoin-cli: everything after the method name is an argument, even "-1".
        cl.getSubcommands().get("cli").setStopAtPositional(true);
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
        Path conf = first.chain.conf().map(c -> c.isAbsolute() ? c : datadir.resolve(c)).orElse(datadir.resolve("blocksmith.conf"));
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
