package dev.blocksmith.rpc.rest;

import java.nio.charset.StandardCharsets;
import java.io.ByteArrayOutputStream;
import java.util.Optional;

/**
 * The query parameters of a REST URI as bitcoind reads them (GetQueryParameterFromUri over libevent's URI parser): the
 * whole URI must be RFC 3986 valid when a parameter is read, else the request fails with bitcoind's message.
 */
final class RestUri {
    static final String INVALID = "URI parsing failed, it likely contained RFC 3986 invalid characters";
    private static final String UNRESERVED_AND_SUB_DELIMS =
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&'()*+,;=:@/";

    private RestUri() {}

    /** The decoded value of {@code name} in the URI's query, or empty when it is absent. */
    static Optional<String> queryParameter(String uri, String name) throws RestException {
        if (!valid(uri)) throw RestException.badRequest(INVALID);
        int q = uri.indexOf('?');
        if (q < 0) return Optional.empty();
        String query = uri.substring(q + 1);
        int hash = query.indexOf('#');
        if (hash >= 0) query = query.substring(0, hash);
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            // libevent's evhttp_parse_query_str skips a pair without '='.
            if (eq < 0) continue;
            if (decode(pair.substring(0, eq)).equals(name)) return Optional.of(decode(pair.substring(eq + 1)));
        }
        return Optional.empty();
    }

    /** Path and query hold only RFC 3986 characters and well-formed percent escapes. */
    static boolean valid(String uri) {
        int end = uri.indexOf('#') < 0 ? uri.length() : uri.indexOf('#');
        for (int i = 0; i < end; i++) {
            char c = uri.charAt(i);
            if (c == '%') {
                if (i + 2 >= end || !isHex(uri.charAt(i + 1)) || !isHex(uri.charAt(i + 2))) return false;
                i += 2;
            } else if (c == '?') {
                continue;
            } else if (UNRESERVED_AND_SUB_DELIMS.indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /** Percent-decoding, with '+' as a space as libevent decodes query strings. */
    private static String decode(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length() && isHex(s.charAt(i + 1)) && isHex(s.charAt(i + 2))) {
                out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 2;
            } else if (c == '+') {
                out.write(' ');
            } else {
                out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
