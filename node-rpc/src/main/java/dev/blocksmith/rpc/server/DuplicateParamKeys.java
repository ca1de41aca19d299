package dev.blocksmith.rpc.server;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.blocksmith.rpc.json.RpcJson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The first key that a request's named {@code params} object gives twice. A parsed JSON tree keeps only one
 * value per key, but bitcoind's UniValue keeps both and refuses the call ("Parameter args specified multiple
 * times", transformNamedArguments), which bitcoin-cli -named relies on when positional words meet an
 * explicit {@code args=}; so the raw body is scanned once more for that.
 */
final class DuplicateParamKeys {
    private DuplicateParamKeys() {
    }

    /**
     * One entry per request: a single request gives one, a batch one per element (empty for elements
     * without a named params object).
     */
    static List<Optional<String>> scan(String body) {
        List<Optional<String>> out = new ArrayList<>();
        try (JsonParser p = RpcJson.mapper().getFactory().createParser(body)) {
            JsonToken t = p.nextToken();
            if (t == JsonToken.START_OBJECT) {
                out.add(request(p));
            } else if (t == JsonToken.START_ARRAY) {
                while ((t = p.nextToken()) != JsonToken.END_ARRAY && t != null) {
                    if (t == JsonToken.START_OBJECT) {
                        out.add(request(p));
                    } else {
                        p.skipChildren();
                        out.add(Optional.empty());
                    }
                }
            }
        } catch (IOException e) {
            // The tree parse reports malformed bodies; nothing to add here.
        }
        return out;
    }

    /** Reads one request object (the parser on its START_OBJECT) to its end. */
    private static Optional<String> request(JsonParser p) throws IOException {
        Optional<String> dup = Optional.empty();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            if (field.equals("params") && v == JsonToken.START_OBJECT) {
                Set<String> seen = new HashSet<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    if (!seen.add(key) && dup.isEmpty()) dup = Optional.of(key);
                    p.nextToken();
                    p.skipChildren();
                }
            } else {
                p.skipChildren();
            }
        }
        return dup;
    }
}
