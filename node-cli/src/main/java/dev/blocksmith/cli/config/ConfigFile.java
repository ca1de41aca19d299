package dev.blocksmith.cli.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@code blocksmith.conf} in bitcoin.conf syntax: {@code key=value} lines, {@code #} comments,
 * {@code [main]}/{@code [testnet4]}/{@code [signet]}/{@code [regtest]} sections whose keys apply to
 * that network only (and win over the top section), repeated keys for list options, and
 * {@code nokey=1} negation. A line that is not of that form is an error naming the file and line.
 */
public final class ConfigFile {
    private final Map<String, List<String>> global;
    private final Map<String, Map<String, List<String>>> sections;
    private final Path path;

    private ConfigFile(Path path, Map<String, List<String>> global, Map<String, Map<String, List<String>>> sections) {
        this.path = path;
        this.global = global;
        this.sections = sections;
    }

    public static ConfigFile empty() {
        return new ConfigFile(null, Map.of(), Map.of());
    }

    public static ConfigFile load(Path path) throws ConfigException {
        List<String> lines;
        try {
            lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException("Error reading configuration file " + path + ": " + e.getMessage());
        }
        return parse(path, lines);
    }

    public static ConfigFile parse(Path path, List<String> lines) throws ConfigException {
        Map<String, List<String>> global = new LinkedHashMap<>();
        Map<String, Map<String, List<String>>> sections = new LinkedHashMap<>();
        Map<String, List<String>> current = global;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int hash = line.indexOf('#');
            if (hash >= 0) line = line.substring(0, hash);
            line = line.strip();
            if (line.isEmpty()) continue;
            if (line.startsWith("[") && line.endsWith("]")) {
                String name = line.substring(1, line.length() - 1).strip();
                current = sections.computeIfAbsent(name, k -> new LinkedHashMap<>());
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException("parse error on line " + (i + 1) + " of " + path + ": '" + line
                        + "'" + (line.startsWith("-") ? ", options in configuration file must be specified without leading -" : ""));
            }
            String key = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            if (key.startsWith("-")) {
                throw new ConfigException("parse error on line " + (i + 1) + " of " + path
                        + ": options in configuration file must be specified without leading -");
            }
            // "regtest.rpcport=1" is the same as rpcport=1 in [regtest].
            int dot = key.indexOf('.');
            Map<String, List<String>> target = current;
            if (dot > 0) {
                target = sections.computeIfAbsent(key.substring(0, dot), k -> new LinkedHashMap<>());
                key = key.substring(dot + 1);
            }
            target.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
        return new ConfigFile(path, global, sections);
    }

    public Optional<Path> path() {
        return Optional.ofNullable(path);
    }

    /** Values of {@code key} for {@code network}: the network's section wins over the top section. */
    public List<String> values(String key, String network) {
        Map<String, List<String>> sec = sections.get(network);
        if (sec != null && sec.containsKey(key)) return sec.get(key);
        // As bitcoind, a few options are only honoured inside a network section when not on main.
        return global.getOrDefault(key, List.of());
    }

    /** Keys of the top section (used to find the network before the rest is read). */
    public List<String> globalValues(String key) {
        return global.getOrDefault(key, List.of());
    }

    public java.util.Set<String> allKeys() {
        java.util.Set<String> keys = new java.util.TreeSet<>(global.keySet());
        for (Map<String, List<String>> s : sections.values()) keys.addAll(s.keySet());
        return keys;
    }
}
