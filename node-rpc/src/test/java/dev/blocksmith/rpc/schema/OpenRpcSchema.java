package dev.blocksmith.rpc.schema;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blocksmith.rpc.json.RpcJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * bitcoind 30's RPC result schemas (src/test/resources/openrpc/bitcoind-30.0-openrpc.json) as a
 * test oracle for every module's RPC methods: {@code validateResult("getblockcount", result)} lists
 * how a result departs from bitcoind's shape, with the README's leniencies applied.
 *
 * <p>For the 15 methods whose result depends on the arguments (a top-level {@code oneOf}), pass the
 * alternative: a fragment of its description such as {@code "verbosity = 1"} or
 * {@code "action=='start'"}. Without one, any alternative may match.
 */
public final class OpenRpcSchema {
    private static final String RESOURCE = "/openrpc/bitcoind-30.0-openrpc.json";
    private static final Map<String, JsonNode> METHODS = load();

    private OpenRpcSchema() {}

    private static Map<String, JsonNode> load() {
        try (InputStream in = OpenRpcSchema.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException("missing test resource " + RESOURCE);
            JsonNode doc = RpcJson.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)).orElseThrow();
            Map<String, JsonNode> methods = new HashMap<>();
            for (JsonNode m : doc.get("methods")) methods.put(m.get("name").asText(), m);
            return Map.copyOf(methods);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The method object (name, description, params, result, x-bitcoin-category), if bitcoind has the method. */
    public static Optional<JsonNode> method(String name) {
        return Optional.ofNullable(METHODS.get(name));
    }

    /** The result schema of a method; for oneOf results, all alternatives. */
    public static JsonNode resultSchema(String method) {
        JsonNode m = METHODS.get(method);
        if (m == null) throw new IllegalArgumentException("bitcoind 30 has no public RPC method " + method);
        return m.get("result").get("schema");
    }

    /** Violations of the method's result schema; any oneOf alternative may match. */
    public static List<String> validateResult(String method, JsonNode result) {
        return new JsonSchemaValidator(method, Leniency.BITCOIND_30).validate(resultSchema(method), result);
    }

    /**
     * Violations of one alternative of a oneOf result.
     *
     * @param alternative a fragment of the alternative's description, e.g. "verbosity = 2"
     * @throws IllegalArgumentException when no alternative or more than one contains the fragment
     */
    public static List<String> validateResult(String method, JsonNode result, String alternative) {
        JsonNode schema = resultSchema(method);
        if (!schema.has("oneOf")) {
            throw new IllegalArgumentException(method + " has a single result schema; call without an alternative");
        }
        List<JsonNode> matches = new ArrayList<>();
        List<String> descriptions = new ArrayList<>();
        for (JsonNode alt : schema.get("oneOf")) {
            String description = alt.path("description").asText();
            descriptions.add(description);
            if (description.contains(alternative)) matches.add(alt);
        }
        if (matches.size() != 1) {
            throw new IllegalArgumentException("alternative '" + alternative + "' of " + method + " matches "
                    + matches.size() + " of " + descriptions);
        }
        return new JsonSchemaValidator(method, Leniency.BITCOIND_30).validate(matches.get(0), result);
    }

    /** Throws an AssertionError listing the violations, for use in tests. */
    public static void assertValidResult(String method, JsonNode result) {
        failOn(method, result, validateResult(method, result));
    }

    public static void assertValidResult(String method, JsonNode result, String alternative) {
        failOn(method, result, validateResult(method, result, alternative));
    }

    private static void failOn(String method, JsonNode result, List<String> violations) {
        if (!violations.isEmpty()) {
            throw new AssertionError(method + " result does not match bitcoind 30's schema:\n  "
                    + String.join("\n  ", violations) + "\nresult: " + result);
        }
    }
}
