package dev.blocksmith.rpc.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.blocksmith.rpc.json.RpcJson;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * bitcoin-cli's conversion of command-line words into JSON-RPC params: arguments the
 * {@link ConvertParamTable} lists are parsed as JSON (numbers, booleans, arrays, objects), all
 * others are sent as strings. With {@code -named}, {@code name=value} words become named params and
 * other words are collected under {@code "args"}.
 */
public final class CliArgumentConverter {
    private final ConvertParamTable table;

    public CliArgumentConverter(ConvertParamTable table) {
        this.table = Objects.requireNonNull(table);
    }

    public static CliArgumentConverter builtIn() {
        return new CliArgumentConverter(ConvertParamTable.builtIn());
    }

    /**
     * Positional conversion (bitcoin-cli without -named).
     *
     * @throws IllegalArgumentException "Error parsing JSON: ..." for an unparsable JSON argument
     */
    public ArrayNode positional(String method, List<String> args) {
        ArrayNode params = RpcJson.array();
        for (String arg : args) {
            params.add(parse(table.byPosition(method, params.size()), arg));
        }
        return params;
    }

    /**
     * Named conversion (bitcoin-cli -named). A word with '=' is a named argument, except when its
     * name is not a known argument of the method and the next positional argument wants JSON and
     * the whole word parses as JSON, or wants a string (so "my=wallet" stays a wallet name). Later
     * values of a name replace earlier ones.
     */
    public ObjectNode named(String method, List<String> args) {
        return (ObjectNode) RpcJson.parse(namedJson(method, args)).orElseThrow();
    }

    /**
     * The named params as JSON text, as bitcoin-cli sends them: later values of a name silently replace
     * earlier ones, and the positional words are appended as a further {@code "args"} key even when an
     * explicit {@code args=} was given, so that the server refuses the doubled key ("Parameter args
     * specified multiple times") instead of the client dropping one of them.
     */
    public String namedJson(String method, List<String> args) {
        ObjectNode params = RpcJson.object();
        ArrayNode positional = RpcJson.array();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq < 0) {
                positional.add(parse(table.byPosition(method, positional.size()), arg));
                continue;
            }
            String name = arg.substring(0, eq);
            String value = arg.substring(eq + 1);
            Optional<ConvertParamTable.Entry> named = table.byName(method, name);
            if (named.isEmpty()) {
                Optional<ConvertParamTable.Entry> next = table.byPosition(method, positional.size());
                if (next.isPresent() && next.get().format() == ConvertParamTable.Format.JSON) {
                    Optional<JsonNode> whole = RpcJson.parse(arg);
                    if (whole.isPresent()) {
                        positional.add(whole.get());
                        continue;
                    }
                } else if (next.isPresent() && next.get().format() == ConvertParamTable.Format.STRING) {
                    positional.add(arg);
                    continue;
                }
            }
            params.set(name, parse(named, value));
        }
        if (positional.isEmpty()) return RpcJson.write(params);
        if (!params.has("args")) {
            params.set("args", positional);
            return RpcJson.write(params);
        }
        String written = RpcJson.write(params);
        return written.substring(0, written.length() - 1) + ",\"args\":" + RpcJson.write(positional) + "}";
    }

    private static JsonNode parse(Optional<ConvertParamTable.Entry> entry, String raw) {
        if (entry.isEmpty() || entry.get().format() == ConvertParamTable.Format.STRING) {
            return TextNode.valueOf(raw);
        }
        Optional<JsonNode> parsed = RpcJson.parse(raw);
        if (parsed.isPresent()) return parsed.get();
        if (entry.get().format() == ConvertParamTable.Format.JSON_OR_STRING) return TextNode.valueOf(raw);
        throw new IllegalArgumentException("Error parsing JSON: " + raw);
    }
}
