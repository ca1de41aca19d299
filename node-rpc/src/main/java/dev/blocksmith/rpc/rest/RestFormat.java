package dev.blocksmith.rpc.rest;

/** The output formats of bitcoind's REST interface, chosen by the path's extension. */
enum RestFormat {
    UNDEF(""), BINARY("bin"), HEX("hex"), JSON("json");

    private final String suffix;

    RestFormat(String suffix) {
        this.suffix = suffix;
    }

    /** The parameter part of a path and the format its extension names. */
    record Parsed(RestFormat format, String param) {}

    /**
     * bitcoind's ParseDataFormat: the query string is cut off first; a known extension after the last dot sets the
     * format and is removed, anything else leaves the format undefined and the parameter whole.
     */
    static Parsed parse(String uriPart) {
        int query = uriPart.lastIndexOf('?');
        String param = query < 0 ? uriPart : uriPart.substring(0, query);
        int dot = param.lastIndexOf('.');
        if (dot < 0) return new Parsed(UNDEF, param);
        String suffix = param.substring(dot + 1);
        for (RestFormat f : values()) {
            if (f != UNDEF && f.suffix.equals(suffix)) return new Parsed(f, param.substring(0, dot));
        }
        return new Parsed(UNDEF, param);
    }

    /** bitcoind's AvailableDataFormatsString. */
    static String available() {
        return ".bin, .hex, .json";
    }
}
