package dev.blocksmith.core.psbt;

import dev.blocksmith.core.testsupport.MiniJson;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** Loads the BIP174/BIP371 vector files transcribed from the BIP texts (see vectors/README.md). */
public final class PsbtVectors {
    public static final String BIP174 = "/vectors/bips/bip174-vectors.json";
    public static final String BIP371 = "/vectors/bips/bip371-vectors.json";

    private PsbtVectors() {
    }

    /** One transcribed case: the BIP's description and its bytes. */
    public record Case(String description, byte[] bytes, String base64) {
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> root(String file) {
        return (Map<String, Object>) MiniJson.resource(PsbtVectors.class, file);
    }

    @SuppressWarnings("unchecked")
    public static List<Case> cases(String file, String section) {
        List<Map<String, Object>> list = (List<Map<String, Object>>) root(file).get(section);
        return list.stream().map(m -> new Case((String) m.get("description"), Base64.getDecoder().decode((String) m.get("base64")),
                (String) m.get("base64"))).toList();
    }

    public static byte[] base64(String s) {
        return Base64.getDecoder().decode(s);
    }
}
