package dev.blocksmith.rpc.render;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.UTF8JsonGenerator;
import dev.blocksmith.core.primitives.Hex;
import dev.blocksmith.core.primitives.Sha256Hash;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Text made only of characters JSON never escapes (hex digits, numbers, opcode names, brackets), built in a byte
 * array that a worker thread reuses and written into a UTF-8 reply as the bytes it is. getblock verbosity 2 of a full
 * block writes tens of thousands of hex strings and asm texts: as Strings they were most of what a request allocated,
 * and a young generation that fills faster is collected more often while the block being written is still alive.
 */
final class AsciiText {
    /** A thread keeps up to this much (the hex of a large transaction); a text beyond it is given back after use. */
    private static final int KEPT_BYTES = 1024 * 1024;
    private static final ThreadLocal<AsciiText> PER_THREAD = ThreadLocal.withInitial(AsciiText::new);

    private byte[] bytes = new byte[4096];
    private int length;
    private final byte[] hashBytes = new byte[32];

    /** This thread's text, emptied: for one value at a time, written before the next is started. */
    static AsciiText reused() {
        AsciiText text = PER_THREAD.get();
        if (text.bytes.length > KEPT_BYTES) text.bytes = new byte[KEPT_BYTES];
        text.length = 0;
        return text;
    }

    boolean isEmpty() {
        return length == 0;
    }

    AsciiText append(char c) {
        ensure(1);
        bytes[length++] = (byte) c;
        return this;
    }

    /** {@code ascii} must hold only ASCII characters. */
    AsciiText append(String ascii) {
        ensure(ascii.length());
        for (int i = 0; i < ascii.length(); i++) bytes[length++] = (byte) ascii.charAt(i);
        return this;
    }

    AsciiText appendHex(byte[] data, int from, int count) {
        ensure(2 * count);
        Hex.encodeAscii(data, from, count, bytes, length);
        length += 2 * count;
        return this;
    }

    /** The hash as bitcoind shows it: its bytes in reverse order, in hex. */
    AsciiText appendHash(Sha256Hash hash) {
        hash.copyInto(hashBytes, 0);
        for (int i = 0; i < 16; i++) {
            byte b = hashBytes[i];
            hashBytes[i] = hashBytes[31 - i];
            hashBytes[31 - i] = b;
        }
        return appendHex(hashBytes, 0, 32);
    }

    /** Writes the text as one JSON string value. */
    void writeTo(JsonGenerator out) throws IOException {
        if (out instanceof UTF8JsonGenerator) {
            out.writeRawUTF8String(bytes, 0, length);
        } else {
            // Other generators (the token buffer behind a tree) take the text.
            out.writeString(toString());
        }
    }

    @Override
    public String toString() {
        return new String(bytes, 0, length, StandardCharsets.US_ASCII);
    }

    private void ensure(int more) {
        if (length + more > bytes.length) bytes = Arrays.copyOf(bytes, Math.max(2 * bytes.length, length + more));
    }
}
