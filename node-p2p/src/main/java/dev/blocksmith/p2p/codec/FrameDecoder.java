package dev.blocksmith.p2p.codec;

import dev.blocksmith.core.crypto.Hashes;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Splits the byte stream into frames: 4-byte network magic, 12-byte NUL-padded ASCII command, 4-byte
 * little-endian payload length, 4-byte checksum (first four bytes of SHA256d(payload)), payload.
 * <p>
 * Every header field is checked before the payload is buffered: a wrong magic or a length above
 * {@link #MAX_PAYLOAD} fails at once (the connection is then closed, as bitcoind does), so a hostile
 * length field never makes us allocate or wait for the announced bytes. After such a failure all further
 * input is discarded. A frame with a bad checksum or a malformed message type is only dropped
 * ({@link DroppedFrame}), as bitcoind does.
 */
public final class FrameDecoder extends ByteToMessageDecoder {
    public static final int HEADER_SIZE = 24;
    public static final int COMMAND_SIZE = 12;
    /** Frame payload limit: bitcoind's MAX_PROTOCOL_MESSAGE_LENGTH (4,000,000 bytes, enough for any valid block). */
    public static final int MAX_PAYLOAD = 4_000_000;

    private final byte[] magic;
    private boolean failed;

    public FrameDecoder(byte[] magic) {
        this.magic = magic.clone();
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        try {
            Object frame = tryDecode(in);
            if (frame != null) out.add(frame);
        } catch (ProtocolViolation e) {
            failed = true;
            in.skipBytes(in.readableBytes());
            throw e;
        }
    }

    /** A frame, a {@link DroppedFrame}, or null while more bytes are needed. */
    private Object tryDecode(ByteBuf in) {
        int start = in.readerIndex();
        int available = in.readableBytes();
        if (available < magic.length) return null;
        for (int i = 0; i < magic.length; i++) {
            if (in.getByte(start + i) != magic[i]) {
                throw new ProtocolViolation("Header error: Wrong MessageStart " + hex(in, start, 4) + " received");
            }
        }
        if (available < HEADER_SIZE) return null;
        String command = readCommand(in, start + 4);
        long length = in.getUnsignedIntLE(start + 16);
        if (length > MAX_PAYLOAD) {
            throw new ProtocolViolation("Header error: Size too large (" + printable(command) + ", " + length + " bytes)");
        }
        if (available < HEADER_SIZE + length) return null;
        byte[] payload = new byte[(int) length];
        in.getBytes(start + HEADER_SIZE, payload);
        in.skipBytes(HEADER_SIZE + (int) length);
        int wireSize = HEADER_SIZE + (int) length;
        byte[] digest = Hashes.sha256d(payload);
        String announced = hex(in, start + 20, 4);
        String actual = java.util.HexFormat.of().formatHex(digest, 0, 4);
        if (!announced.equals(actual)) {
            return new DroppedFrame(wireSize, "Header error: Wrong checksum (" + printable(command) + ", " + length
                    + " bytes), expected " + actual + " was " + announced);
        }
        if (!validCommand(in, start + 4)) {
            return new DroppedFrame(wireSize, "Header error: Invalid message type (" + printable(command) + ", " + length + " bytes)");
        }
        return new RawFrame(command, payload);
    }

    private static String hex(ByteBuf in, int offset, int n) {
        byte[] b = new byte[n];
        in.getBytes(offset, b);
        return java.util.HexFormat.of().formatHex(b);
    }

    /** The command bytes up to the first NUL (or all twelve), unchecked. */
    private static String readCommand(ByteBuf in, int offset) {
        int len = 0;
        while (len < COMMAND_SIZE && in.getByte(offset + len) != 0) len++;
        byte[] raw = new byte[len];
        in.getBytes(offset, raw);
        return new String(raw, StandardCharsets.ISO_8859_1);
    }

    /** bitcoind's SanitizeString for log lines: only printable ASCII is kept. */
    private static String printable(String s) {
        // a loop rather than a regular expression: this runs for every frame a peer gets wrong
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c <= 0x7e) out.append(c);
        }
        return out.toString();
    }

    /** Printable ASCII followed only by NUL padding (bitcoind's CMessageHeader::IsMessageTypeValid). */
    private static boolean validCommand(ByteBuf in, int offset) {
        int len = 0;
        while (len < COMMAND_SIZE && in.getByte(offset + len) != 0) {
            int c = in.getByte(offset + len) & 0xff;
            if (c < 0x20 || c > 0x7e) return false;
            len++;
        }
        for (int i = len; i < COMMAND_SIZE; i++) {
            if (in.getByte(offset + i) != 0) return false;
        }
        return true;
    }
}
