package dev.blocksmith.p2p.v2;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.blocksmith.core.crypto.ElligatorSwift;
import dev.blocksmith.core.params.Networks;
import dev.blocksmith.p2p.codec.DroppedFrame;
import dev.blocksmith.p2p.codec.FrameEncoder;
import dev.blocksmith.p2p.codec.ProtocolViolation;
import dev.blocksmith.p2p.codec.RawFrame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Fuzzes the BIP324 v2 framer. A fuzzer cannot forge ciphertext, so, as bitcoind's p2p_transport_bidirectional
 * fuzz target, this runs an initiator and a responder against each other and lets the input choose everything
 * else: each side's garbage, the messages each side sends and when, how the bytes are cut into reads, and bit
 * flips on the wire. A second scenario feeds the responder a v1 stream (which it must hand to the v1 framer when it
 * starts with a version header) or arbitrary bytes. Without JAZZER_FUZZ=1 this replays
 * V2TransportFuzzTestInputs/&lt;target&gt;/.
 * <p>
 * Properties: the only failure is a {@link ProtocolViolation}; each side delivers exactly a prefix of the messages
 * the other sent (never an altered or invented one); with no bit flipped, everything sent is delivered and neither
 * side fails. The key pairs are made once per JVM (ElligatorSwift encodings are random), so an input's outcome does
 * not depend on them except with cryptographically negligible probability; for the same reason the key exchanges are
 * remembered across executions ({@link RememberingKeyExchange}: the BigInteger ElligatorSwift decoding was most of an
 * execution's time), and an encoding not seen recently is still decoded for real.
 */
class V2TransportFuzzTest {
    private static final byte[] MAGIC = Networks.REGTEST.magic();
    private static final ElligatorSwift.KeyPair INITIATOR_KEY = ElligatorSwift.createKeyPair();
    private static final ElligatorSwift.KeyPair RESPONDER_KEY = ElligatorSwift.createKeyPair();
    private static final KeyExchange KEY_EXCHANGE = new RememberingKeyExchange();
    /** Short-id types, long-encoded ones (version, verack, ...) and the empty and longest valid names. */
    private static final List<String> COMMANDS = List.of("version", "verack", "ping", "tx", "addrv2", "sendaddrv2",
            "wtxidrelay", "inv", "cmpctblock", "x", "abcdefghijkl");

    /** One direction of the connection: what the sender wrote and what is still on the wire. */
    private static final class Direction {
        final List<String> sent = new ArrayList<>();
        final List<String> delivered = new ArrayList<>();
        final ByteArrayOutputStream wire = new ByteArrayOutputStream();
        byte[] inFlight = new byte[0];
        boolean flipped;
        boolean receiverFailed;
    }

    @FuzzTest
    void bidirectional(FuzzedDataProvider data) {
        byte[] initiatorGarbage = data.consumeBytes(data.consumeInt(0, 300));
        byte[] responderGarbage = data.consumeBytes(data.consumeInt(0, 300));
        EmbeddedChannel initiator = new EmbeddedChannel(
                new V2TransportHandler(MAGIC, true, TransportStatus.detecting(true), INITIATOR_KEY, initiatorGarbage, KEY_EXCHANGE));
        EmbeddedChannel responder = new EmbeddedChannel(
                new V2TransportHandler(MAGIC, false, TransportStatus.detecting(false), RESPONDER_KEY, responderGarbage, KEY_EXCHANGE));
        Direction toResponder = new Direction();
        Direction toInitiator = new Direction();
        try {
            int steps = data.consumeInt(0, 30);
            for (int i = 0; i < steps && data.remainingBytes() > 0; i++) {
                switch (data.consumeInt(0, 3)) {
                    case 0 -> send(initiator, toResponder, data);
                    case 1 -> send(responder, toInitiator, data);
                    case 2 -> deliver(initiator, responder, toResponder, data, true);
                    default -> deliver(responder, initiator, toInitiator, data, true);
                }
            }
            // Then the network is quiet and reliable: everything still in flight arrives.
            for (int round = 0; round < 4; round++) {
                deliver(initiator, responder, toResponder, null, false);
                deliver(responder, initiator, toInitiator, null, false);
            }
            check(toResponder, toInitiator, "responder");
            check(toInitiator, toResponder, "initiator");
        } finally {
            initiator.finishAndReleaseAll();
            responder.finishAndReleaseAll();
        }
    }

    @FuzzTest
    void responderReadsV1OrBytes(FuzzedDataProvider data) {
        boolean v1 = data.consumeBoolean();
        EmbeddedChannel responder = new EmbeddedChannel(
                new V2TransportHandler(MAGIC, false, TransportStatus.detecting(false), RESPONDER_KEY, new byte[0], KEY_EXCHANGE));
        List<String> sent = new ArrayList<>();
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        if (v1) {
            int messages = data.consumeInt(1, 5);
            for (int i = 0; i < messages; i++) {
                String command = i == 0 ? "version" : COMMANDS.get(data.consumeInt(0, COMMANDS.size() - 1));
                byte[] payload = data.consumeBytes(data.consumeInt(0, 200));
                stream.writeBytes(FrameEncoder.header(MAGIC, command, payload));
                stream.writeBytes(payload);
                sent.add(describe(command, payload));
            }
        } else {
            stream.writeBytes(data.consumeBytes(data.consumeInt(0, 5000)));
        }
        byte[] bytes = stream.toByteArray();
        int flipAt = data.consumeBoolean() && bytes.length > 0 ? data.consumeInt(0, bytes.length - 1) : -1;
        if (flipAt >= 0) bytes[flipAt] ^= (byte) (1 << data.consumeInt(0, 7));
        int chunk = data.consumeInt(1, 300);
        List<String> delivered = new ArrayList<>();
        boolean failed = false;
        try {
            for (int at = 0; at < bytes.length && !failed; at += chunk) {
                try {
                    responder.writeInbound(Unpooled.wrappedBuffer(bytes, at, Math.min(chunk, bytes.length - at)));
                } catch (ProtocolViolation e) {
                    failed = true;
                } catch (DecoderException e) {
                    // after the fall-back the v1 framer reports its violations wrapped, as any Netty decoder
                    if (!(e.getCause() instanceof ProtocolViolation)) throw e;
                    failed = true;
                }
                collect(responder, delivered);
            }
            drainOutbound(responder);
        } finally {
            responder.finishAndReleaseAll();
        }
        if (v1 && flipAt < 0 && (failed || !delivered.equals(sent))) {
            throw new AssertionError("v1 stream: sent " + sent + ", delivered " + delivered + (failed ? ", then failed" : ""));
        }
    }

    private static void send(EmbeddedChannel from, Direction direction, FuzzedDataProvider data) {
        String command = COMMANDS.get(data.consumeInt(0, COMMANDS.size() - 1));
        byte[] payload = data.consumeBytes(data.consumeInt(0, 400));
        from.writeAndFlush(new RawFrame(command, payload));
        direction.sent.add(describe(command, payload));
    }

    /** Moves bytes the sender wrote to the receiver: a fuzzer-sized read, perhaps with one bit flipped, or all. */
    private static void deliver(EmbeddedChannel from, EmbeddedChannel to, Direction d, FuzzedDataProvider data, boolean partial) {
        d.wire.writeBytes(drainOutbound(from));
        byte[] waiting = concat(d.inFlight, d.wire.toByteArray());
        d.wire.reset();
        int n = partial ? Math.min(waiting.length, data.consumeInt(0, 700)) : waiting.length;
        byte[] now = Arrays.copyOf(waiting, n);
        d.inFlight = Arrays.copyOfRange(waiting, n, waiting.length);
        if (partial && n > 0 && data.consumeInt(0, 15) == 0) {
            now[data.consumeInt(0, n - 1)] ^= (byte) (1 << data.consumeInt(0, 7));
            d.flipped = true;
        }
        if (n == 0 || d.receiverFailed) return;
        try {
            to.writeInbound(Unpooled.wrappedBuffer(now));
        } catch (ProtocolViolation e) {
            d.receiverFailed = true;
        }
        collect(to, d.delivered);
    }

    private static void check(Direction d, Direction reverse, String receiver) {
        if (d.delivered.size() > d.sent.size() || !d.sent.subList(0, d.delivered.size()).equals(d.delivered)) {
            throw new AssertionError(receiver + " delivered " + d.delivered + " but was sent " + d.sent);
        }
        if (!d.flipped && !reverse.flipped) {
            if (d.receiverFailed) throw new AssertionError(receiver + " failed on an intact connection");
            if (!d.delivered.equals(d.sent)) {
                throw new AssertionError(receiver + " delivered " + d.delivered + " of " + d.sent + " on an intact connection");
            }
        }
    }

    private static void collect(EmbeddedChannel channel, List<String> delivered) {
        for (Object o = channel.readInbound(); o != null; o = channel.readInbound()) {
            switch (o) {
                case RawFrame f -> delivered.add(describe(f.command(), f.payload()));
                case DroppedFrame d -> delivered.add("dropped " + d.error());
                default -> throw new AssertionError("unexpected output " + o);
            }
        }
    }

    private static byte[] drainOutbound(EmbeddedChannel channel) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object o = channel.readOutbound(); o != null; o = channel.readOutbound()) {
            if (o instanceof ByteBuf b) {
                byte[] bytes = new byte[b.readableBytes()];
                b.readBytes(bytes);
                b.release();
                out.writeBytes(bytes);
            } else {
                throw new AssertionError("unexpected outbound " + o);
            }
        }
        return out.toByteArray();
    }

    private static String describe(String command, byte[] payload) {
        return command + " " + HexFormat.of().formatHex(payload);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
