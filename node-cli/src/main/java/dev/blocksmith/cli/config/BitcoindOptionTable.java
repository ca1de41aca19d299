package dev.blocksmith.cli.config;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The options bitcoind 30 registers, read once from {@code bitcoind-options.tsv}. */
public final class BitcoindOptionTable {
    private static final Map<String, BitcoindOption> OPTIONS = load();

    private BitcoindOptionTable() {
    }

    public static Optional<BitcoindOption> find(String name) {
        return Optional.ofNullable(OPTIONS.get(name));
    }

    public static Map<String, BitcoindOption> all() {
        return OPTIONS;
    }

    private static Map<String, BitcoindOption> load() {
        Map<String, BitcoindOption> out = new LinkedHashMap<>();
        try (InputStream in = BitcoindOptionTable.class.getResourceAsStream("/bitcoind-options.tsv")) {
            if (in == null) throw new IllegalStateException("bitcoind-options.tsv is missing from the distribution");
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] f = line.split("\t", -1);
                if (f.length < 3) throw new IllegalStateException("bitcoind-options.tsv: bad row '" + line + "'");
                String flags = f[1];
                String supportText = f[2];
                Optional<String> inert = Optional.empty();
                BitcoindOption.Support support;
                if (supportText.startsWith("inert=")) {
                    support = BitcoindOption.Support.INERT;
                    inert = Optional.of(supportText.substring("inert=".length()));
                } else {
                    support = BitcoindOption.Support.valueOf(supportText.toUpperCase(java.util.Locale.ROOT));
                }
                String note = f.length > 3 ? f[3] : "";
                out.put(f[0], new BitcoindOption(f[0], flags.contains("N"), flags.contains("S"), flags.contains("D"),
                        flags.contains("E"), flags.contains("B"), support, inert, note));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Collections.unmodifiableMap(out);
    }
}
