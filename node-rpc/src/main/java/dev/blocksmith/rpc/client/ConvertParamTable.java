package dev.blocksmith.rpc.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which command-line arguments {@code blocksmith cli} parses as JSON, per method and position or
 * name: bitcoin-cli's vRPCConvertParams table, kept as data in {@code rpc-convert-params.tsv}.
 */
public final class ConvertParamTable {
    /** How an argument is turned into a JSON value. */
    public enum Format {
        /** Parse as JSON; an unparsable argument is an error. */
        JSON,
        /** Always a string (listed so that {@code -named} keeps "a=b" values positional). */
        STRING,
        /** Parse as JSON, or pass the raw text as a string when it does not parse. */
        JSON_OR_STRING
    }

    /** One row: argument {@code position}/{@code name} of {@code method} uses {@code format}. */
    public record Entry(String method, int position, String name, Format format) {}

    private static final ConvertParamTable BUILT_IN = load();

    private final List<Entry> entries;

    private ConvertParamTable(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    public static ConvertParamTable builtIn() {
        return BUILT_IN;
    }

    public List<Entry> entries() {
        return entries;
    }

    /** The first row for a method and position, as bitcoin-cli's FromPosition. */
    public Optional<Entry> byPosition(String method, int position) {
        return entries.stream().filter(e -> e.method().equals(method) && e.position() == position).findFirst();
    }

    /** The first row for a method and argument name, as bitcoin-cli's FromName. */
    public Optional<Entry> byName(String method, String name) {
        return entries.stream().filter(e -> e.method().equals(method) && e.name().equals(name)).findFirst();
    }

    private static ConvertParamTable load() {
        List<Entry> entries = new ArrayList<>();
        try (InputStream in = ConvertParamTable.class.getResourceAsStream("rpc-convert-params.tsv")) {
            if (in == null) throw new IllegalStateException("rpc-convert-params.tsv missing from the classpath");
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] f = line.split("\t");
                if (f.length != 4) throw new IllegalStateException("bad convert table row: " + line);
                entries.add(new Entry(f[0], Integer.parseInt(f[1]), f[2], Format.valueOf(f[3])));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ConvertParamTable(entries);
    }
}
