package dev.blocksmith.rpc.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;

/**
 * Pretty-prints JSON exactly as bitcoind's UniValue::write(indent) does. bitcoin-cli prints results
 * with indent 2 and bitcoind embeds indent-4 JSON in some error messages; both differ from Jackson's
 * pretty printer in small ways users and scripts notice (": " after keys, empty containers printed
 * as a bracket pair on two lines).
 */
public final class UniValueFormat {
    private UniValueFormat() {}

    public static String write(JsonNode node, int indent) {
        StringBuilder out = new StringBuilder();
        write(node, indent, 0, out);
        return out.toString();
    }

    private static void write(JsonNode node, int indent, int level, StringBuilder out) {
        // UniValue starts containers at level 1 so the closing bracket of the root has no indent.
        int containerLevel = level == 0 ? 1 : level;
        switch (JsonType.of(node)) {
            case NULL -> out.append("null");
            case BOOL -> out.append(node.booleanValue() ? "true" : "false");
            case STRING -> appendString(node.textValue(), out);
            case NUMBER -> out.append(numberText(node));
            case ARRAY -> writeArray(node, indent, containerLevel, out);
            case OBJECT -> writeObject(node, indent, containerLevel, out);
        }
    }

    private static void writeArray(JsonNode array, int indent, int level, StringBuilder out) {
        out.append('[');
        if (indent > 0) out.append('\n');
        int n = array.size();
        for (int i = 0; i < n; i++) {
            if (indent > 0) pad(indent, level, out);
            write(array.get(i), indent, level + 1, out);
            if (i != n - 1) out.append(',');
            if (indent > 0) out.append('\n');
        }
        if (indent > 0) pad(indent, level - 1, out);
        out.append(']');
    }

    private static void writeObject(JsonNode object, int indent, int level, StringBuilder out) {
        out.append('{');
        if (indent > 0) out.append('\n');
        Iterator<Map.Entry<String, JsonNode>> it = object.properties().iterator();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (indent > 0) pad(indent, level, out);
            appendString(e.getKey(), out);
            out.append(':');
            if (indent > 0) out.append(' ');
            write(e.getValue(), indent, level + 1, out);
            if (it.hasNext()) out.append(',');
            if (indent > 0) out.append('\n');
        }
        if (indent > 0) pad(indent, level - 1, out);
        out.append('}');
    }

    private static void pad(int indent, int level, StringBuilder out) {
        out.repeat(' ', indent * level);
    }

    /** Numbers keep their exact decimal digits (amounts stay "0.10000000"). */
    static String numberText(JsonNode node) {
        if (node.isBigDecimal()) {
            BigDecimal d = node.decimalValue();
            return d.toPlainString();
        }
        if (node.isIntegralNumber()) {
            return node.bigIntegerValue().toString();
        }
        return node.asText();
    }

    /** JSON string escaping as UniValue's json_escape: quotes, backslash and control characters. */
    private static void appendString(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
