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
 * {@link #MAX_PAYLOAD} fails at once, so a hostile length field never makes us allocate or wait for
 * the announced bytes. After the first failure all further input is discarded.
 */
public final class FrameDecoder extends ByteToMessageDecoder {
    public static final int HEADER_SIZE = 24;
    public static final int COMMAND_SIZE = 12;
    /** Frame payload limit: Core's MAX_SIZE (32 MiB), which bounds any serialized object. */
    public static final int MAX_PAYLOAD = 32 * 1024 * 1024;

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
            RawFrame frame = tryDecode(in);
            if (frame != null) out.add(frame);
        } catch (ProtocolViolation e) {
            failed = true;
            in.skipBytes(in.readableBytes());
            throw e;
        }
    }

    private RawFrame tryDecode(ByteBuf in) {
        int start = in.readerIndex();
        int available = in.readableBytes();
        int magicBytes = Math.min(available, magic.length);
        for (int i = 0; i < magicBytes; i++) {
            if (in.getByte(start + i) != magic[i]) throw new ProtocolViolation("wrong network magic");
        }
        if (available < HEADER_SIZE) return null;
        String command = readCommand(in, start + 4);
        long length = in.getUnsignedIntLE(start + 16);
        if (length > MAX_PAYLOAD) {
            throw new ProtocolViolation("oversized message " + command + ": " + length + " bytes");
        }
        if (available < HEADER_SIZE + length) return null;
        byte[] checksum = new byte[4];
        in.getBytes(start + 20, checksum);
        byte[] payload = new byte[(int) length];
        in.getBytes(start + HEADER_SIZE, payload);
        byte[] digest = Hashes.sha256d(payload);
        for (int i = 0; i < 4; i++) {
            if (digest[i] != checksum[i]) throw new ProtocolViolation("bad checksum for " + command);
        }
        in.skipBytes(HEADER_SIZE + (int) length);
        return new RawFrame(command, payload);
    }

    /** The command must be printable ASCII followed only by NUL padding (Core's CMessageHeader::IsCommandValid). */
    private static String readCommand(ByteBuf in, int offset) {
        int len = 0;
        while (len < COMMAND_SIZE && in.getByte(offset + len) != 0) {
            int c = in.getByte(offset + len) & 0xff;
            if (c < 0x20 || c > 0x7e) throw new ProtocolViolation("non-printable command byte");
            len++;
        }
        for (int i = len; i < COMMAND_SIZE; i++) {
            if (in.getByte(offset + i) != 0) throw new ProtocolViolation("command not NUL-padded");
        }
        byte[] raw = new byte[len];
        in.getBytes(offset, raw);
        return new String(raw, StandardCharsets.US_ASCII);
    }
}
