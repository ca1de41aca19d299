package dev.blocksmith.cli.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * bitcoind's arguments as its ArgsManager reads them: the command line ({@code -name[=value]},
 * {@code -noname} negation, {@code --name}), {@code BLOCKSMITH_*} environment variables (Blocksmith's own
 * layer, between the two), and the configuration file with {@code [network]} sections, {@code network.name=}
 * prefixes and {@code includeconf=}. The precedence and the odd corners are bitcoind's, since configuration
 * files written for it must mean the same here: the command line's last value wins, the configuration file's
 * first value wins, a negation clears what comes before it, network-only options in the top section are
 * ignored off main, unknown command-line options are errors and unknown configuration keys are logged and
 * ignored.
 */
public final class BitcoindArgs {
    /** bitcoind's default configuration file name, and Blocksmith's older name kept as an alias. */
    public static final String CONF_FILENAME = "bitcoin.conf";
    public static final String LEGACY_CONF_FILENAME = "blocksmith.conf";
    private static final Set<String> CHAIN_SECTIONS = Set.of("main", "test", "testnet4", "signet", "regtest");
    private static final Set<String> CHAIN_FLAGS = Set.of("regtest", "testnet", "testnet4", "signet", "chain");

    /** One assignment: a string value, or a negation ({@code -nofoo}). */
    public record Value(String text, boolean negated, boolean doubleNegative) {
        static final Value NEGATED = new Value("", true, false);

        public Value(String text, boolean negated) {
            this(text, negated, false);
        }

        /** bitcoind's InterpretBool: an empty value is true, otherwise the leading integer is non-zero. */
        public boolean asBool() {
            if (negated) return false;
            return text.isEmpty() || atoi(text) != 0;
        }
    }

    /** One entry of the read-write settings file: its values as options, and its JSON as bitcoind logs it. */
    public record Setting(String name, List<Value> values, String json) {
    }

    /** A section header met in a configuration file, for bitcoind's "Section [x] is not recognized." warning. */
    record SectionSeen(String name, Path file, int line) {
    }

    private final Map<String, List<Value>> commandLine = new LinkedHashMap<>();
    private final List<String[]> commandLineOrder = new ArrayList<>();
    private final Map<String, List<Value>> environment = new LinkedHashMap<>();
    /** Section ("" for the top one) to name to values, in file order. */
    private final Map<String, Map<String, List<Value>>> config = new LinkedHashMap<>();
    private final List<String[]> configOrder = new ArrayList<>();
    private final List<SectionSeen> sections = new ArrayList<>();
    /** The read-write settings file's entries: above the configuration file, below the command line. */
    private final Map<String, List<Value>> settings = new LinkedHashMap<>();
    private final List<String> settingsLog = new ArrayList<>();
    private final List<String> logLines = new ArrayList<>();
    /** Warnings bitcoind writes to stderr while it reads its configuration, before logging starts. */
    private final List<String> consoleWarnings = new ArrayList<>();
    private final Map<String, String> env;
    /** bitcoind's options plus Blocksmith's own ones (which bitcoind does not have). */
    private final java.util.function.Function<String, Optional<BitcoindOption>> options;
    private Path datadir;
    private Optional<Path> configFile = Optional.empty();

    private BitcoindArgs(Map<String, String> env, Set<String> blocksmithOnly) {
        this.env = env;
        this.options = name -> {
            Optional<BitcoindOption> o = BitcoindOptionTable.find(name);
            if (o.isPresent() || !blocksmithOnly.contains(name)) return o;
            return Optional.of(new BitcoindOption(name, false, false, false, false, false,
                    BitcoindOption.Support.OURS, Optional.empty(), "Blocksmith's own option"));
        };
    }

    /** For another program's option set (bitcoin-cli's): only {@code options} are known. */
    private BitcoindArgs(Map<String, String> env, java.util.function.Function<String, Optional<BitcoindOption>> options) {
        this.env = env;
        this.options = options;
    }

    /**
     * bitcoin-cli's ParseParameters and configuration rules with its own option set: the same precedence,
     * negation and section rules as bitcoind, only the registered options differ.
     */
    public static BitcoindArgs parseCommandLine(String[] args, Map<String, String> env,
                                                java.util.function.Function<String, Optional<BitcoindOption>> options)
            throws ConfigException {
        BitcoindArgs a = new BitcoindArgs(env, options);
        a.parseInto(args);
        return a;
    }

    public Optional<BitcoindOption> option(String name) {
        return options.apply(name);
    }

    /** bitcoind's ParseParameters: every argument is an option; errors carry bitcoind's texts. */
    public static BitcoindArgs parseCommandLine(String[] args, Map<String, String> env, Set<String> blocksmithOptions)
            throws ConfigException {
        BitcoindArgs a = new BitcoindArgs(env, blocksmithOptions);
        a.parseInto(args);
        return a;
    }

    private void parseInto(String[] args) throws ConfigException {
        BitcoindArgs a = this;
        for (String raw : args) {
            if (!raw.startsWith("-")) {
                throw parseError("Command line contains unexpected token '" + raw + "', see bitcoind -h for a list of options.");
            }
            String body = raw.startsWith("--") ? raw.substring(2) : raw.substring(1);
            int eq = body.indexOf('=');
            String name = eq >= 0 ? body.substring(0, eq) : body;
            Optional<String> value = eq >= 0 ? Optional.of(body.substring(eq + 1)) : Optional.empty();
            Key key = a.key(name);
            Optional<BitcoindOption> option = a.option(key.name());
            if (option.isEmpty()) throw parseError("Invalid parameter " + raw);
            Value v = a.interpret(key, value, option.get()).orElseThrow();
            if (key.name().equals("includeconf")) {
                // bitcoind shows the value as it read it: a (double) negation is a boolean.
                String shown = v.doubleNegative() ? "true" : v.negated() ? "false" : "\"" + v.text() + "\"";
                throw parseError("-includeconf cannot be used from commandline; -includeconf=" + shown);
            }
            a.commandLine.computeIfAbsent(key.name(), k -> new ArrayList<>()).add(v);
            a.commandLineOrder.add(new String[] {key.name(), v.negated() ? null : v.text()});
        }
        a.readEnvironment();
    }

    private static ConfigException parseError(String message) {
        return new ConfigException("Error parsing command line arguments: " + message);
    }

    private static ConfigException readError(String message) {
        return new ConfigException("Error reading configuration file: " + message);
    }

    /** {@code BLOCKSMITH_<NAME>} variables for options bitcoind knows (Blocksmith's container-friendly layer). */
    private void readEnvironment() {
        for (Map.Entry<String, String> e : env.entrySet()) {
            if (!e.getKey().startsWith(SettingsProvider.ENV_PREFIX)) continue;
            String name = e.getKey().substring(SettingsProvider.ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '-');
            for (String candidate : List.of(name, name.replace("-", ""))) {
                if (option(candidate).isPresent()) {
                    environment.put(candidate, List.of(new Value(e.getValue(), false)));
                    break;
                }
            }
        }
    }

    /** bitcoind's InterpretValue: negations, double negatives and values that must be given. */
    private Optional<Value> interpret(Key key, Optional<String> value, BitcoindOption option) throws ConfigException {
        if (key.negated()) {
            if (option.disallowNegation()) {
                throw parseError("Negating of -" + key.name() + " is meaningless and therefore forbidden");
            }
            if (value.isPresent() && !new Value(value.get(), false).asBool()) {
                logLines.add("Warning: parsed potentially confusing double-negative -" + key.name() + "=" + value.get());
                return Optional.of(new Value("1", false, true));
            }
            return Optional.of(Value.NEGATED);
        }
        if (value.isEmpty() && option.disallowElision()) {
            throw parseError("Can not set -" + key.name() + " with no value. Please specify value with -" + key.name() + "=value.");
        }
        return Optional.of(new Value(value.orElse(""), false));
    }

    /** An option name as written, without its {@code no} prefix and section. */
    record Key(String section, String name, boolean negated) {
    }

    private Key key(String written) {
        String section = "";
        String name = written;
        int dot = written.lastIndexOf('.');
        if (dot >= 0) {
            section = written.substring(0, dot);
            name = written.substring(dot + 1);
        }
        // "-nofoo" negates foo, unless "nofoo" is itself an option.
        if (name.startsWith("no") && option(name).isEmpty()) {
            return new Key(section, name.substring(2), true);
        }
        return new Key(section, name, false);
    }

    // ---------------------------------------------------------------- data directory and config files

    /**
     * bitcoind's ReadConfigFiles: the data directory must exist when given, the configuration file (default
     * {@code bitcoin.conf}, or Blocksmith's older {@code blocksmith.conf} when only that exists) is read with its
     * includes, and a {@code bitcoin.conf} that a different file would leave unread is an error.
     */
    public void readConfigFiles() throws ConfigException {
        Optional<String> dd = commandLineOrEnv("datadir");
        if (dd.isPresent()) {
            datadir = Path.of(dd.get()).toAbsolutePath().normalize();
            if (!Files.isDirectory(datadir)) {
                throw new ConfigException("Specified data directory \"" + dd.get() + "\" does not exist.");
            }
        } else {
            datadir = defaultDatadir();
        }
        Optional<Value> confArg = last(commandLine.get("conf"));
        if (confArg.isPresent() && confArg.get().negated()) {
            if (Files.exists(datadir.resolve(CONF_FILENAME))) {
                logLines.add("Data directory \"" + datadir + "\" contains a \"" + CONF_FILENAME
                        + "\" file which is explicitly ignored using -noconf.");
            }
            return;
        }
        boolean explicit = confArg.isPresent() && !confArg.get().text().isEmpty();
        Path conf;
        if (explicit) {
            conf = resolve(datadir, confArg.get().text());
        } else {
            conf = datadir.resolve(CONF_FILENAME);
            if (!Files.exists(conf) && Files.isRegularFile(datadir.resolve(LEGACY_CONF_FILENAME))) {
                conf = datadir.resolve(LEGACY_CONF_FILENAME);
            }
        }
        if (Files.isDirectory(conf)) throw readError("Config file \"" + conf + "\" is a directory.");
        if (Files.exists(conf)) {
            readConfigFile(conf, true);
            configFile = Optional.of(conf);
        } else if (explicit) {
            throw readError("specified config file \"" + conf + "\" could not be opened.");
        }
        // includeconf: from the top section and the network's section of the main file only.
        List<String> includes = configList("includeconf");
        List<Path> included = new ArrayList<>();
        for (String inc : includes) {
            Path p = resolve(datadir, inc);
            if (Files.isDirectory(p)) throw readError("Included config file \"" + p + "\" is a directory.");
            if (!Files.isRegularFile(p)) throw readError("Failed to include configuration file " + inc);
            // An included file may add includeconf to the top section or the network's: take what each gained.
            int topBefore = topSection().getOrDefault("includeconf", List.of()).size();
            int sectionBefore = config.getOrDefault(section(), Map.of()).getOrDefault("includeconf", List.of()).size();
            readConfigFile(p, false);
            included.add(p);
            List<Value> added = new ArrayList<>();
            List<Value> top = topSection().getOrDefault("includeconf", List.of());
            added.addAll(top.subList(topBefore, top.size()));
            List<Value> inSection = config.getOrDefault(section(), Map.of()).getOrDefault("includeconf", List.of());
            added.addAll(inSection.subList(sectionBefore, inSection.size()));
            for (String nested : added.stream().filter(v -> !v.negated()).map(Value::text).toList()) {
                // bitcoind prints this one to stderr (ArgsManager::ReadConfigFiles), where scripts see it.
                consoleWarnings.add("warning: -includeconf cannot be used from included files; ignoring -includeconf=" + nested);
            }
        }
        // A datadir set in the configuration file replaces the default one.
        if (dd.isEmpty()) {
            Optional<Value> fromFile = configValue("datadir");
            if (fromFile.isPresent() && !fromFile.get().negated() && !fromFile.get().text().isEmpty()) {
                Path p = Path.of(fromFile.get().text()).toAbsolutePath().normalize();
                if (!Files.isDirectory(p)) {
                    throw readError("specified data directory \"" + fromFile.get().text() + "\" does not exist.");
                }
                datadir = p;
            }
        }
        checkIgnoredConf(conf, explicit, confArg);
    }

    /** bitcoind refuses to start when the data directory's own bitcoin.conf would be silently ignored. */
    private void checkIgnoredConf(Path used, boolean explicit, Optional<Value> confArg) throws ConfigException {
        if (anyValue("allowignoredconf").map(Value::asBool).orElse(false)) return;
        Path own = datadir.resolve(CONF_FILENAME);
        if (!Files.isRegularFile(own)) return;
        if (sameFile(own, used)) return;
        if (!Files.exists(used)) return;
        String from = explicit
                ? "command line argument \"-conf=" + confArg.orElseThrow().text() + "\""
                : "data directory \"" + used.getParent() + "\"";
        throw new ConfigException("Data directory \"" + datadir + "\" contains a \"" + CONF_FILENAME
                + "\" file which is ignored, because a different configuration file \"" + used + "\" from " + from
                + " is being used instead. Possible ways to address this would be to:\n"
                + "- Delete or rename the \"" + own + "\" file in data directory \"" + datadir + "\".\n"
                + "- Change datadir= or conf= options to specify one configuration file, not two, and use "
                + "includeconf= to include any other configuration files.\n"
                + "- Set allowignoredconf=1 option to treat this condition as a warning, not an error.");
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.exists(b) && Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }

    private Path defaultDatadir() {
        String home = env.getOrDefault("HOME", System.getProperty("user.home"));
        String name = env.getOrDefault("BLOCKSMITH_DEFAULT_DATADIR_NAME", ".blocksmith");
        return Path.of(home).resolve(name).toAbsolutePath().normalize();
    }

    private static Path resolve(Path base, String file) {
        Path p = Path.of(file);
        return (p.isAbsolute() ? p : base.resolve(p)).normalize();
    }

    /** bitcoind's GetConfigOptions + ReadConfigStream for one file. */
    private void readConfigFile(Path file, boolean mainFile) throws ConfigException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw readError(mainFile ? "specified config file \"" + file + "\" could not be opened."
                    : "Failed to include configuration file " + file);
        }
        String prefix = "";
        for (int i = 0; i < lines.size(); i++) {
            int lineNo = i + 1;
            String str = lines.get(i);
            boolean usedHash = false;
            int hash = str.indexOf('#');
            if (hash >= 0) {
                str = str.substring(0, hash);
                usedHash = true;
            }
            str = str.strip();
            if (str.isEmpty()) continue;
            if (str.startsWith("[") && str.endsWith("]")) {
                String section = str.substring(1, str.length() - 1);
                sections.add(new SectionSeen(section, file, lineNo));
                prefix = section + ".";
            } else if (str.startsWith("-")) {
                throw readError("parse error on line " + lineNo + ": " + str
                        + ", options in configuration file must be specified without leading -");
            } else {
                int eq = str.indexOf('=');
                if (eq < 0) {
                    String msg = "parse error on line " + lineNo + ": " + str;
                    if (str.startsWith("no")) msg += ", if you intended to specify a negated option, use " + str + "=1 instead";
                    throw readError(msg);
                }
                String name = prefix + str.substring(0, eq).strip();
                String value = str.substring(eq + 1).strip();
                if (usedHash && name.contains("rpcpassword")) {
                    throw readError("parse error on line " + lineNo + ", using # in rpcpassword can be ambiguous and should be avoided");
                }
                int dot = name.lastIndexOf('.');
                if (dot >= 0 && prefix.length() <= dot) sections.add(new SectionSeen(name.substring(0, dot), file, lineNo));
                storeConfigValue(name, value);
            }
        }
    }

    private void storeConfigValue(String written, String value) throws ConfigException {
        Key key = key(written);
        if (key.name().equals("conf")) {
            throw readError("conf cannot be set in the configuration file; use includeconf= if you want to include additional config files");
        }
        if (key.name().equals("reindex") && !key.negated() && new Value(value, false).asBool()) {
            logLines.add("Warning: reindex=1 is set in the configuration file, which will significantly slow down startup. "
                    + "Consider removing or commenting out this option for better performance, unless there is currently a "
                    + "condition which makes rebuilding the indexes necessary");
        }
        Optional<BitcoindOption> option = option(key.name());
        if (option.isEmpty()) {
            logLines.add("Ignoring unknown configuration value " + written);
            return;
        }
        Optional<String> v = Optional.of(value);
        Value interpreted;
        try {
            interpreted = interpret(key, v, option.get()).orElseThrow();
        } catch (ConfigException e) {
            throw readError(e.getMessage().replaceFirst("^Error parsing command line arguments: ", ""));
        }
        config.computeIfAbsent(key.section(), s -> new LinkedHashMap<>())
                .computeIfAbsent(key.name(), n -> new ArrayList<>()).add(interpreted);
        configOrder.add(new String[] {key.section(), key.name(), interpreted.negated() ? null : interpreted.text()});
    }

    // ---------------------------------------------------------------- network selection

    /**
     * bitcoind's GetChainType: {@code -regtest}, {@code -testnet}, {@code -testnet4}, {@code -signet} and
     * {@code -chain} from the command line or the configuration file's top section; at most one.
     * Returns bitcoind's chain name: main, test, testnet4, signet, regtest, or what -chain names.
     */
    public String chainName() throws ConfigException {
        boolean regtest = chainFlag("regtest");
        boolean testnet = chainFlag("testnet");
        boolean testnet4 = chainFlag("testnet4");
        boolean signet = chainFlag("signet");
        Optional<String> chain = chainValue("chain");
        int n = (regtest ? 1 : 0) + (testnet ? 1 : 0) + (testnet4 ? 1 : 0) + (signet ? 1 : 0) + (chain.isPresent() ? 1 : 0);
        if (n > 1) {
            throw new ConfigException("Invalid combination of -regtest, -signet, -testnet, -testnet4 and -chain. Can use at most one.");
        }
        if (regtest) return "regtest";
        if (testnet) return "test";
        if (testnet4) return "testnet4";
        if (signet) return "signet";
        return chain.orElse("main");
    }

    /** Chain flags: the last assignment wins in every source (bitcoind's exception to "first in file wins"). */
    private boolean chainFlag(String name) {
        Optional<Value> v = last(commandLine.get(name));
        if (v.isEmpty()) v = last(environment.get(name));
        if (v.isEmpty()) v = last(topSection().get(name));
        return v.map(Value::asBool).orElse(false);
    }

    private Optional<String> chainValue(String name) {
        Optional<Value> v = last(commandLine.get(name));
        if (v.isEmpty()) v = last(environment.get(name));
        if (v.isEmpty()) v = last(topSection().get(name));
        return v.filter(x -> !x.negated() && !x.text().isEmpty()).map(Value::text);
    }

    private Map<String, List<Value>> topSection() {
        return config.getOrDefault("", Map.of());
    }

    /** The configuration section that applies: bitcoind's chain names (testnet3 is "test"). */
    private String section() {
        try {
            return chainName();
        } catch (ConfigException e) {
            return "main";
        }
    }

    // ---------------------------------------------------------------- queries (bitcoind's GetSetting / GetSettingsList)

    /**
     * The effective single value: the command line's last, then the environment, then the network section's
     * first, then the top section's first (not for network-only options off main). A negation in the
     * winning source reads as {@link Value#negated()}.
     */
    public Optional<Value> get(String name) {
        boolean skipTop = skipTopSection(name);
        Optional<Value> v = last(commandLine.get(name));
        if (v.isPresent()) return v;
        v = last(environment.get(name));
        if (v.isPresent()) return v;
        v = last(settings.get(name));
        if (v.isPresent()) return v;
        v = firstAfterNegation(config.getOrDefault(section(), Map.of()).get(name));
        if (v.isPresent()) return v;
        if (!skipTop) return firstAfterNegation(topSection().get(name));
        return Optional.empty();
    }

    /** Every value of a list option in bitcoind's order, a negation clearing the lower-precedence sources. */
    public List<String> getList(String name) {
        List<String> out = new ArrayList<>();
        boolean complete = false;
        boolean prevNegatedEmpty = false;
        List<List<Value>> sources = new ArrayList<>();
        sources.add(commandLine.getOrDefault(name, List.of()));
        sources.add(environment.getOrDefault(name, List.of()));
        sources.add(settings.getOrDefault(name, List.of()));
        sources.add(config.getOrDefault(section(), Map.of()).getOrDefault(name, List.of()));
        if (!skipTopSection(name)) sources.add(topSection().getOrDefault(name, List.of()));
        for (int s = 0; s < sources.size(); s++) {
            List<Value> span = sources.get(s);
            if (span.isEmpty()) continue;
            int lastNeg = -1;
            for (int i = 0; i < span.size(); i++) if (span.get(i).negated()) lastNeg = i;
            boolean isConfig = s >= 3;
            // bitcoind's "zombie" config values: a negated-then-set command line brings them back.
            boolean addZombie = isConfig && !prevNegatedEmpty;
            if (!complete || addZombie) {
                for (Value v : span.subList(lastNeg + 1, span.size())) out.add(v.text());
            }
            complete |= lastNeg >= 0;
            prevNegatedEmpty |= span.get(span.size() - 1).negated() && out.isEmpty();
        }
        return out;
    }

    /**
     * Whether the command line (or the environment, read with the same precedence) negates the option anywhere: then
     * bitcoind's GetSettingsList takes nothing from the read-write settings file for it.
     */
    public boolean negatedBeforeSettings(String name) {
        for (Map<String, List<Value>> sec : List.of(commandLine, environment)) {
            for (Value v : sec.getOrDefault(name, List.of())) if (v.negated()) return true;
        }
        return false;
    }

    /** Whether any value of the option came from a double negative ({@code -nofoo=0}): a boolean true. */
    public boolean anyDoubleNegative(String name) {
        for (Map<String, List<Value>> sec : List.of(commandLine, environment, settings, config.getOrDefault(section(), Map.of()), topSection())) {
            for (Value v : sec.getOrDefault(name, List.of())) if (v.doubleNegative()) return true;
        }
        return false;
    }

    public boolean isSet(String name) {
        return get(name).isPresent();
    }

    public boolean isNegated(String name) {
        return get(name).map(Value::negated).orElse(false);
    }

    public boolean getBool(String name, boolean dflt) {
        return get(name).map(Value::asBool).orElse(dflt);
    }

    /** Every option given anywhere that applies to this network. */
    public Set<String> givenNames() {
        Set<String> names = new TreeSet<>(commandLine.keySet());
        names.addAll(environment.keySet());
        names.addAll(settings.keySet());
        names.addAll(config.getOrDefault(section(), Map.of()).keySet());
        for (String n : topSection().keySet()) if (!skipTopSection(n)) names.add(n);
        return names;
    }

    /** bitcoind's GetUnsuitableSectionOnlyArgs: network-only options set only in the top section, off main. */
    public List<String> unsuitableSectionOnlyArgs() {
        List<String> out = new ArrayList<>();
        if (section().equals("main")) return out;
        for (String name : topSection().keySet()) {
            BitcoindOption o = BitcoindOptionTable.find(name).orElse(null);
            if (o == null || !o.networkOnly()) continue;
            if (commandLine.containsKey(name) || environment.containsKey(name) || settings.containsKey(name)) continue;
            if (config.getOrDefault(section(), Map.of()).containsKey(name)) continue;
            out.add("-" + name);
        }
        return out;
    }

    /** Sections met in the files that name no network, as "file:line Section [x] is not recognized.". */
    public List<String> unrecognizedSections() {
        List<String> out = new ArrayList<>();
        for (SectionSeen s : sections) {
            if (!CHAIN_SECTIONS.contains(s.name())) out.add(s.file() + ":" + s.line() + " Section [" + s.name() + "] is not recognized.");
        }
        return out;
    }

    /**
     * Adds the read-write settings file's entries (bitcoind's ReadSettingsFile). Names bitcoind does not know are kept
     * but ignored, as bitcoind logs; the wallets to load are the wallet's own list ({@link SettingsFile#names()}), not
     * an option value here.
     */
    public void applySettings(List<Setting> entries) {
        for (Setting e : entries) {
            if (options.apply(e.name()).isEmpty()) {
                settingsLog.add("Ignoring unknown rw_settings value " + e.name());
            } else if (!e.name().equals("wallet")) {
                settings.put(e.name(), List.copyOf(e.values()));
            }
        }
        for (Setting e : entries) settingsLog.add("Setting file arg: " + e.name() + " = " + e.json());
    }

    /** bitcoind's LogArgs: every assignment in order, sensitive values as ****. */
    public List<String> argsLog() {
        List<String> out = new ArrayList<>();
        List<String> settingLines = new ArrayList<>();
        for (String line : settingsLog) (line.startsWith("Ignoring") ? out : settingLines).add(line);
        for (String[] c : configOrder) {
            String sec = c[0].isEmpty() ? "" : "[" + c[0] + "] ";
            out.add("Config file arg: " + sec + display(c[1], c[2]));
        }
        out.addAll(settingLines);
        for (String[] c : commandLineOrder) out.add("Command-line arg: " + display(c[0], c[1]));
        return out;
    }

    private static String display(String name, String value) {
        boolean sensitive = BitcoindOptionTable.find(name).map(BitcoindOption::sensitive).orElse(false);
        if (value == null) return name + "=false";
        return name + "=" + (sensitive ? "****" : "\"" + value + "\"");
    }

    /** Warnings for stderr, in the order they were met. */
    public List<String> consoleWarnings() {
        return List.copyOf(consoleWarnings);
    }

    public List<String> logLines() {
        return List.copyOf(logLines);
    }

    public Path datadir() {
        return datadir;
    }

    public Optional<Path> configFile() {
        return configFile;
    }

    public Optional<Value> commandLineValue(String name) {
        return last(commandLine.get(name));
    }

    private boolean skipTopSection(String name) {
        if (section().equals("main")) return false;
        return option(name).map(BitcoindOption::networkOnly).orElse(false);
    }

    private Optional<String> commandLineOrEnv(String name) {
        Optional<Value> v = last(commandLine.get(name));
        if (v.isEmpty()) v = last(environment.get(name));
        return v.filter(x -> !x.negated()).map(Value::text);
    }

    private Optional<Value> anyValue(String name) {
        Optional<Value> v = last(commandLine.get(name));
        if (v.isEmpty()) v = last(environment.get(name));
        if (v.isEmpty()) v = firstAfterNegation(topSection().get(name));
        return v;
    }

    /** A value the configuration file gives (top section first, as datadir= must be read before sections). */
    private Optional<Value> configValue(String name) {
        Optional<Value> v = firstAfterNegation(topSection().get(name));
        if (v.isEmpty()) v = firstAfterNegation(config.getOrDefault(section(), Map.of()).get(name));
        return v;
    }

    private List<String> configList(String name) {
        List<String> out = new ArrayList<>();
        for (Value v : topSection().getOrDefault(name, List.of())) if (!v.negated()) out.add(v.text());
        for (Value v : config.getOrDefault(section(), Map.of()).getOrDefault(name, List.of())) if (!v.negated()) out.add(v.text());
        return out;
    }

    private static Optional<Value> last(List<Value> values) {
        if (values == null || values.isEmpty()) return Optional.empty();
        return Optional.of(values.get(values.size() - 1));
    }

    /** The configuration file's rule: the first value after the last negation, or the negation itself. */
    private static Optional<Value> firstAfterNegation(List<Value> values) {
        if (values == null || values.isEmpty()) return Optional.empty();
        int lastNeg = -1;
        for (int i = 0; i < values.size(); i++) if (values.get(i).negated()) lastNeg = i;
        if (lastNeg == values.size() - 1) return Optional.of(Value.NEGATED);
        return Optional.of(values.get(lastNeg + 1));
    }

    /** C's atoi as bitcoind uses it: leading spaces, a sign, digits; anything else stops the number. */
    static long atoi(String s) {
        String t = s.stripLeading();
        int i = 0;
        boolean neg = false;
        if (i < t.length() && (t.charAt(i) == '+' || t.charAt(i) == '-')) {
            neg = t.charAt(i) == '-';
            i++;
        }
        long n = 0;
        while (i < t.length() && Character.isDigit(t.charAt(i)) && n < Long.MAX_VALUE / 10) {
            n = n * 10 + (t.charAt(i) - '0');
            i++;
        }
        return neg ? -n : n;
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    static boolean isChainFlag(String name) {
        return CHAIN_FLAGS.contains(name);
    }
}
