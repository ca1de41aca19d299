package dev.blocksmith.cli.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.wallet.StartupWalletList;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * bitcoind's read-write settings file ({@code settings.json} in the network directory, or {@code -settings=FILE};
 * {@code -nosettings} turns it off): a JSON object of option names to values that the node itself changes at run
 * time (the wallets to load at start) and that take precedence over the configuration file. As bitcoind's
 * {@code InitSettings}, it is read and written back at start, so a missing file is created with bitcoind's warning
 * entry, and a damaged one stops the start with bitcoind's message. Values are kept as read, unknown names included.
 */
public final class SettingsFile implements StartupWalletList {
    /** bitcoind's SETTINGS_WARN_MSG_KEY, written first and skipped when read. */
    static final String WARNING_KEY = "_warning_";
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final Path path;
    private final String clientName;
    private final LinkedHashMap<String, JsonNode> values;

    private SettingsFile(Path path, String clientName, LinkedHashMap<String, JsonNode> values) {
        this.path = path;
        this.clientName = clientName;
        this.values = values;
    }

    /**
     * Where the settings file is: {@code -settings}, relative to the network directory, default
     * {@code settings.json}; empty with {@code -nosettings}.
     */
    public static Optional<Path> location(BitcoindArgs args, Path networkDir) {
        Optional<BitcoindArgs.Value> v = args.get("settings");
        if (v.isPresent() && v.get().negated()) return Optional.empty();
        String name = v.map(BitcoindArgs.Value::text).filter(t -> !t.isEmpty()).orElse("settings.json");
        Path p = Path.of(name);
        return Optional.of(p.isAbsolute() ? p : networkDir.resolve(p));
    }

    /** bitcoind's InitSettings: reads the file if it exists, then writes it back (creating it and its folder). */
    public static SettingsFile init(Path path, String clientName) throws ConfigException {
        LinkedHashMap<String, JsonNode> values = new LinkedHashMap<>();
        if (Files.exists(path)) {
            List<String> errors = new ArrayList<>();
            read(path, values, errors);
            if (!errors.isEmpty()) throw new ConfigException("Failed loading settings file:\n- " + String.join("\n- ", errors) + "\n");
        }
        SettingsFile file = new SettingsFile(path, clientName, values);
        try {
            file.write();
        } catch (IOException e) {
            throw new ConfigException("Failed saving settings file:\n- Error: Unable to open settings file " + path + " for writing\n");
        }
        return file;
    }

    /**
     * The file {@link #init} already checked, for the running node to change: read again as it is (a file damaged
     * since then keeps nothing but is rewritten whole at the next change, as bitcoind's in-memory copy would be).
     */
    public static SettingsFile open(Path path, String clientName) {
        LinkedHashMap<String, JsonNode> values = new LinkedHashMap<>();
        if (Files.exists(path)) read(path, values, new ArrayList<>());
        return new SettingsFile(path, clientName, values);
    }

    private static void read(Path path, Map<String, JsonNode> values, List<String> errors) {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            errors.add("Failed reading settings file " + path);
            return;
        }
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            root = null;
        }
        if (root == null || root.isMissingNode()) {
            errors.add("Settings file " + path + " does not contain valid JSON. This is probably caused by disk corruption or a crash, "
                    + "and can be fixed by removing the file, which will reset settings to default values.");
            return;
        }
        if (!root.isObject()) {
            errors.add("Found non-object value " + compact(root) + " in settings file " + path);
            return;
        }
        // Jackson keeps the last of repeated keys; bitcoind refuses the file, naming each repeated key.
        for (String key : duplicateTopLevelKeys(text)) errors.add("Found duplicate key " + key + " in settings file " + path);
        root.fields().forEachRemaining(e -> {
            if (!e.getKey().equals(WARNING_KEY)) values.put(e.getKey(), e.getValue());
        });
    }

    private static List<String> duplicateTopLevelKeys(String text) {
        List<String> duplicates = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        try (JsonParser p = JSON.getFactory().createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) return duplicates;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                if (!seen.add(key) && !duplicates.contains(key)) duplicates.add(key);
                p.nextToken();
                p.skipChildren();
            }
        } catch (IOException e) {
            // Already reported as invalid JSON.
        }
        return duplicates;
    }

    /** bitcoind's UniValue::write(): compact JSON. */
    public static String compact(JsonNode value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public Path path() {
        return path;
    }

    /** The settings read, in file order, bitcoind's warning entry aside. */
    public synchronized Map<String, JsonNode> values() {
        return Map.copyOf(values);
    }

    /** The settings in file order as option values for {@link BitcoindArgs#applySettings}. */
    public synchronized List<BitcoindArgs.Setting> settings() {
        List<BitcoindArgs.Setting> out = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : values.entrySet()) {
            out.add(new BitcoindArgs.Setting(e.getKey(), optionValues(e.getValue()), compact(e.getValue())));
        }
        return out;
    }

    /** bitcoind's settings values as option values: a list is several values, false a negation, null nothing. */
    private static List<BitcoindArgs.Value> optionValues(JsonNode v) {
        List<BitcoindArgs.Value> out = new ArrayList<>();
        if (v.isArray()) {
            for (JsonNode item : v) out.addAll(optionValues(item));
        } else if (v.isBoolean()) {
            out.add(v.booleanValue() ? new BitcoindArgs.Value("1", false) : BitcoindArgs.Value.NEGATED);
        } else if (v.isTextual()) {
            out.add(new BitcoindArgs.Value(v.textValue(), false));
        } else if (v.isNumber()) {
            out.add(new BitcoindArgs.Value(v.asText(), false));
        }
        return out;
    }

    /**
     * bitcoind's wallet init check: every {@code "wallet"} value is a wallet name, never a number, boolean, list or
     * object.
     */
    public synchronized void checkWalletValues() throws ConfigException {
        JsonNode wallets = values.get("wallet");
        if (wallets == null) return;
        List<JsonNode> items = new ArrayList<>();
        if (wallets.isArray()) wallets.forEach(items::add);
        else items.add(wallets);
        for (JsonNode item : items) {
            if (!item.isTextual()) {
                throw new ConfigException("Invalid value detected for '-wallet' or '-nowallet'. '-wallet' requires a string value, "
                        + "while '-nowallet' accepts only '1' to disable all wallets");
            }
        }
    }

    @Override
    public synchronized List<String> names() {
        JsonNode wallets = values.get("wallet");
        List<String> out = new ArrayList<>();
        if (wallets == null) return out;
        if (wallets.isTextual()) out.add(wallets.textValue());
        else if (wallets.isArray()) wallets.forEach(w -> {
            if (w.isTextual()) out.add(w.textValue());
        });
        return out;
    }

    @Override
    public synchronized boolean isSet() {
        return values.containsKey("wallet");
    }

    @Override
    public synchronized void useUnnamedWalletWithoutSaving() {
        values.put("wallet", JsonNodeFactory.instance.arrayNode().add(""));
    }

    @Override
    public synchronized void add(String name) throws IOException {
        List<String> names = names();
        if (names.contains(name)) return;
        names.add(name);
        putWallets(names);
    }

    @Override
    public synchronized void remove(String name) throws IOException {
        List<String> names = names();
        if (!names.remove(name)) return;
        putWallets(names);
    }

    private void putWallets(List<String> names) throws IOException {
        ArrayNode list = JsonNodeFactory.instance.arrayNode();
        names.forEach(list::add);
        values.put("wallet", list);
        write();
    }

    /** Replaces the file atomically: bitcoind's warning entry first, then every setting, four-space indented. */
    private void write() throws IOException {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put(WARNING_KEY, "This file is automatically generated and updated by " + clientName
                + ". Please do not edit this file while the node is running, as any changes might be ignored or overwritten.");
        values.forEach(root::set);
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withObjectIndenter(new DefaultIndenter("    ", "\n"))
                .withArrayIndenter(new DefaultIndenter("    ", "\n"));
        String text = JSON.writer(printer).writeValueAsString(root) + "\n";
        Path parent = path.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = parent.resolve(path.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
