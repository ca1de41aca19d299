package dev.blocksmith.rpc.rest;

import java.util.Arrays;
import java.util.List;

/** Path helpers with bitcoind's semantics. */
final class RestPaths {
    /** bitcoind's SAFE_CHARS_URI: what SanitizeString keeps of a parameter echoed in an error. */
    private static final String SAFE_CHARS_URI =
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!*'();:@&=+$,/?#[]-_.~%";

    private RestPaths() {}

    /** bitcoind's SplitString(text, '/'): every separator splits, empty parts included. */
    static List<String> split(String text) {
        return Arrays.asList(text.split("/", -1));
    }

    static String sanitizeUri(String text) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (SAFE_CHARS_URI.indexOf(c) >= 0) out.append(c);
        }
        return out.toString();
    }
}
