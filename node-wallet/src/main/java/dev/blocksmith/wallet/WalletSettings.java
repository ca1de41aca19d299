package dev.blocksmith.wallet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The wallets to load at startup, kept as bitcoind keeps them: {@code settings.json} in the network
 * datadir holding {@code {"wallet": ["name", ...]}}. Only that key is read or written; the file is
 * replaced atomically. The reader accepts exactly the JSON shape the writer produces (plus whitespace). For a
 * wallet directory of its own (tests, tools); the node's settings file, which holds other settings too, is
 * read and written by the node's configuration layer.
 */
public final class WalletSettings implements StartupWalletList {
    private final Path file;

    public WalletSettings(Path file) {
        this.file = file;
    }

    @Override
    public synchronized List<String> names() throws IOException {
        if (!Files.exists(file)) return List.of();
        return parse(Files.readString(file, StandardCharsets.UTF_8));
    }

    @Override
    public synchronized void add(String name) throws IOException {
        Set<String> s = new LinkedHashSet<>(names());
        if (s.add(name)) write(List.copyOf(s));
    }

    @Override
    public synchronized void remove(String name) throws IOException {
        List<String> l = new ArrayList<>(names());
        if (l.remove(name)) write(l);
    }

    private void write(List<String> names) throws IOException {
        StringBuilder sb = new StringBuilder("{\n    \"wallet\": [");
        for (int i = 0; i < names.size(); i++) sb.append(i == 0 ? "" : ", ").append(quote(names.get(i)));
        sb.append("]\n}\n");
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(tmp, sb.toString(), StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        return sb.append('"').toString();
    }

    static List<String> parse(String json) throws IOException {
        int start = json.indexOf("\"wallet\"");
        if (start < 0) return List.of();
        int open = json.indexOf('[', start);
        if (open < 0) throw new IOException("settings.json: \"wallet\" is not a list");
        List<String> out = new ArrayList<>();
        int i = open + 1;
        while (i < json.length()) {
            char c = json.charAt(i);
            if (c == ']') return out;
            if (Character.isWhitespace(c) || c == ',') {
                i++;
                continue;
            }
            if (c != '"') throw new IOException("settings.json: wallet names must be strings");
            StringBuilder sb = new StringBuilder();
            i++;
            while (i < json.length() && json.charAt(i) != '"') {
                char d = json.charAt(i);
                if (d == '\\') {
                    char e = json.charAt(i + 1);
                    if (e == 'u') {
                        sb.append((char) Integer.parseInt(json.substring(i + 2, i + 6), 16));
                        i += 6;
                    } else {
                        sb.append(e == 'n' ? '\n' : e == 't' ? '\t' : e);
                        i += 2;
                    }
                    continue;
                }
                sb.append(d);
                i++;
            }
            out.add(sb.toString());
            i++;
        }
        throw new IOException("settings.json: unterminated wallet list");
    }
}
