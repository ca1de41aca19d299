package dev.blocksmith.p2p.i2p;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One reply line of the SAM v3.1 bridge, split into its space-separated {@code KEY=VALUE} tokens (a token without
 * {@code =} is a key without value), as bitcoind's i2p::sam::Session::Reply.
 *
 * @param request the request it answers, for error texts ("SESSION CREATE ..." for a session creation, whose
 *                request carries our private key)
 * @param full    the whole line
 */
public record SamReply(String request, String full, Map<String, Optional<String>> keys) {
    public SamReply {
        keys = Map.copyOf(keys);
    }

    static SamReply parse(String request, String line) {
        Map<String, Optional<String>> keys = new HashMap<>();
        for (String token : line.split(" ")) {
            int eq = token.indexOf('=');
            // bitcoind keeps the first of repeated keys (std::map::emplace)
            if (eq >= 0) keys.putIfAbsent(token.substring(0, eq), Optional.of(token.substring(eq + 1)));
            else keys.putIfAbsent(token, Optional.empty());
        }
        String shown = request.startsWith("SESSION CREATE") ? "SESSION CREATE ..." : request;
        return new SamReply(shown, line, keys);
    }

    /** The value of {@code key}, or bitcoind's error text when the reply has none. */
    public String get(String key) throws SamException {
        Optional<String> value = keys.getOrDefault(key, Optional.empty());
        if (value.isEmpty()) {
            throw new SamException("Missing " + key + "= in the reply to \"" + request + "\": \"" + full + "\"");
        }
        return value.get();
    }
}
