package dev.blocksmith.rpc.render;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.blocksmith.core.primitives.Sha256Hash;
import java.io.IOException;

/**
 * Hex strings written into a JSON reply. Hex digits never need escaping, so into a UTF-8 text they go as the ASCII
 * bytes they are ({@link AsciiText}), without a String and without the generator's per-character escape check:
 * getblock verbosity 2 of a full block is mostly hex (every transaction, script and witness item).
 */
final class JsonHex {
    private JsonHex() {
    }

    static void writeField(JsonGenerator out, String name, byte[] bytes) throws IOException {
        out.writeFieldName(name);
        write(out, bytes);
    }

    /** A hash as bitcoind shows it (byte-reversed hex): txids, block hashes. */
    static void writeHashField(JsonGenerator out, String name, Sha256Hash hash) throws IOException {
        out.writeFieldName(name);
        AsciiText.reused().appendHash(hash).writeTo(out);
    }

    static void write(JsonGenerator out, byte[] bytes) throws IOException {
        AsciiText.reused().appendHex(bytes, 0, bytes.length).writeTo(out);
    }
}
