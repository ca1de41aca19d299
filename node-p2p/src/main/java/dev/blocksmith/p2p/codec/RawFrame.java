package dev.blocksmith.p2p.codec;

import java.util.Objects;

/** One framed P2P message before payload decoding: its command and checksum-verified payload bytes. */
public record RawFrame(String command, byte[] payload) {
    public RawFrame {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(payload, "payload");
    }

    /** Bytes this frame occupies on the wire, header included. */
    public int wireSize() {
        return FrameDecoder.HEADER_SIZE + payload.length;
    }
}
