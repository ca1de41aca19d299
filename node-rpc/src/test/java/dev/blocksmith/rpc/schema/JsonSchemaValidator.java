package dev.blocksmith.rpc.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validates JSON against the subset of JSON Schema (2020-12) the bitcoind OpenRPC document uses:
 * type, properties, required, additionalProperties, items, prefixItems, minItems, maxItems, oneOf
 * and pattern. Leniencies for known differences between the generated schemas and real bitcoind
 * output are applied at the points where they occur (see {@link Leniency}).
 */
final class JsonSchemaValidator {
    private static final String HEX_PATTERN = "^[0-9a-fA-F]+$";

    private final String method;
    private final List<Leniency> leniencies;

    JsonSchemaValidator(String method, List<Leniency> leniencies) {
        this.method = method;
        this.leniencies = leniencies;
    }

    /** Violations found, each prefixed with a JSON path like {@code $.tx[0].fee}; empty when valid. */
    List<String> validate(JsonNode schema, JsonNode value) {
        List<String> errors = new ArrayList<>();
        validate(schema, value, "$", errors);
        return errors;
    }

    private void validate(JsonNode schema, JsonNode value, String path, List<String> errors) {
        String generic = path.replaceAll("\\[\\d+]", "[]");
        for (Leniency l : leniencies) {
            if (l.method().equals(method) && l.path().equals(generic) && l.alsoAccepts().test(value)) {
                return;
            }
        }
        if (schema.has("oneOf")) {
            List<String> firstFailure = null;
            for (JsonNode alternative : schema.get("oneOf")) {
                List<String> altErrors = new ArrayList<>();
                validate(alternative, value, path, altErrors);
                if (altErrors.isEmpty()) {
                    // Alternatives overlap in bitcoind's schemas; any match is a match.
                    return;
                }
                if (firstFailure == null) firstFailure = altErrors;
            }
            errors.add(path + ": matches no oneOf alternative; first alternative says: " + firstFailure);
            return;
        }
        if (schema.has("type") && !typeMatches(schema, value, path, errors)) {
            return;
        }
        if (value.isTextual() && schema.has("pattern")) {
            String pattern = schema.get("pattern").asText();
            String s = value.textValue();
            // bitcoind writes "" for empty scripts and witness items although the pattern needs a digit.
            boolean emptyHex = pattern.equals(HEX_PATTERN) && s.isEmpty();
            if (!emptyHex && !Pattern.compile(pattern).matcher(s).find()) {
                errors.add(path + ": \"" + s + "\" does not match " + pattern);
            }
        }
        if (value.isObject()) {
            validateObject(schema, value, path, generic, errors);
        }
        if (value.isArray()) {
            validateArray(schema, value, path, errors);
        }
    }

    private boolean typeMatches(JsonNode schema, JsonNode value, String path, List<String> errors) {
        String type = schema.get("type").asText();
        boolean amount = "amount".equals(schema.path("x-bitcoin-unit").asText());
        boolean ok = switch (type) {
            case "string" -> value.isTextual() || (amount && value.isNumber());
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            case "null" -> value.isNull();
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            default -> throw new IllegalArgumentException("schema type not supported: " + type);
        };
        if (!ok) {
            errors.add(path + ": expected " + type + (amount ? " (amount)" : "") + ", got " + describe(value));
        }
        if (ok && amount && value.isNumber() && !isAmountNumber(value)) {
            errors.add(path + ": amount needs at most 8 decimals, got " + value);
        }
        return ok;
    }

    /** bitcoind writes amounts as numbers with 8 decimals (ValueFromAmount). */
    private static boolean isAmountNumber(JsonNode value) {
        if (!value.isNumber()) return false;
        BigDecimal d = value.decimalValue();
        return d.stripTrailingZeros().scale() <= 8;
    }

    private void validateObject(JsonNode schema, JsonNode value, String path, String generic, List<String> errors) {
        JsonNode properties = schema.path("properties");
        if (schema.has("required")) {
            Set<String> exempt = new HashSet<>();
            for (Leniency l : leniencies) {
                if (l.method().equals(method) && l.path().equals(generic)) exempt.addAll(l.optionalKeys());
            }
            for (JsonNode key : schema.get("required")) {
                if (!value.has(key.asText()) && !exempt.contains(key.asText())) {
                    errors.add(path + ": missing required key \"" + key.asText() + "\"");
                }
            }
        }
        JsonNode additional = schema.path("additionalProperties");
        for (Leniency l : leniencies) {
            if (l.method().equals(method) && l.path().equals(generic) && l.open()) additional = BooleanNode.TRUE;
        }
        Iterator<Map.Entry<String, JsonNode>> fields = value.properties().iterator();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String childPath = path + "." + field.getKey();
            if (properties.has(field.getKey())) {
                validate(properties.get(field.getKey()), field.getValue(), childPath, errors);
            } else if (additional.isBoolean() && !additional.booleanValue()) {
                errors.add(path + ": unexpected key \"" + field.getKey() + "\"");
            } else if (additional.isObject()) {
                validate(additional, field.getValue(), childPath, errors);
            }
        }
    }

    private void validateArray(JsonNode schema, JsonNode value, String path, List<String> errors) {
        if (schema.has("minItems") && value.size() < schema.get("minItems").asInt()) {
            errors.add(path + ": needs at least " + schema.get("minItems").asInt() + " items, has " + value.size());
        }
        if (schema.has("maxItems") && value.size() > schema.get("maxItems").asInt()) {
            errors.add(path + ": allows at most " + schema.get("maxItems").asInt() + " items, has " + value.size());
        }
        JsonNode prefix = schema.path("prefixItems");
        for (int i = 0; i < value.size(); i++) {
            String childPath = path + "[" + i + "]";
            if (prefix.isArray() && i < prefix.size()) {
                validate(prefix.get(i), value.get(i), childPath, errors);
            } else if (schema.has("items")) {
                validate(schema.get("items"), value.get(i), childPath, errors);
            }
        }
    }

    private static String describe(JsonNode value) {
        String text = value.toString();
        return value.getNodeType().name().toLowerCase() + " " + (text.length() > 60 ? text.substring(0, 60) + "…" : text);
    }
}
