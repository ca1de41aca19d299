package dev.blocksmith.cli.config;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Supplies option values that were not given as flags: first from {@code BLOCKSMITH_*} environment
 * variables, then from the config file (the network's section first). Together with picocli's own
 * flag parsing this gives the documented precedence: flags > environment > config file > defaults.
 */
public final class SettingsProvider implements CommandLine.IDefaultValueProvider {
    public static final String ENV_PREFIX = "BLOCKSMITH_";

    private final Map<String, String> env;
    private final ConfigFile config;
    private final String network;

    public SettingsProvider(Map<String, String> env, ConfigFile config, String network) {
        this.env = env;
        this.config = config;
        this.network = network;
    }

    /** The option's key as used in the config file: its first name without dashes. */
    public static String key(OptionSpec o) {
        return o.names()[0].replaceFirst("^-+", "");
    }

    /** Every distinct key the option answers to (aliases such as -gen for -mine). */
    static java.util.Set<String> keys(OptionSpec o) {
        java.util.Set<String> keys = new java.util.LinkedHashSet<>();
        for (String n : o.names()) keys.add(n.replaceFirst("^-+", ""));
        return keys;
    }

    public static String envName(String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_');
    }

    @Override
    public String defaultValue(ArgSpec spec) {
        if (!(spec instanceof OptionSpec o)) return null;
        for (String key : keys(o)) {
            String v = lookup(o, key);
            if (v != null) return v;
        }
        return null;
    }

    private String lookup(OptionSpec o, String key) {
        String fromEnv = env.get(envName(key));
        if (fromEnv != null) return fromEnv;
        List<String> values = config.values(key, network);
        if (values.isEmpty()) {
            // bitcoind's negation: "notxindex=1" in the file turns a boolean off.
            List<String> negated = config.values("no" + key, network);
            if (!negated.isEmpty() && BitcoindBoolean.parse(negated.get(negated.size() - 1))) return "0";
            return null;
        }
        if (o.isMultiValue()) return String.join(",", values);
        // The last assignment wins for single-valued options.
        return values.get(values.size() - 1);
    }
}
