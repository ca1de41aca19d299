package dev.blocksmith.p2p.v2;

import dev.blocksmith.core.crypto.ElligatorSwift;
import dev.blocksmith.p2p.codec.DroppedFrame;
import dev.blocksmith.p2p.codec.FrameDecoder;
import dev.blocksmith.p2p.codec.FrameEncoder;
import dev.blocksmith.p2p.codec.ProtocolViolation;
import dev.blocksmith.p2p.codec.RawFrame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/**
 * BIP324's v2 transport for one connection, as bitcoind's V2Transport: the responder first tells a v1 peer from a v2
 * one by the first 16 bytes (network magic then {@code "version\0\0\0\0\0"} is v1, and this handler then hands the
 * connection to the v1 {@link FrameDecoder}/{@link FrameEncoder}); otherwise both sides send a 64-byte ElligatorSwift
 * key and up to 4095 bytes of garbage, then the garbage terminator and the encrypted version packet (with the sent
 * garbage as associated data), after which every message is one encrypted packet. Decoy packets are skipped.
 * <p>
 * It takes the place of the v1 frame decoder and encoder in the pipeline: it delivers {@link RawFrame}s (and
 * {@link DroppedFrame}s for invalid message types) and takes RawFrames to send; frames written before the handshake
 * lets us encrypt wait in order. Every received byte is counted in the {@link TransportStatus}; a failure is a
 * {@link ProtocolViolation} with bitcoind's "V2 transport error: ..." text, and the connection is closed.
 */
public final class V2TransportHandler extends ChannelDuplexHandler {
    private static final Logger log = LoggerFactory.getLogger(V2TransportHandler.class);
    /** bitcoind's V2Transport::MAX_GARBAGE_LEN. */
    public static final int MAX_GARBAGE_LEN = 4095;
    private static final int V1_PREFIX_LEN = 16;
    private static final byte[] VERSION_COMMAND = "version\0\0\0\0\0".getBytes(StandardCharsets.US_ASCII);
    /** Largest packet contents: long type encoding and the largest message (bitcoind's MAX_CONTENTS_LEN). */
    static final int MAX_CONTENTS_LEN = 1 + FrameDecoder.COMMAND_SIZE + FrameDecoder.MAX_PAYLOAD;
    private static final SecureRandom RANDOM = new SecureRandom();

    private enum RecvState { KEY_MAYBE_V1, KEY, GARB_GARBTERM, VERSION, APP }

    private record PendingWrite(RawFrame frame, ChannelPromise promise) {
    }

    private final byte[] magic;
    private final boolean initiating;
    private final TransportStatus status;
    private final ElligatorSwift.KeyPair key;
    private final KeyExchange keyExchange;
    private final byte[] sendGarbage;
    private final ArrayDeque<PendingWrite> pending = new ArrayDeque<>();
    private RecvState recvState;
    private ByteBuf received;
    private Bip324Cipher cipher;
    private byte[] recvAad = new byte[0];
    private int packetLength = -1;
    /** GARB_GARBTERM: the garbage ends already checked for the terminator (each byte is looked at once, as bitcoind). */
    private int garbageEndsChecked = Bip324Cipher.GARBAGE_TERMINATOR_SIZE - 1;
    private boolean ready;
    private boolean failed;
    private boolean sentV1HeaderWorth;

    /**
     * @param initiating true for our outbound connections (we send our key at once), false for inbound ones (we
     *                   first detect v1 or v2)
     */
    public V2TransportHandler(byte[] magic, boolean initiating, TransportStatus status) {
        this(magic, initiating, status, ElligatorSwift.createKeyPair(), randomGarbage());
    }

    V2TransportHandler(byte[] magic, boolean initiating, TransportStatus status, ElligatorSwift.KeyPair key, byte[] garbage) {
        this(magic, initiating, status, key, garbage, KeyExchange.BIP324);
    }

    V2TransportHandler(byte[] magic, boolean initiating, TransportStatus status, ElligatorSwift.KeyPair key, byte[] garbage,
                       KeyExchange keyExchange) {
        if (garbage.length > MAX_GARBAGE_LEN) throw new IllegalArgumentException("garbage too long");
        this.magic = magic.clone();
        this.initiating = initiating;
        this.status = status;
        this.key = key;
        this.keyExchange = keyExchange;
        this.sendGarbage = garbage.clone();
        this.recvState = initiating ? RecvState.KEY : RecvState.KEY_MAYBE_V1;
    }

    private static byte[] randomGarbage() {
        byte[] g = new byte[RANDOM.nextInt(MAX_GARBAGE_LEN + 1)];
        RANDOM.nextBytes(g);
        return g;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        received = ctx.alloc().buffer();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (received != null) {
            received.release();
            received = null;
        }
        // Frames never sent because the connection closed first; a void promise would report it as a pipeline error.
        for (PendingWrite w : pending) {
            if (!w.promise().isVoid()) w.promise().tryFailure(new java.nio.channels.ClosedChannelException());
        }
        pending.clear();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ctx.fireChannelActive();
        if (initiating) startSendingHandshake(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        // bitcoind's ShouldReconnectV1: we opened the connection, sent at least a v1 header's worth of our key, and
        // received nothing at all; a v1 peer disconnects exactly then.
        status.reconnectV1(initiating && recvState == RecvState.KEY && status.rawBytesReceived() == 0 && sentV1HeaderWorth);
        ctx.fireChannelInactive();
    }

    private void startSendingHandshake(ChannelHandlerContext ctx) {
        byte[] ours = key.encoded();
        ByteBuf out = Unpooled.buffer(ours.length + sendGarbage.length);
        out.writeBytes(ours).writeBytes(sendGarbage);
        status.sent(out.readableBytes());
        ctx.writeAndFlush(out).addListener((ChannelFutureListener) f -> {
            if (f.isSuccess()) {
                sentV1HeaderWorth = true;
                log.debug("start sending v2 handshake to peer={}", status.peerId());
            }
        });
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf in)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            if (failed) return;
            status.received(in.readableBytes());
            received.writeBytes(in);
        } finally {
            ReferenceCountUtil.release(msg);
        }
        try {
            process(ctx);
        } catch (ProtocolViolation e) {
            failed = true;
            received.clear();
            throw e;
        }
    }

    private void process(ChannelHandlerContext ctx) {
        while (received != null && !failed) {
            boolean progress = switch (recvState) {
                case KEY_MAYBE_V1 -> detect(ctx);
                case KEY -> receiveKey(ctx);
                case GARB_GARBTERM -> receiveGarbage();
                case VERSION, APP -> receivePacket(ctx);
            };
            if (!progress) return;
        }
    }

    /** KEY_MAYBE_V1: the v1 prefix decides; a mismatch in any byte means v2 and our key goes out. */
    private boolean detect(ChannelHandlerContext ctx) {
        int n = Math.min(received.readableBytes(), V1_PREFIX_LEN);
        for (int i = 0; i < n; i++) {
            byte expected = i < 4 ? magic[i] : VERSION_COMMAND[i - 4];
            if (received.getByte(received.readerIndex() + i) != expected) {
                recvState = RecvState.KEY;
                status.respondingV2();
                startSendingHandshake(ctx);
                return true;
            }
        }
        if (n < V1_PREFIX_LEN) return false;
        fallBackToV1(ctx);
        return false;
    }

    /** A v1 peer: the v1 framing handlers take over, starting with the bytes received so far. */
    private void fallBackToV1(ChannelHandlerContext ctx) {
        ByteBuf rest = received;
        received = null;
        status.fellBackToV1(rest.readableBytes());
        var pipeline = ctx.pipeline();
        pipeline.addAfter(ctx.name(), "frames", new FrameDecoder(magic));
        pipeline.addAfter("frames", "encoder", new FrameEncoder(magic));
        ArrayDeque<PendingWrite> writes = new ArrayDeque<>(pending);
        pending.clear();
        ctx.fireChannelRead(rest);
        pipeline.remove(this);
        for (PendingWrite w : writes) ctx.channel().write(w.frame(), w.promise());
        if (!writes.isEmpty()) ctx.channel().flush();
    }

    /** KEY: the peer's 64-byte ElligatorSwift key; then the ciphers start and our terminator and version go out. */
    private boolean receiveKey(ChannelHandlerContext ctx) {
        int available = received.readableBytes();
        // As bitcoind: a responder seeing a v1 version header behind a different magic is a peer of another network.
        if (!initiating && available >= V1_PREFIX_LEN) {
            boolean versionHeader = true;
            for (int i = 0; i < VERSION_COMMAND.length; i++) {
                if (received.getByte(received.readerIndex() + 4 + i) != VERSION_COMMAND[i]) {
                    versionHeader = false;
                    break;
                }
            }
            if (versionHeader) {
                byte[] start = new byte[4];
                received.getBytes(received.readerIndex(), start);
                throw new ProtocolViolation("V2 transport error: V1 peer with wrong MessageStart " + HexFormat.of().formatHex(start));
            }
        }
        if (available < ElligatorSwift.ENCODED_SIZE) return false;
        byte[] theirs = new byte[ElligatorSwift.ENCODED_SIZE];
        received.readBytes(theirs);
        cipher = Bip324Cipher.fromKeys(keyExchange.agree(key, theirs, initiating, magic), initiating);
        recvState = RecvState.GARB_GARBTERM;
        ready = true;
        // Our garbage terminator and version packet (empty contents, the garbage we sent as associated data); no decoys.
        byte[] terminator = cipher.sendGarbageTerminator();
        byte[] version = cipher.encrypt(new byte[0], sendGarbage, false);
        ByteBuf out = Unpooled.buffer(terminator.length + version.length);
        out.writeBytes(terminator).writeBytes(version);
        status.sent(out.readableBytes());
        ctx.write(out);
        while (!pending.isEmpty()) {
            PendingWrite w = pending.poll();
            ctx.write(encode(w.frame()), w.promise());
        }
        ctx.flush();
        return true;
    }

    /** GARB_GARBTERM: garbage up to 4095 bytes, ended by the peer's 16-byte terminator. */
    private boolean receiveGarbage() {
        byte[] terminator = cipher.recvGarbageTerminator();
        int limit = Math.min(received.readableBytes(), MAX_GARBAGE_LEN + Bip324Cipher.GARBAGE_TERMINATOR_SIZE);
        int start = received.readerIndex();
        for (int end = garbageEndsChecked + 1; end <= limit; end++) {
            garbageEndsChecked = end;
            if (matches(start + end - terminator.length, terminator)) {
                recvAad = new byte[end - terminator.length];
                received.readBytes(recvAad);
                received.skipBytes(terminator.length);
                received.discardReadBytes();
                recvState = RecvState.VERSION;
                return true;
            }
        }
        if (limit == MAX_GARBAGE_LEN + Bip324Cipher.GARBAGE_TERMINATOR_SIZE) {
            throw new ProtocolViolation("V2 transport error: missing garbage terminator");
        }
        return false;
    }

    private boolean matches(int offset, byte[] expected) {
        for (int i = 0; i < expected.length; i++) {
            if (received.getByte(offset + i) != expected[i]) return false;
        }
        return true;
    }

    /** VERSION and APP: one encrypted packet; decoys are dropped, the first real one is the peer's version packet. */
    private boolean receivePacket(ChannelHandlerContext ctx) {
        if (packetLength < 0) {
            if (received.readableBytes() < Bip324Cipher.LENGTH_SIZE) return false;
            byte[] encLength = new byte[Bip324Cipher.LENGTH_SIZE];
            received.readBytes(encLength);
            packetLength = cipher.decryptLength(encLength);
            if (packetLength > MAX_CONTENTS_LEN) {
                throw new ProtocolViolation("V2 transport error: packet too large (" + packetLength + " bytes)");
            }
        }
        int size = Bip324Cipher.HEADER_SIZE + packetLength + FsChaCha20Poly1305.TAG_SIZE;
        if (received.readableBytes() < size) return false;
        byte[] ciphertext = new byte[size];
        received.readBytes(ciphertext);
        int contentsLength = packetLength;
        packetLength = -1;
        Optional<Bip324Cipher.Packet> packet = cipher.decrypt(ciphertext, recvAad);
        if (packet.isEmpty()) {
            throw new ProtocolViolation("V2 transport error: packet decryption failure (" + contentsLength + " bytes)");
        }
        recvAad = new byte[0];
        received.discardReadBytes();
        if (packet.get().ignore()) return true;
        if (recvState == RecvState.VERSION) {
            // The version packet's contents are reserved for later extensions and ignored, as bitcoind does.
            recvState = RecvState.APP;
            status.established(cipher.sessionId());
            return true;
        }
        ctx.fireChannelRead(decodeMessage(packet.get().contents()));
        return true;
    }

    /** bitcoind's V2Transport::GetMessageType: a short id, or 0x00 and a 12-byte NUL-padded ASCII type. */
    private Object decodeMessage(byte[] contents) {
        int wireSize = contents.length + Bip324Cipher.EXPANSION;
        if (contents.length == 0) return new DroppedFrame(wireSize, invalidType(contents));
        int first = contents[0] & 0xff;
        if (first != 0) {
            Optional<String> command = ShortMessageIds.command(first);
            if (command.isEmpty()) return new DroppedFrame(wireSize, invalidType(contents));
            return new RawFrame(command.get(), Arrays.copyOfRange(contents, 1, contents.length));
        }
        if (contents.length < 1 + FrameDecoder.COMMAND_SIZE) return new DroppedFrame(wireSize, invalidType(contents));
        int len = 0;
        while (len < FrameDecoder.COMMAND_SIZE && contents[1 + len] != 0) {
            int c = contents[1 + len] & 0xff;
            if (c < ' ' || c > 0x7f) return new DroppedFrame(wireSize, invalidType(contents));
            len++;
        }
        for (int i = len; i < FrameDecoder.COMMAND_SIZE; i++) {
            if (contents[1 + i] != 0) return new DroppedFrame(wireSize, invalidType(contents));
        }
        String command = new String(contents, 1, len, StandardCharsets.US_ASCII);
        return new RawFrame(command, Arrays.copyOfRange(contents, 1 + FrameDecoder.COMMAND_SIZE, contents.length));
    }

    private static String invalidType(byte[] contents) {
        return "V2 transport error: invalid message type (" + contents.length + " bytes contents)";
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof RawFrame frame)) {
            ctx.write(msg, promise);
            return;
        }
        if (!ready) {
            pending.add(new PendingWrite(frame, promise));
            return;
        }
        ctx.write(encode(frame), promise);
    }

    /** One application message as a v2 packet: short id or long type encoding, then the payload. */
    private ByteBuf encode(RawFrame frame) {
        Optional<Integer> id = ShortMessageIds.shortId(frame.command());
        byte[] payload = frame.payload();
        byte[] contents;
        if (id.isPresent()) {
            contents = new byte[1 + payload.length];
            contents[0] = (byte) (int) id.get();
            System.arraycopy(payload, 0, contents, 1, payload.length);
        } else {
            byte[] command = frame.command().getBytes(StandardCharsets.US_ASCII);
            if (command.length > FrameDecoder.COMMAND_SIZE) throw new IllegalArgumentException("command too long: " + frame.command());
            contents = new byte[1 + FrameDecoder.COMMAND_SIZE + payload.length];
            System.arraycopy(command, 0, contents, 1, command.length);
            System.arraycopy(payload, 0, contents, 1 + FrameDecoder.COMMAND_SIZE, payload.length);
        }
        byte[] packet = cipher.encrypt(contents, new byte[0], false);
        status.sent(packet.length);
        return Unpooled.wrappedBuffer(packet);
    }
}
