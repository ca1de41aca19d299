package dev.blocksmith.p2p.traffic;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * bitcoind's -capturemessages (CaptureMessageToFile): every message sent to or received from a peer is appended to
 * {@code <datadir>/message_capture/<addr_port>/msgs_sent.dat} or {@code msgs_recv.dat}, the peer's address with
 * ':' replaced by '_'. A record is the time in microseconds (8 bytes, little-endian), the message type padded with
 * zeros to 12 bytes, the payload's length (4 bytes, little-endian) and the payload: the format of Core's
 * contrib/message-capture parser. A debugging aid, as in bitcoind: each record opens and appends to its file.
 */
public final class MessageCapture {
    private static final Logger log = LoggerFactory.getLogger(MessageCapture.class);
    /** bitcoind's CMessageHeader::MESSAGE_TYPE_SIZE. */
    static final int MESSAGE_TYPE_SIZE = 12;

    private final Optional<Path> dir;
    private volatile boolean failed;

    private MessageCapture(Optional<Path> dir) {
        this.dir = dir;
    }

    /** Captures into {@code networkDataDir/message_capture}. */
    public static MessageCapture into(Path networkDataDir) {
        return new MessageCapture(Optional.of(networkDataDir.resolve("message_capture")));
    }

    public static MessageCapture off() {
        return new MessageCapture(Optional.empty());
    }

    public boolean enabled() {
        return dir.isPresent();
    }

    /**
     * Appends one message. {@code peerAddress} is the peer's "ip:port" as bitcoind prints it. A write that fails is
     * logged once and capture stops: it must never disturb the connection.
     */
    public void capture(String peerAddress, String messageType, byte[] payload, boolean incoming, long nowMicros) {
        if (dir.isEmpty() || failed) return;
        Path peerDir = dir.get().resolve(peerAddress.replace(':', '_'));
        try {
            Files.createDirectories(peerDir);
            try (OutputStream out = Files.newOutputStream(peerDir.resolve(incoming ? "msgs_recv.dat" : "msgs_sent.dat"),
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                out.write(header(messageType, payload.length, nowMicros));
                out.write(payload);
            }
        } catch (IOException e) {
            failed = true;
            log.error("Message capture into {} failed, capture stops: {}", peerDir, e.toString());
        }
    }

    static byte[] header(String messageType, int length, long nowMicros) {
        byte[] type = messageType.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(8 + MESSAGE_TYPE_SIZE + 4).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(nowMicros);
        b.put(type, 0, Math.min(type.length, MESSAGE_TYPE_SIZE));
        b.position(8 + MESSAGE_TYPE_SIZE);
        b.putInt(length);
        return b.array();
    }
}
