package dev.blocksmith.p2p.v2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blocksmith.core.crypto.ElligatorSwift;
import dev.blocksmith.core.primitives.Hex;
import dev.blocksmith.p2p.codec.DroppedFrame;
import dev.blocksmith.p2p.codec.FrameDecoder;
import dev.blocksmith.p2p.codec.FrameEncoder;
import dev.blocksmith.p2p.codec.ProtocolViolation;
import dev.blocksmith.p2p.codec.RawFrame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The BIP324 transport handler between two embedded channels, and against a hand-driven peer. */
class V2TransportHandlerTest {
    private static final byte[] REGTEST = Hex.decode("fabfb5da");
    private static final byte[] SIGNET = Hex.decode("0a03cf40");

    private static byte[] drain(EmbeddedChannel ch) {
        ByteBuf all = Unpooled.buffer();
        Object o;
        while ((o = ch.readOutbound()) != null) {
            ByteBuf b = (ByteBuf) o;
            all.writeBytes(b);
            b.release();
        }
        byte[] out = new byte[all.readableBytes()];
        all.readBytes(out);
        return out;
    }

    /** Moves bytes both ways until neither side has anything more to send. */
    private static void pump(EmbeddedChannel a, EmbeddedChannel b) {
        while (true) {
            byte[] ab = drain(a);
            byte[] ba = drain(b);
            if (ab.length == 0 && ba.length == 0) return;
            if (ab.length > 0) b.writeInbound(Unpooled.wrappedBuffer(ab));
            if (ba.length > 0) a.writeInbound(Unpooled.wrappedBuffer(ba));
        }
    }

    private static List<RawFrame> frames(EmbeddedChannel ch) {
        List<RawFrame> out = new ArrayList<>();
        Object o;
        while ((o = ch.readInbound()) != null) out.add((RawFrame) o);
        return out;
    }

    @Test
    void twoSidesHandshakeAndExchangeMessagesAcrossSeveralRekeys() {
        TransportStatus is = TransportStatus.detecting(true);
        TransportStatus rs = TransportStatus.detecting(false);
        EmbeddedChannel initiator = new EmbeddedChannel(new V2TransportHandler(REGTEST, true, is));
        EmbeddedChannel responder = new EmbeddedChannel(new V2TransportHandler(REGTEST, false, rs));
        // written before the handshake: held, then sent encrypted once the keys are known
        initiator.writeAndFlush(new RawFrame("version", new byte[] {1, 2, 3}));
        assertThat(rs.type()).isEqualTo(TransportStatus.Type.DETECTING);
        pump(initiator, responder);
        assertThat(is.type()).isEqualTo(TransportStatus.Type.V2);
        assertThat(rs.type()).isEqualTo(TransportStatus.Type.V2);
        assertThat(is.sessionId()).hasSize(32).isEqualTo(rs.sessionId());
        assertThat(frames(responder)).singleElement().satisfies(f -> {
            assertThat(f.command()).isEqualTo("version");
            assertThat(f.payload()).containsExactly(1, 2, 3);
        });
        // 500 messages each way: the ciphers rekey every 224 packets
        for (int i = 0; i < 500; i++) {
            String command = i % 2 == 0 ? "ping" : "sendaddrv2";
            byte[] payload = Arrays.copyOf(new byte[] {(byte) i, (byte) (i >> 8)}, i % 50);
            initiator.writeAndFlush(new RawFrame(command, payload));
            responder.writeAndFlush(new RawFrame(command, payload));
            pump(initiator, responder);
            RawFrame got = frames(responder).get(0);
            assertThat(got.command()).isEqualTo(command);
            assertThat(got.payload()).isEqualTo(payload);
            assertThat(frames(initiator).get(0).payload()).isEqualTo(payload);
        }
        assertThat(is.rawBytesReceived()).isEqualTo(rs.rawBytesSent());
        assertThat(rs.rawBytesReceived()).isEqualTo(is.rawBytesSent());
        assertThat(initiator.isActive()).isTrue();
        assertThat(responder.isActive()).isTrue();
    }

    @Test
    void aV1VersionHeaderHandsTheConnectionToTheV1Framing() {
        TransportStatus rs = TransportStatus.detecting(false);
        EmbeddedChannel responder = new EmbeddedChannel(new V2TransportHandler(REGTEST, false, rs));
        byte[] payload = {9, 8, 7};
        byte[] frame = concat(FrameEncoder.header(REGTEST, "version", payload), payload);
        responder.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOf(frame, 15)));
        assertThat(rs.type()).isEqualTo(TransportStatus.Type.DETECTING);
        assertThat(drain(responder)).isEmpty(); // nothing is sent while it could still be v1
        responder.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOfRange(frame, 15, frame.length)));
        assertThat(rs.type()).isEqualTo(TransportStatus.Type.V1);
        assertThat(rs.rawBytesReceived()).isZero(); // the v1 framing counts these bytes
        assertThat(responder.pipeline().get(FrameDecoder.class)).isNotNull();
        assertThat(responder.pipeline().get(V2TransportHandler.class)).isNull();
        assertThat(frames(responder)).singleElement().satisfies(f -> assertThat(f.payload()).isEqualTo(payload));
        assertThat(drain(responder)).isEmpty();
        // replies now go out as v1 frames
        responder.writeAndFlush(new RawFrame("verack", new byte[0]));
        assertThat(drain(responder)).isEqualTo(FrameEncoder.header(REGTEST, "verack", new byte[0]));
    }

    @Test
    void aV1PeerOfAnotherNetworkIsRefused() {
        EmbeddedChannel responder = new EmbeddedChannel(new V2TransportHandler(REGTEST, false, TransportStatus.detecting(false)));
        byte[] frame = FrameEncoder.header(SIGNET, "version", new byte[0]);
        assertThatThrownBy(() -> responder.writeInbound(Unpooled.wrappedBuffer(frame)))
                .isInstanceOf(ProtocolViolation.class)
                .hasMessage("V2 transport error: V1 peer with wrong MessageStart 0a03cf40");
    }

    @Test
    void garbageWithoutTerminatorIsRefusedAtTheLimit() {
        TransportStatus rs = TransportStatus.detecting(false);
        EmbeddedChannel responder = new EmbeddedChannel(new V2TransportHandler(REGTEST, false, rs));
        int max = 64 + V2TransportHandler.MAX_GARBAGE_LEN + 16;
        responder.writeInbound(Unpooled.wrappedBuffer(new byte[max - 1]));
        assertThat(rs.rawBytesReceived()).isEqualTo(max - 1);
        assertThat(drain(responder).length).isGreaterThanOrEqualTo(64 + 16 + Bip324Cipher.EXPANSION); // key, garbage, terminator, version
        assertThatThrownBy(() -> responder.writeInbound(Unpooled.wrappedBuffer(new byte[1])))
                .isInstanceOf(ProtocolViolation.class)
                .hasMessage("V2 transport error: missing garbage terminator");
    }

    /** A peer driven by hand from the cipher, to send what our handler never sends: decoys, garbage, long types. */
    private static final class ManualInitiator {
        final ElligatorSwift.KeyPair key = ElligatorSwift.createKeyPair();
        final byte[] garbage = "some garbage".getBytes(StandardCharsets.US_ASCII);
        Bip324Cipher cipher;

        byte[] hello() {
            return concat(key.encoded(), garbage);
        }

        /** After the responder's key (its garbage is empty in these tests). */
        void keys(byte[] responderBytes) {
            cipher = Bip324Cipher.initialize(key.privateKey(), key.encoded(), Arrays.copyOf(responderBytes, 64), true, REGTEST);
        }
    }

    private static EmbeddedChannel responderWithoutGarbage(TransportStatus status) {
        return new EmbeddedChannel(new V2TransportHandler(REGTEST, false, status, ElligatorSwift.createKeyPair(), new byte[0]));
    }

    @Test
    void decoysAreSkippedAndTheGarbageIsAuthenticatedByTheFirstPacket() {
        TransportStatus rs = TransportStatus.detecting(false);
        EmbeddedChannel responder = responderWithoutGarbage(rs);
        ManualInitiator peer = new ManualInitiator();
        responder.writeInbound(Unpooled.wrappedBuffer(peer.hello()));
        peer.keys(drain(responder));
        byte[] decoy1 = peer.cipher.encrypt(new byte[10], peer.garbage, true);
        byte[] version = peer.cipher.encrypt(new byte[] {1, 2, 3, 4, 5}, new byte[0], false); // non-empty: ignored
        byte[] decoy2 = peer.cipher.encrypt(new byte[3], new byte[0], true);
        byte[] ping = peer.cipher.encrypt(new byte[] {18, 7, 7, 7, 7, 7, 7, 7, 7}, new byte[0], false);
        byte[] longType = new byte[1 + 12 + 1];
        System.arraycopy("wtxidrelay".getBytes(StandardCharsets.US_ASCII), 0, longType, 1, 10);
        longType[13] = 42;
        byte[] wtxid = peer.cipher.encrypt(longType, new byte[0], false);
        byte[] unknownId = peer.cipher.encrypt(new byte[] {(byte) 200, 1}, new byte[0], false);
        responder.writeInbound(Unpooled.wrappedBuffer(concat(peer.cipher.sendGarbageTerminator(), decoy1, version, decoy2, ping, wtxid, unknownId)));
        assertThat(rs.type()).isEqualTo(TransportStatus.Type.V2);
        assertThat(rs.sessionId()).isEqualTo(peer.cipher.sessionId());
        Object first = responder.readInbound();
        assertThat(first).isInstanceOfSatisfying(RawFrame.class, f -> {
            assertThat(f.command()).isEqualTo("ping");
            assertThat(f.payload()).hasSize(8);
        });
        Object second = responder.readInbound();
        assertThat(second).isInstanceOfSatisfying(RawFrame.class, f -> {
            assertThat(f.command()).isEqualTo("wtxidrelay");
            assertThat(f.payload()).containsExactly(42);
        });
        Object third = responder.readInbound();
        assertThat(third).isInstanceOfSatisfying(DroppedFrame.class, d -> assertThat(d.error()).startsWith("V2 transport error: invalid message type"));
        assertThat(responder.isActive()).isTrue();
    }

    @Test
    void garbageThatWasNotAuthenticatedFailsTheFirstPacket() {
        EmbeddedChannel responder = responderWithoutGarbage(TransportStatus.detecting(false));
        ManualInitiator peer = new ManualInitiator();
        responder.writeInbound(Unpooled.wrappedBuffer(peer.hello()));
        peer.keys(drain(responder));
        byte[] version = peer.cipher.encrypt(new byte[0], new byte[0], false); // garbage left out of the AAD
        assertThatThrownBy(() -> responder.writeInbound(Unpooled.wrappedBuffer(concat(peer.cipher.sendGarbageTerminator(), version))))
                .isInstanceOf(ProtocolViolation.class)
                .hasMessage("V2 transport error: packet decryption failure (0 bytes)");
    }

    @Test
    void anOversizedPacketIsRefusedFromItsLength() {
        EmbeddedChannel responder = responderWithoutGarbage(TransportStatus.detecting(false));
        ManualInitiator peer = new ManualInitiator();
        responder.writeInbound(Unpooled.wrappedBuffer(peer.hello()));
        peer.keys(drain(responder));
        byte[] version = peer.cipher.encrypt(new byte[0], peer.garbage, false);
        byte[] huge = peer.cipher.encrypt(new byte[V2TransportHandler.MAX_CONTENTS_LEN + 1], new byte[0], false);
        assertThatThrownBy(() -> responder.writeInbound(Unpooled.wrappedBuffer(concat(peer.cipher.sendGarbageTerminator(), version, Arrays.copyOf(huge, 3)))))
                .isInstanceOf(ProtocolViolation.class)
                .hasMessageStartingWith("V2 transport error: packet too large (4000014 bytes)");
    }

    @Test
    void anInitiatorThatGetsNoAnswerAsksForAV1Reconnection() {
        TransportStatus is = TransportStatus.detecting(true);
        EmbeddedChannel initiator = new EmbeddedChannel(new V2TransportHandler(REGTEST, true, is));
        assertThat(drain(initiator).length).isGreaterThanOrEqualTo(64);
        initiator.close();
        assertThat(is.shouldReconnectV1()).isTrue();

        TransportStatus answered = TransportStatus.detecting(true);
        EmbeddedChannel other = new EmbeddedChannel(new V2TransportHandler(REGTEST, true, answered));
        other.writeInbound(Unpooled.wrappedBuffer(new byte[] {1}));
        other.close();
        assertThat(answered.shouldReconnectV1()).isFalse();
    }

    @Test
    void wireSizesFollowTheEncoding() {
        TransportStatus v1 = TransportStatus.v1();
        assertThat(v1.wireSize("ping", 8)).isEqualTo(32);
        TransportStatus v2 = TransportStatus.detecting(true);
        assertThat(v2.wireSize("ping", 8)).isEqualTo(Bip324Cipher.EXPANSION + 1 + 8);
        assertThat(v2.wireSize("version", 100)).isEqualTo(Bip324Cipher.EXPANSION + 13 + 100);
    }

    @Test
    void shortIdsAreBip324s() {
        assertThat(ShortMessageIds.shortId("addr")).contains(1);
        assertThat(ShortMessageIds.shortId("addrv2")).contains(28);
        assertThat(ShortMessageIds.shortId("version")).isEmpty();
        assertThat(ShortMessageIds.command(21)).contains("tx");
        assertThat(ShortMessageIds.command(29)).contains("");
        assertThat(ShortMessageIds.command(33)).isEmpty();
        assertThat(ShortMessageIds.command(0)).isEmpty();
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) n += p.length;
        byte[] out = new byte[n];
        int o = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, o, p.length);
            o += p.length;
        }
        return out;
    }
}
