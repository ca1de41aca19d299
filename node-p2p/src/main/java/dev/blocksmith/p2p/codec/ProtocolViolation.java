package dev.blocksmith.p2p.codec;

/**
 * The remote side broke the framing or message rules in a way that justifies disconnecting and
 * discouraging it (wrong magic, bad checksum, oversized or undecodable message).
 */
public final class ProtocolViolation extends RuntimeException {
    public ProtocolViolation(String message) {
        super(message);
    }
}
