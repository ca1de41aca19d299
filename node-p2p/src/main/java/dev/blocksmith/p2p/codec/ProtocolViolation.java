package dev.blocksmith.p2p.codec;

/**
 * The remote side broke the framing or message rules in a way that justifies disconnecting and
 * discouraging it (wrong magic, bad checksum, oversized or undecodable message).
 * <p>
 * It carries no stack trace: it is an expected outcome of a peer's bytes, reported by its message, and filling in
 * the trace (dozens of Netty frames deep) would let a peer make every malformed input cost far more than its decode.
 */
public final class ProtocolViolation extends RuntimeException {
    public ProtocolViolation(String message) {
        super(message, null, false, false);
    }
}
