package dev.blocksmith.p2p.codec;

import dev.blocksmith.core.params.Networks;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FrameDecoderTest {
    private static final byte[] MAGIC = Networks.REGTEST.magic();

    private static byte[] frame(String command, byte[] payload) {
        byte[] header = FrameEncoder.header(MAGIC, command, payload);
        byte[] out = new byte[header.length + payload.length];
        System.arraycopy(header, 0, out, 0, header.length);
        System.arraycopy(payload, 0, out, header.length, payload.length);
        return out;
    }

    @Test
    void encoderAndDecoderRoundTrip() {
        EmbeddedChannel enc = new EmbeddedChannel(new FrameEncoder(MAGIC));
        enc.writeOutbound(new RawFrame("ping", new byte[]{1, 2, 3, 4, 5, 6, 7, 8}));
        ByteBuf wire = enc.readOutbound();
        assertThat(wire.readableBytes()).isEqualTo(32);
        EmbeddedChannel dec = new EmbeddedChannel(new FrameDecoder(MAGIC));
        dec.writeInbound(wire);
        RawFrame f = dec.readInbound();
        assertThat(f.command()).isEqualTo("ping");
        assertThat(f.payload()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
    }

    @Test
    void framesSplitAcrossReadsAreReassembled() {
        byte[] bytes = frame("verack", new byte[0]);
        byte[] two = new byte[bytes.length * 2];
        System.arraycopy(bytes, 0, two, 0, bytes.length);
        System.arraycopy(bytes, 0, two, bytes.length, bytes.length);
        EmbeddedChannel dec = new EmbeddedChannel(new FrameDecoder(MAGIC));
        for (byte b : two) dec.writeInbound(Unpooled.wrappedBuffer(new byte[]{b}));
        assertThat(((RawFrame) dec.readInbound()).command()).isEqualTo("verack");
        assertThat(((RawFrame) dec.readInbound()).command()).isEqualTo("verack");
        assertThat((Object) dec.readInbound()).isNull();
    }

    @Test
    void badChecksumDropsTheFrameOnlyAsBitcoind() {
        byte[] bytes = frame("badmsg", new byte[]{1, 'd'});
        bytes[20] = (byte) 0xff;
        bytes[21] = (byte) 0xff;
        bytes[22] = (byte) 0xff;
        bytes[23] = (byte) 0xff;
        EmbeddedChannel dec = new EmbeddedChannel(new FrameDecoder(MAGIC));
        dec.writeInbound(Unpooled.wrappedBuffer(bytes));
        DroppedFrame dropped = dec.readInbound();
        assertThat(dropped.wireSize()).isEqualTo(26);
        assertThat(dropped.error()).startsWith("Header error: Wrong checksum (badmsg, 2 bytes), expected ").endsWith(" was ffffffff");
        // The stream goes on.
        dec.writeInbound(Unpooled.wrappedBuffer(frame("verack", new byte[0])));
        assertThat(((RawFrame) dec.readInbound()).command()).isEqualTo("verack");
    }

    @Test
    void wrongMagicIsRejectedWithBitcoindsText() {
        byte[] bytes = frame("ping", new byte[8]);
        bytes[0] = bytes[1] = bytes[2] = bytes[3] = (byte) 0xff;
        EmbeddedChannel dec = new EmbeddedChannel(new FrameDecoder(MAGIC));
        assertThatThrownBy(() -> dec.writeInbound(Unpooled.wrappedBuffer(bytes)))
                .hasCauseInstanceOf(ProtocolViolation.class).hasMessageContaining("Header error: Wrong MessageStart ffffffff received");
    }

    @Test
    void aPartialHeaderIsWaitedFor() {
        byte[] bytes = frame("ping", new byte[8]);
        EmbeddedChannel dec = new EmbeddedChannel(new FrameDecoder(MAGIC));
        dec.writeInbound(Unpooled.wrappedBuffer(bytes, 0, 12));
        assertThat((Object) dec.readInbound()).isNull();
        dec.writeInbound(Unpooled.wrappedBuffer(bytes, 12, bytes.length - 12));
        assertThat(((RawFrame) dec.readInbound()).command()).isEqualTo("ping");
    }

    @Test
    void oversizedLengthIsRejectedFromTheHeaderAlone() {
        byte[] header = FrameEncoder.header(MAGIC, "block", new byte[0]);
        int len = 4_000_001;
        header[16] = (byte) len;
        header[17] = (byte) (len >>> 8);
        header[18] = (byte) (len >>> 16);
        header[19] = (byte) (len >>> 24);
        EmbeddedChannel dec = new EmbeddedChannel(new FrameDecoder(MAGIC));
        // Only the 24 header bytes are delivered: the decoder must fail without waiting for 33 MiB.
        assertThatThrownBy(() -> dec.writeInbound(Unpooled.wrappedBuffer(header)))
                .hasCauseInstanceOf(ProtocolViolation.class).hasMessageContaining("Header error: Size too large (block, 4000001 bytes)");
    }

    @Test
    void commandMustBeNulPadded() {
        byte[] bytes = frame("ping", new byte[8]);
        bytes[4 + 6] = 'x'; // a byte after the terminating NUL
        EmbeddedChannel dec = new EmbeddedChannel(new FrameDecoder(MAGIC));
        dec.writeInbound(Unpooled.wrappedBuffer(bytes));
        DroppedFrame dropped = dec.readInbound();
        assertThat(dropped.error()).startsWith("Header error: Invalid message type");
        assertThat(dropped.wireSize()).isEqualTo(32);
    }

    @Test
    void inputAfterAFailureIsDiscarded() {
        byte[] bad = frame("ping", new byte[8]);
        bad[0] ^= 1;
        EmbeddedChannel dec = new EmbeddedChannel(new FrameDecoder(MAGIC));
        assertThatThrownBy(() -> dec.writeInbound(Unpooled.wrappedBuffer(bad))).hasCauseInstanceOf(ProtocolViolation.class);
        dec.writeInbound(Unpooled.wrappedBuffer(frame("verack", new byte[0])));
        assertThat((Object) dec.readInbound()).isNull();
    }
}
