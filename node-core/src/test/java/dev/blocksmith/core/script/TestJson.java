package dev.blocksmith.core.script;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small JSON reader for the test vector files (node-core has no JSON library). Produces List, Map,
 * String, BigDecimal, Boolean and null.
 */
final class TestJson {
    private final String s;
    private int pos;

    private TestJson(String s) {
        this.s = s;
    }

    static Object parse(String text) {
        TestJson p = new TestJson(text);
        Object v = p.value();
        p.ws();
        if (p.pos != p.s.length()) throw new IllegalArgumentException("trailing JSON at " + p.pos);
        return v;
    }

    static String resource(String path) {
        try (InputStream in = TestJson.class.getResourceAsStream(path)) {
            if (in == null) throw new IllegalArgumentException("missing test resource " + path);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Object load(String path) {
        return parse(resource(path));
    }

    private void ws() {
        while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) pos++;
    }

    private Object value() {
        ws();
        char c = s.charAt(pos);
        switch (c) {
            case '[' -> {
                pos++;
                List<Object> list = new ArrayList<>();
                ws();
                if (s.charAt(pos) == ']') {
                    pos++;
                    return list;
                }
                while (true) {
                    list.add(value());
                    ws();
                    char d = s.charAt(pos++);
                    if (d == ']') return list;
                    if (d != ',') throw new IllegalArgumentException("expected , at " + pos);
                }
            }
            case '{' -> {
                pos++;
                Map<String, Object> map = new LinkedHashMap<>();
                ws();
                if (s.charAt(pos) == '}') {
                    pos++;
                    return map;
                }
                while (true) {
                    ws();
                    String k = string();
                    ws();
                    if (s.charAt(pos++) != ':') throw new IllegalArgumentException("expected : at " + pos);
                    map.put(k, value());
                    ws();
                    char d = s.charAt(pos++);
                    if (d == '}') return map;
                    if (d != ',') throw new IllegalArgumentException("expected , at " + pos);
                }
            }
            case '"' -> {
                return string();
            }
            default -> {
                if (s.startsWith("true", pos)) {
                    pos += 4;
                    return Boolean.TRUE;
                }
                if (s.startsWith("false", pos)) {
                    pos += 5;
                    return Boolean.FALSE;
                }
                if (s.startsWith("null", pos)) {
                    pos += 4;
                    return null;
                }
                int start = pos;
                while (pos < s.length() && "+-0123456789.eE".indexOf(s.charAt(pos)) >= 0) pos++;
                return new BigDecimal(s.substring(start, pos));
            }
        }
    }

    private String string() {
        if (s.charAt(pos++) != '"') throw new IllegalArgumentException("expected string at " + pos);
        StringBuilder b = new StringBuilder();
        while (true) {
            char c = s.charAt(pos++);
            if (c == '"') return b.toString();
            if (c == '\\') {
                char e = s.charAt(pos++);
                switch (e) {
                    case 'n' -> b.append('\n');
                    case 't' -> b.append('\t');
                    case 'r' -> b.append('\r');
                    case 'b' -> b.append('\b');
                    case 'f' -> b.append('\f');
                    case 'u' -> {
                        b.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
                        pos += 4;
                    }
                    default -> b.append(e);
                }
            } else {
                b.append(c);
            }
        }
    }
}
