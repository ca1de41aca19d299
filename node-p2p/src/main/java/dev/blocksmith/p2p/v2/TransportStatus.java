package dev.blocksmith.p2p.v2;

import dev.blocksmith.p2p.codec.FrameDecoder;

/**
 * What the transport of one connection is, shared by its Netty transport handler and its {@code Peer} (both on the
 * network event loop): getpeerinfo's {@code transport_protocol_type} and {@code session_id}, the raw bytes a v2
 * transport has received (bitcoind counts every received byte, handshake included, in {@code bytesrecv}), the message
 * sizes on the wire, and whether a failed outbound v2 attempt should be retried with v1.
 */
public final class TransportStatus {
    /** getpeerinfo's transport_protocol_type values. */
    public enum Type {
        DETECTING("detecting"), V1("v1"), V2("v2");

        private final String rpcName;

        Type(String rpcName) {
            this.rpcName = rpcName;
        }

        public String rpcName() {
            return rpcName;
        }
    }

    private Type type;
    private boolean sendsV2;
    private byte[] sessionId = new byte[0];
    private long rawBytesReceived;
    private long rawBytesSent;
    private boolean reconnectV1;
    private long peerId = -1;

    private TransportStatus(Type type, boolean sendsV2) {
        this.type = type;
        this.sendsV2 = sendsV2;
    }

    /** A v1-only connection (-v2transport=0, or an outbound connection made with v1). */
    public static TransportStatus v1() {
        return new TransportStatus(Type.V1, false);
    }

    /** A connection whose transport is still being negotiated: outbound v2 attempts and inbound detection. */
    public static TransportStatus detecting(boolean initiating) {
        return new TransportStatus(Type.DETECTING, initiating);
    }

    public Type type() { return type; }

    /** The BIP324 session id once the peer's version packet authenticated; empty otherwise. */
    public byte[] sessionId() { return sessionId.clone(); }

    /** Whether received bytes are counted raw by the v2 handler rather than per decoded frame. */
    public boolean countsRawBytes() { return type != Type.V1; }

    public long rawBytesReceived() { return rawBytesReceived; }

    /** Whether sent bytes are counted raw by the v2 handler (keys, garbage and packets) rather than per message. */
    public boolean countsRawBytesSent() { return sendsV2; }

    public long rawBytesSent() { return rawBytesSent; }

    /** bitcoind's V2Transport::ShouldReconnectV1, fixed when the connection closes. */
    public boolean shouldReconnectV1() { return reconnectV1; }

    public long peerId() { return peerId; }

    public void peerId(long id) { peerId = id; }

    /**
     * Bytes one message takes on the wire: the 24-byte v1 header, or a v2 packet (length, header byte, tag) with the
     * one-byte short id or the 13-byte long message type encoding.
     */
    public int wireSize(String command, int payloadLength) {
        if (!sendsV2) return FrameDecoder.HEADER_SIZE + payloadLength;
        int typeLength = ShortMessageIds.shortId(command).isPresent() ? 1 : 1 + FrameDecoder.COMMAND_SIZE;
        return Bip324Cipher.EXPANSION + typeLength + payloadLength;
    }

    void received(int n) { rawBytesReceived += n; }

    void sent(int n) { rawBytesSent += n; }

    void fellBackToV1(int bytesHandedOver) {
        type = Type.V1;
        sendsV2 = false;
        rawBytesReceived -= bytesHandedOver;
    }

    void respondingV2() { sendsV2 = true; }

    void established(byte[] session) {
        type = Type.V2;
        sessionId = session.clone();
    }

    void reconnectV1(boolean v) { reconnectV1 = v; }
}
