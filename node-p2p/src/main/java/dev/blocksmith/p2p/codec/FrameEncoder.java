package dev.blocksmith.p2p.codec;

import dev.blocksmith.core.crypto.Hashes;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

import java.nio.charset.StandardCharsets;

/** Writes a {@link RawFrame} with the 24-byte message header in front of its payload. */
public final class FrameEncoder extends MessageToByteEncoder<RawFrame> {
    private final byte[] magic;

    public FrameEncoder(byte[] magic) {
        super(RawFrame.class);
        this.magic = magic.clone();
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, RawFrame frame, ByteBuf out) {
        out.writeBytes(header(magic, frame.command(), frame.payload()));
        out.writeBytes(frame.payload());
    }

    /** The 24-byte header for a payload; exposed so that tests can build frames by hand. */
    public static byte[] header(byte[] magic, String command, byte[] payload) {
        byte[] cmd = command.getBytes(StandardCharsets.US_ASCII);
        if (cmd.length > FrameDecoder.COMMAND_SIZE) throw new IllegalArgumentException("command too long: " + command);
        byte[] h = new byte[FrameDecoder.HEADER_SIZE];
        System.arraycopy(magic, 0, h, 0, 4);
        System.arraycopy(cmd, 0, h, 4, cmd.length);
        int len = payload.length;
        h[16] = (byte) len;
        h[17] = (byte) (len >>> 8);
        h[18] = (byte) (len >>> 16);
        h[19] = (byte) (len >>> 24);
        System.arraycopy(Hashes.sha256d(payload), 0, h, 20, 4);
        return h;
    }
}
