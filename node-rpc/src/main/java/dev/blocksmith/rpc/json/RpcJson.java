package dev.blocksmith.rpc.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
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
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

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

    /** A BTC amount as a JSON number with exactly 8 decimals, like bitcoind's ValueFromAmount. */
    public static JsonNode amount(Amount amount) {
        return DecimalNode.valueOf(amount.toBtc());
    }

    /**
     * Parses one complete JSON value. Empty when the text is not valid JSON (including empty input
     * and trailing garbage), which callers turn into their own parse error.
     */
    public static Optional<JsonNode> parse(String text) {
        try {
            JsonNode node = MAPPER.readTree(text);
            if (node == null || node.isMissingNode()) {
                return Optional.empty();
            }
            return Optional.of(node);
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    public static Optional<JsonNode> parse(byte[] utf8) {
        return parse(new String(utf8, StandardCharsets.UTF_8));
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
