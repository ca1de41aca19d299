package dev.blocksmith.rpc.rest;

/** Number parsing as bitcoind's ToIntegral: optional '-' only for signed types, digits only, no overflow. */
final class RestCounts {
    /** bitcoind's MAX_REST_HEADERS_RESULTS. */
    static final long MAX_HEADERS = 2000;

    private RestCounts() {}

    /** The header count of /headers and /blockfilterheaders, 1..2000, else bitcoind's message. */
    static long headerCount(String raw) throws RestException {
        long n = unsigned(raw, Long.MAX_VALUE);
        if (n < 1 || n > MAX_HEADERS) {
            throw RestException.badRequest("Header count is invalid or out of acceptable range (1-" + MAX_HEADERS + "): " + raw);
        }
        return n;
    }

    /** A non-negative number up to {@code max}; -1 when the text is not one. */
    static long unsigned(String raw, long max) {
        if (raw.isEmpty() || raw.length() > 20) return -1;
        long v = 0;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c < '0' || c > '9') return -1;
            if (v > (max - (c - '0')) / 10) return -1;
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** A signed 32-bit number (ToIntegral<int32_t>): an optional '-' then digits; empty when it is not one. */
    static java.util.OptionalInt int32(String raw) {
        boolean negative = raw.startsWith("-");
        long v = unsigned(negative ? raw.substring(1) : raw, negative ? 2147483648L : Integer.MAX_VALUE);
        if (v < 0) return java.util.OptionalInt.empty();
        return java.util.OptionalInt.of((int) (negative ? -v : v));
    }
}
