package dev.blocksmith.p2p.tor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One reply of the Tor control protocol: its status code (250 for success) and its lines without the code and the
 * separator ({@code 250-}, {@code 250+} data lines, the final {@code 250 }).
 */
public record TorControlReply(int code, List<String> lines) {
    public TorControlReply {
        lines = List.copyOf(lines);
    }

    /** "AUTH METHODS=..." → ("AUTH", "METHODS=..."), bitcoind's SplitTorReplyLine. */
    static Map.Entry<String, String> splitLine(String line) {
        int space = line.indexOf(' ');
        return space < 0 ? Map.entry(line, "") : Map.entry(line.substring(0, space), line.substring(space + 1));
    }

    /**
     * The {@code KEY=VALUE} pairs of a reply line, values plain (up to a space) or quoted with C escapes, as
     * bitcoind's ParseTorReplyMapping; empty for a malformed line.
     */
    static Optional<Map<String, String>> mapping(String s) {
        Map<String, String> out = new LinkedHashMap<>();
        int i = 0;
        while (i < s.length()) {
            int eq = s.indexOf('=', i);
            if (eq < 0) return Optional.empty();
            String key = s.substring(i, eq);
            if (key.contains(" ")) return Optional.empty();
            i = eq + 1;
            StringBuilder value = new StringBuilder();
            if (i < s.length() && s.charAt(i) == '"') {
                i++;
                boolean closed = false;
                while (i < s.length()) {
                    char c = s.charAt(i++);
                    if (c == '"') {
                        closed = true;
                        break;
                    }
                    if (c != '\\') {
                        value.append(c);
                        continue;
                    }
                    if (i >= s.length()) return Optional.empty();
                    char e = s.charAt(i++);
                    switch (e) {
                        case 'n' -> value.append('\n');
                        case 't' -> value.append('\t');
                        case 'r' -> value.append('\r');
                        case '0', '1', '2', '3', '4', '5', '6', '7' -> {
                            // up to three octal digits
                            int v = e - '0';
                            for (int k = 0; k < 2 && i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '7'; k++) {
                                v = v * 8 + (s.charAt(i++) - '0');
                            }
                            value.append((char) (v & 0xff));
                        }
                        default -> value.append(e);
                    }
                }
                if (!closed) return Optional.empty();
            } else {
                while (i < s.length() && s.charAt(i) != ' ') value.append(s.charAt(i++));
            }
            if (i < s.length() && s.charAt(i) == ' ') i++;
            out.put(key, value.toString());
        }
        return Optional.of(out);
    }
}
