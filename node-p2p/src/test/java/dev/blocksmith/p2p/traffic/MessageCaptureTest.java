package dev.blocksmith.p2p.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MessageCaptureTest {
    @TempDir
    Path dataDir;

    record Captured(long micros, String type, byte[] payload) {
    }

    /** Reads a capture file as Core's message-capture parser does. */
    static List<Captured> read(Path file) throws Exception {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        List<Captured> out = new ArrayList<>();
        while (b.hasRemaining()) {
            long micros = b.getLong();
            byte[] type = new byte[12];
            b.get(type);
            int len = 0;
            while (len < 12 && type[len] != 0) len++;
            byte[] payload = new byte[b.getInt()];
            b.get(payload);
            out.add(new Captured(micros, new String(type, 0, len, java.nio.charset.StandardCharsets.US_ASCII), payload));
        }
        return out;
    }

    @Test
    void appendsRecordsPerPeerAndDirection() throws Exception {
        MessageCapture c = MessageCapture.into(dataDir);
        c.capture("127.0.0.1:18444", "version", new byte[] {1, 2, 3}, true, 1_000_001L);
        c.capture("127.0.0.1:18444", "verack", new byte[0], true, 1_000_002L);
        c.capture("127.0.0.1:18444", "sendaddrv2", new byte[0], false, 7L);
        c.capture("[::1]:8333", "ping", new byte[] {9, 9, 9, 9, 9, 9, 9, 9}, false, 8L);

        List<Captured> recv = read(dataDir.resolve("message_capture/127.0.0.1_18444/msgs_recv.dat"));
        assertThat(recv).extracting(Captured::type).containsExactly("version", "verack");
        assertThat(recv.get(0).micros()).isEqualTo(1_000_001L);
        assertThat(recv.get(0).payload()).containsExactly(1, 2, 3);
        assertThat(read(dataDir.resolve("message_capture/127.0.0.1_18444/msgs_sent.dat")))
                .extracting(Captured::type).containsExactly("sendaddrv2");
        List<Captured> v6 = read(dataDir.resolve("message_capture/[__1]_8333/msgs_sent.dat"));
        assertThat(v6).hasSize(1);
        assertThat(v6.get(0).payload()).hasSize(8);
    }

    @Test
    void headerIsTimeTypeAndLength() {
        byte[] h = MessageCapture.header("sendcmpct", 9, 0x0102030405060708L);
        assertThat(h).hasSize(24);
        assertThat(h[0]).isEqualTo((byte) 0x08);
        assertThat(new String(h, 8, 9, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("sendcmpct");
        assertThat(h[17]).isZero();
        assertThat(h[19]).isZero();
        assertThat(h[20]).isEqualTo((byte) 9);
    }

    @Test
    void offWritesNothing() throws Exception {
        MessageCapture off = MessageCapture.off();
        off.capture("127.0.0.1:1", "ping", new byte[8], true, 1);
        assertThat(off.enabled()).isFalse();
        try (var files = Files.list(dataDir)) {
            assertThat(files).isEmpty();
        }
    }
}
