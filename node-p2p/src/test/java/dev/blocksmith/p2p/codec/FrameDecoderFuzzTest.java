package dev.blocksmith.p2p.codec;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.blocksmith.core.params.Networks;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Fuzzes the v1 framer (magic, command, length, checksum, payload reassembly). The first input byte sets
 * the size of the reads the stream arrives in (1 to 64 bytes), the rest is the stream. Without
 * JAZZER_FUZZ=1 this replays FrameDecoderFuzzTestInputs/framer/.
 * <p>
 * Properties: the only failure is a {@link ProtocolViolation}; the frames, dropped frames and violation
 * seen are the same whether the stream arrives in one read or in many small ones (reassembly does not
 * depend on TCP segmentation); and every delivered frame, written back with {@link FrameEncoder#header},
 * is exactly the bytes it was read from (so its checksum was really checked).
 */
class FrameDecoderFuzzTest {
    private static final byte[] MAGIC = Networks.REGTEST.magic();

    @FuzzTest
    void framer(byte[] data) {
        if (data.length == 0) return;
        int chunk = 1 + (data[0] & 0xff) % 64;
        byte[] stream = Arrays.copyOfRange(data, 1, data.length);

        List<String> whole = events(stream, stream.length == 0 ? 1 : stream.length);
        List<String> pieces = events(stream, chunk);
        if (!whole.equals(pieces)) {
            throw new AssertionError("reads of " + chunk + " bytes gave " + pieces + ", one read gave " + whole);
        }
    }

    /** What the decoder emits for the stream delivered in reads of {@code chunk} bytes. */
    private static List<String> events(byte[] stream, int chunk) {
        EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(MAGIC));
        List<String> events = new ArrayList<>();
        int offset = 0;
        for (int at = 0; at < stream.length; at += chunk) {
            int n = Math.min(chunk, stream.length - at);
            try {
                channel.writeInbound(Unpooled.wrappedBuffer(stream, at, n));
            } catch (DecoderException e) {
                if (!(e.getCause() instanceof ProtocolViolation violation)) throw e;
                offset = drain(channel, stream, offset, events);
                events.add("violation " + violation.getMessage());
                continue;
            }
            offset = drain(channel, stream, offset, events);
        }
        channel.finishAndReleaseAll();
        return events;
    }

    private static int drain(EmbeddedChannel channel, byte[] stream, int offset, List<String> events) {
        for (Object o = channel.readInbound(); o != null; o = channel.readInbound()) {
            switch (o) {
                case RawFrame f -> {
                    byte[] header = FrameEncoder.header(MAGIC, f.command(), f.payload());
                    byte[] rebuilt = new byte[header.length + f.payload().length];
                    System.arraycopy(header, 0, rebuilt, 0, header.length);
                    System.arraycopy(f.payload(), 0, rebuilt, header.length, f.payload().length);
                    byte[] original = Arrays.copyOfRange(stream, offset, offset + rebuilt.length);
                    if (!Arrays.equals(rebuilt, original)) {
                        throw new AssertionError("frame " + f.command() + " does not re-encode to its bytes: "
                                + HexFormat.of().formatHex(original));
                    }
                    offset += f.wireSize();
                    events.add("frame " + f.command() + " " + HexFormat.of().formatHex(f.payload()));
                }
                case DroppedFrame d -> {
                    offset += d.wireSize();
                    events.add("dropped " + d.wireSize() + " " + d.error());
                }
                default -> throw new AssertionError("unexpected decoder output " + o);
            }
        }
        return offset;
    }
}
