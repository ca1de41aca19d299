package dev.blocksmith.rpc.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.core.primitives.Amount;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.io.IOException;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.util.Set;

/**
 * The one JSON configuration of the RPC layer. Numbers are read as exact {@link java.math.BigDecimal}s
 * (an amount like {@code 0.1} must never pass through a double) and written back in plain notation,
 * so BTC amounts come out as {@code 50.00000000} the way bitcoind writes them.
 */
public final class RpcJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .nodeFactory(NODES)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            // bitcoind's parser rejects anything after the top-level value ("{}x" is a parse error).
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    private RpcJson() {}

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static JsonNodeFactory nodes() {
        return NODES;
    }

    public static ObjectNode object() {
        return NODES.objectNode();
    }

    public static ArrayNode array() {
        return NODES.arrayNode();
    }

    /**
     * The tree of what {@code writer} writes: renderers that stream large results (getblock verbosity 2) write once,
     * and callers that need a tree to add fields to get the same value as nodes.
     */
    public static JsonNode tree(StreamedJson.Writer writer) {
        try (com.fasterxml.jackson.databind.util.TokenBuffer buffer = new com.fasterxml.jackson.databind.util.TokenBuffer(MAPPER, false)) {
            writer.write(buffer);
            try (JsonParser p = buffer.asParser(MAPPER)) {
                return MAPPER.readTree(p);
            }
        } catch (IOException e) {
            // Writing into memory cannot fail; a renderer that does is a programming error.
            throw new UncheckedIOException(e);
        }
    }

    /** A BTC amount as a JSON number with exactly 8 decimals, like bitcoind's ValueFromAmount. */
    public static JsonNode amount(Amount amount) {
        return DecimalNode.valueOf(amount.toBtc());
    }

    /**
     * Parses one complete JSON value. Empty when the text is not valid JSON (including empty input
     * and trailing garbage), which callers turn into their own parse error.
     */
    public static Optional<JsonNode> parse(String text) {
        try (JsonParser p = MAPPER.getFactory().createParser(text)) {
            JsonToken first = p.nextToken();
            if (first == null) return Optional.empty();
            JsonNode node = read(p, first);
            // bitcoind's parser rejects anything after the top-level value ("{}x" is a parse error).
            if (p.nextToken() != null) return Optional.empty();
            return Optional.of(node);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * The tree of one value, the parser on its first token. Built here rather than by Jackson's readTree so
     * that an object giving a key twice keeps both pairs as UniValue does ({@link RepeatedKeysObjectNode}).
     */
    private static JsonNode read(JsonParser p, JsonToken t) throws IOException {
        switch (t) {
            case START_OBJECT: {
                List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
                Set<String> keys = new HashSet<>();
                boolean repeated = false;
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    entries.add(Map.entry(key, read(p, p.nextToken())));
                    if (!keys.add(key)) repeated = true;
                }
                if (repeated) return new RepeatedKeysObjectNode(NODES, entries);
                ObjectNode o = NODES.objectNode();
                for (Map.Entry<String, JsonNode> e : entries) o.set(e.getKey(), e.getValue());
                return o;
            }
            case START_ARRAY: {
                ArrayNode a = NODES.arrayNode();
                JsonToken next;
                while ((next = p.nextToken()) != JsonToken.END_ARRAY) a.add(read(p, next));
                return a;
            }
            case VALUE_STRING:
                return NODES.textNode(p.getText());
            case VALUE_NUMBER_INT:
                return switch (p.getNumberType()) {
                    case INT -> NODES.numberNode(p.getIntValue());
                    case LONG -> NODES.numberNode(p.getLongValue());
                    default -> NODES.numberNode(p.getBigIntegerValue());
                };
            case VALUE_NUMBER_FLOAT:
                // Exact decimals: an amount like 0.1 must never pass through a double.
                return NODES.numberNode(p.getDecimalValue());
            case VALUE_TRUE:
                return NODES.booleanNode(true);
            case VALUE_FALSE:
                return NODES.booleanNode(false);
            case VALUE_NULL:
                return NODES.nullNode();
            default:
                throw new JsonParseException(p, "unexpected token " + t);
        }
    }

    /**
     * An object's key/value pairs in order, a key given more than once (bitcoind's UniValue keeps them)
     * included each time.
     */
    public static List<Map.Entry<String, JsonNode>> entries(JsonNode object) {
        if (object instanceof RepeatedKeysObjectNode r) return r.entries();
        List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
        object.fields().forEachRemaining(out::add);
        return out;
    }

    public static Optional<JsonNode> parse(byte[] utf8) {
        return parse(new String(utf8, StandardCharsets.UTF_8));
    }

    /**
     * {@link #write} as UTF-8 bytes ending in a newline, as bitcoind ends a reply: written straight into one buffer, so
     * that a reply of megabytes is not also held as a String and its copies.
     */
    public static byte[] writeLine(JsonNode node) {
        ByteArrayBuilder out = new ByteArrayBuilder();
        try {
            MAPPER.writeValue(out, node);
            out.write('\n');
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            out.release();
        }
    }

    /** {@link #writeLine(JsonNode)} into {@code out}, as it is produced (a streamed reply). */
    public static void writeLine(JsonNode node, java.io.OutputStream out) throws IOException {
        MAPPER.writeValue(out, node);
        out.write('\n');
    }

    /** Compact JSON without spaces, the shape bitcoind puts on the wire. */
    public static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            // A tree of plain JsonNodes always serialises; failing here is a programming error.
            throw new UncheckedIOException(e);
        }
    }
}
