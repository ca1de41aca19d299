package dev.blocksmith.cli.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Turns bitcoind's effective settings ({@link BitcoindArgs}) into the arguments of {@code blocksmith node}'s
 * typed options, and decides what happens to each bitcoind option Blocksmith does not have: honoured when
 * Blocksmith already behaves as the value asks, one warning when it is not implemented, an error when
 * ignoring it would be unsafe.
 */
public final class NodeArgBinder {
    /** Options read by {@link BitcoindArgs} itself or passed on explicitly below. */
    private static final Set<String> HANDLED = Set.of("datadir", "conf", "includeconf", "allowignoredconf", "settings",
            "regtest", "testnet", "testnet4", "signet", "chain", "?", "h", "help", "help-debug", "version");
    /**
     * Options whose negation means "none" for Blocksmith's list option: {@code -noconnect} is bitcoind's
     * "no automatic connections", which Blocksmith's -connect spells 0.
     */
    private static final Map<String, String> NEGATION_VALUE = Map.of("connect", "0", "debuglogfile", "0", "pid", "0", "rpccookiefile", "0", "onion", "0", "proxy", "0");

    private NodeArgBinder() {
    }

    /**
     * The arguments for picocli, the lines to log once logging runs, the warnings bitcoind prints at start, and an
     * error bitcoind reports only once its debug.log is open (in AppInitMain), so the network directory and its
     * debug.log exist when the start fails.
     */
    public record Bound(List<String> args, List<String> logLines, List<String> initWarnings, Optional<String> lateInitError,
                        boolean startupWalletsFromSettings) {
    }

    public static Bound bind(BitcoindArgs a, CommandSpec spec) throws ConfigException {
        Map<String, OptionSpec> ours = new LinkedHashMap<>();
        for (OptionSpec o : spec.options()) {
            for (String n : o.names()) ours.putIfAbsent(n.replaceFirst("^-+", ""), o);
        }
        List<String> args = new ArrayList<>();
        List<String> log = new ArrayList<>(a.logLines());
        List<String> warnings = new ArrayList<>();
        args.add("-datadir=" + a.datadir());
        a.configFile().ifPresent(c -> args.add("-conf=" + c));
        args.add("-chain=" + a.chainName());

        List<String> unsuitable = a.unsuitableSectionOnlyArgs();
        if (!unsuitable.isEmpty()) {
            String chain = a.chainName();
            List<String> lines = new ArrayList<>();
            for (String arg : unsuitable) {
                lines.add("Config setting for " + arg + " only applied on " + chain + " network when in [" + chain + "] section.");
            }
            throw new ConfigException(String.join("\n", lines));
        }
        // bitcoind's wallet init: -wallet takes names; -nowallet=0 would make it a boolean.
        if (a.anyDoubleNegative("wallet")) {
            throw new ConfigException("Invalid value detected for '-wallet' or '-nowallet'. '-wallet' requires a string value, "
                    + "while '-nowallet' accepts only '1' to disable all wallets");
        }
        // Stale fee estimates may be read on regtest only (bitcoind's -acceptstalefeeestimates, checked where its
        // fee estimator is made, after logging started).
        Optional<String> lateInitError = Optional.empty();
        if (a.getBool("acceptstalefeeestimates", false) && !a.chainName().equals("regtest")) {
            lateInitError = Optional.of("acceptstalefeeestimates is not supported on " + a.chainName() + " chain.");
        }
        if (a.chainName().equals("test")) {
            log.add("Warning: Support for testnet3 is deprecated and will be removed in an upcoming release. Consider switching to testnet4.");
        }
        List<String> sections = a.unrecognizedSections();
        if (!sections.isEmpty()) warnings.add(String.join("\n", sections));

        for (String name : a.givenNames()) {
            if (HANDLED.contains(name)) continue;
            OptionSpec o = ours.get(name);
            if (o != null && name.equals("wallet")) {
                bindWallets(a, args, warnings);
                continue;
            }
            if (o != null) {
                bindOurs(a, name, o, args);
                continue;
            }
            BitcoindOption b = a.option(name).orElseThrow();
            Optional<BitcoindArgs.Value> v = a.get(name);
            boolean effectivelyOff = v.map(x -> x.negated() || (!x.text().isEmpty() && BitcoindArgs.atoi(x.text()) == 0
                    && x.text().strip().matches("[+-]?0*"))).orElse(true);
            switch (b.support()) {
                case OURS, INTERNAL -> {
                }
                case INERT -> {
                    String inert = b.inertValue().orElse("0");
                    boolean asked = v.map(BitcoindArgs.Value::asBool).orElse(false);
                    boolean same = inert.equals("1") || inert.equals("0") ? asked == inert.equals("1") : v.map(x -> x.text().equals(inert)).orElse(true);
                    if (!same) log.add(notImplemented(name, b));
                }
                case TODO -> log.add(notImplemented(name, b));
                // bitcoind's text, an init warning (stderr and the log).
                case OBSOLETE -> warnings.add("Option '-" + name + "' is set but no longer has any effect (see release notes). "
                        + "Please remove it from your configuration.");
                case REFUSE -> {
                    if (!effectivelyOff) throw new ConfigException(b.note().isEmpty() ? "-" + name + " is not supported by Blocksmith" : b.note());
                }
                default -> throw new IllegalStateException(b.support().name());
            }
        }
        // bitcoind 30 warns as a wallet loads with -paytxfee set; Blocksmith checks wallet options once, at start.
        if (a.get("paytxfee").isPresent()) warnings.add("-paytxfee is deprecated and will be fully removed in v31.0.");
        return new Bound(List.copyOf(args), List.copyOf(log), List.copyOf(warnings), lateInitError,
                !a.negatedBeforeSettings("wallet"));
    }

    private static String notImplemented(String name, BitcoindOption b) {
        return "Warning: option -" + name + " is not implemented by Blocksmith and has no effect"
                + (b.note().isEmpty() ? "" : " (" + b.note() + ")");
    }

    /** bitcoind's VerifyWallets: a wallet named twice loads once, with an init warning. */
    private static void bindWallets(BitcoindArgs a, List<String> args, List<String> warnings) {
        java.util.Set<java.nio.file.Path> seen = new java.util.HashSet<>();
        for (String w : a.getList("wallet")) {
            if (!seen.add(java.nio.file.Path.of(w).normalize())) {
                warnings.add("Ignoring duplicate -wallet " + w + ".");
                continue;
            }
            args.add("-wallet=" + w);
        }
    }

    private static void bindOurs(BitcoindArgs a, String name, OptionSpec o, List<String> args) {
        boolean bool = o.type() == boolean.class || o.type() == Boolean.class;
        if (bool) {
            a.get(name).ifPresent(v -> args.add("-" + name + "=" + (v.asBool() ? "1" : "0")));
        } else if (o.isMultiValue()) {
            List<String> values = a.getList(name);
            if (values.isEmpty() && a.isNegated(name) && NEGATION_VALUE.containsKey(name)) {
                args.add("-" + name + "=" + NEGATION_VALUE.get(name));
            }
            for (String v : values) args.add("-" + name + "=" + v);
        } else {
            a.get(name).ifPresent(v -> {
                if (v.negated()) {
                    if (NEGATION_VALUE.containsKey(name)) args.add("-" + name + "=" + NEGATION_VALUE.get(name));
                } else {
                    args.add("-" + name + "=" + v.text());
                }
            });
        }
    }
}
