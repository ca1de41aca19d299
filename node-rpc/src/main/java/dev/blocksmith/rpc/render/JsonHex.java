package dev.blocksmith.rpc.render;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.UTF8JsonGenerator;
import dev.blocksmith.core.primitives.Hex;
import java.io.IOException;

/**
 * Hex strings written into a JSON reply. Hex digits never need escaping, so into a UTF-8 text they go as the ASCII
 * bytes they are, without a String and without the generator's per-character escape check: getblock verbosity 2 of a
 * full block is mostly hex (every transaction, script and witness item).
 */
final class JsonHex {
    private JsonHex() {
    }

    static void writeField(JsonGenerator out, String name, byte[] bytes) throws IOException {
        out.writeFieldName(name);
        write(out, bytes);
    }

    static void write(JsonGenerator out, byte[] bytes) throws IOException {
        if (out instanceof UTF8JsonGenerator) {
            byte[] ascii = Hex.encodeAscii(bytes);
            out.writeRawUTF8String(ascii, 0, ascii.length);
        } else {
            // Other generators (the token buffer behind a tree) take the text.
            out.writeString(Hex.encode(bytes));
        }
    }
}
