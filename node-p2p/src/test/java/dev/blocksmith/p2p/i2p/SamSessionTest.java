package dev.blocksmith.p2p.i2p;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The SAM v3.1 client against an in-process bridge ({@link FakeSamBridge}). */
class SamSessionTest {
    private static final String PEER = "zsxwyo6qcn3chqzwxnseusqgsnuw3maqnztkiypyfxtya4snkoka.b32.i2p";
    private static final Duration REPLY = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @Test
    void aPersistentSessionGeneratesAndKeepsItsKeyThenConnects() throws Exception {
        Path keyFile = dir.resolve("i2p_private_key");
        try (FakeSamBridge bridge = new FakeSamBridge();
             SamSession session = SamSession.forTest(bridge.address(), Optional.of(keyFile), REPLY)) {
            try (SocketChannel stream = session.connect(PEER)) {
                // the bytes after STREAM STATUS are the peer's, untouched by the SAM exchange
                assertThat(read(stream, FakeSamBridge.PEER_GREETING.length)).isEqualTo(FakeSamBridge.PEER_GREETING);
            }
            List<String> requests = List.copyOf(bridge.requests);
            assertThat(requests.get(0)).isEqualTo("HELLO VERSION MIN=3.1 MAX=3.1");
            assertThat(requests.get(1)).isEqualTo("DEST GENERATE SIGNATURE_TYPE=7");
            String id = requests.get(2).split(" ")[3].substring("ID=".length());
            assertThat(id).matches("[0-9a-f]{10}");
            assertThat(requests.get(2)).isEqualTo("SESSION CREATE STYLE=STREAM ID=" + id + " DESTINATION="
                    + I2pDestination.encodeBase64(FakeSamBridge.PRIVATE_KEY)
                    + " i2cp.leaseSetEncType=4,0 inbound.quantity=3 outbound.quantity=3");
            assertThat(requests.subList(3, 6)).containsExactly("HELLO VERSION MIN=3.1 MAX=3.1", "NAMING LOOKUP NAME=" + PEER,
                    "STREAM CONNECT ID=" + id + " DESTINATION=" + I2pDestination.encodeBase64(FakeSamBridge.PEER_DESTINATION)
                            + " SILENT=false");
            assertThat(Files.readAllBytes(keyFile)).isEqualTo(FakeSamBridge.PRIVATE_KEY);
            assertThat(session.myAddress()).contains(I2pDestination.address(FakeSamBridge.DESTINATION));
        }
        // A restarted node reads the key back: same address, no DEST GENERATE.
        try (FakeSamBridge bridge = new FakeSamBridge();
             SamSession session = SamSession.forTest(bridge.address(), Optional.of(keyFile), REPLY)) {
            session.connect(PEER).close();
            assertThat(bridge.requests).noneMatch(r -> r.startsWith("DEST GENERATE"));
            assertThat(bridge.requests).anyMatch(r -> r.contains("DESTINATION=" + I2pDestination.encodeBase64(FakeSamBridge.PRIVATE_KEY) + " "));
        }
    }

    @Test
    void aTransientSessionAsksForATransientDestination() throws Exception {
        try (FakeSamBridge bridge = new FakeSamBridge();
             SamSession session = SamSession.forTest(bridge.address(), Optional.empty(), REPLY)) {
            session.connect(PEER).close();
            assertThat(bridge.requests).anyMatch(r -> r.startsWith("SESSION CREATE STYLE=STREAM ID=")
                    && r.endsWith(" DESTINATION=TRANSIENT SIGNATURE_TYPE=7 i2cp.leaseSetEncType=4,0 inbound.quantity=1 outbound.quantity=1"));
            assertThat(bridge.requests).noneMatch(r -> r.startsWith("DEST GENERATE"));
            assertThat(session.isTransient()).isTrue();
            assertThat(Files.list(dir)).isEmpty();
        }
    }

    @Test
    void theSessionIsReusedUntilItsControlConnectionCloses() throws Exception {
        try (FakeSamBridge bridge = new FakeSamBridge();
             SamSession session = SamSession.forTest(bridge.address(), Optional.of(dir.resolve("key")), REPLY)) {
            session.connect(PEER).close();
            session.connect(PEER).close();
            assertThat(bridge.sessionsCreated.get()).isEqualTo(1);
            bridge.dropConnections();
            Thread.sleep(100);
            session.connect(PEER).close();
            assertThat(bridge.sessionsCreated.get()).isEqualTo(2);
        }
    }

    @Test
    void failuresAreReportedInBitcoindsWords() throws Exception {
        int unused;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            unused = s.getLocalPort();
        }
        InetSocketAddress nobody = new InetSocketAddress(InetAddress.getLoopbackAddress(), unused);
        try (SamSession session = SamSession.forTest(nobody, Optional.empty(), REPLY)) {
            assertThatThrownBy(() -> session.connect(PEER)).isInstanceOf(SamException.class)
                    .hasMessage("Cannot connect to 127.0.0.1:" + unused);
        }
        try (FakeSamBridge bridge = new FakeSamBridge();
             SamSession session = SamSession.forTest(bridge.address(), Optional.of(dir.resolve("k")), REPLY)) {
            bridge.refuse.put("STREAM CONNECT", "STREAM STATUS RESULT=CANT_REACH_PEER");
            assertThatThrownBy(() -> session.connect(PEER)).hasMessage("\"STREAM STATUS RESULT=CANT_REACH_PEER\"");
            // the private key in SESSION CREATE never reaches an error text
            bridge.dropConnections();
            bridge.refuse.put("SESSION CREATE", "SESSION STATUS RESULT=DUPLICATED_DEST");
            assertThatThrownBy(() -> session.connect(PEER))
                    .hasMessage("Unexpected reply to \"SESSION CREATE ...\": \"SESSION STATUS RESULT=DUPLICATED_DEST\"");
            bridge.refuse.remove("SESSION CREATE");
            bridge.refuse.put("NAMING LOOKUP", "NAMING REPLY RESULT=OK NAME=" + PEER);
            assertThatThrownBy(() -> session.connect(PEER))
                    .hasMessage("Missing VALUE= in the reply to \"NAMING LOOKUP NAME=" + PEER + "\": \"NAMING REPLY RESULT=OK NAME=" + PEER + "\"");
        }
    }

    @Test
    void anAcceptedStreamNamesThePeerAndCarriesItsBytes() throws Exception {
        try (FakeSamBridge bridge = new FakeSamBridge();
             SamSession session = SamSession.forTest(bridge.address(), Optional.of(dir.resolve("key")), REPLY)) {
            SamSession.Listening listening = session.listen();
            assertThat(listening.me()).isEqualTo(I2pDestination.address(FakeSamBridge.DESTINATION));
            assertThat(bridge.requests).anyMatch(r -> r.matches("STREAM ACCEPT ID=[0-9a-f]{10} SILENT=false"));
            SamSession.Accepted accepted = session.accept(listening, REPLY);
            assertThat(accepted.peer()).isEqualTo(I2pDestination.address(FakeSamBridge.PEER_DESTINATION));
            try (SocketChannel stream = accepted.channel()) {
                assertThat(read(stream, FakeSamBridge.PEER_GREETING.length)).isEqualTo(FakeSamBridge.PEER_GREETING);
            }
        }
    }

    @Test
    void destinationsAndAddresses() throws Exception {
        byte[] withCertificate = java.util.Arrays.copyOf(FakeSamBridge.DESTINATION, 387 + 3 + 10);
        withCertificate[385] = 0;
        withCertificate[386] = 3;
        assertThat(I2pDestination.ofPrivateKey(withCertificate)).hasSize(390);
        assertThatThrownBy(() -> I2pDestination.ofPrivateKey(new byte[100]))
                .hasMessage("The private key is too short (100 < 387)");
        withCertificate[386] = 100;
        assertThatThrownBy(() -> I2pDestination.ofPrivateKey(withCertificate))
                .hasMessage("Certificate length (100) designates that the private key should be 487 bytes, but it is only 400 bytes");
        // I2P's Base64 alphabet ends in - and ~ where the standard one has + and /
        assertThat(I2pDestination.encodeBase64(new byte[] {(byte) 0xfb, (byte) 0xff})).isEqualTo("-~8=");
        assertThat(I2pDestination.decodeBase64("-~8=")).containsExactly(0xfb, 0xff);
        assertThatThrownBy(() -> I2pDestination.decodeBase64("*")).hasMessage("Cannot decode Base64: \"*\"");
        assertThat(I2pDestination.address(FakeSamBridge.DESTINATION)).matches("[a-z2-7]{52}\\.b32\\.i2p");
    }

    private static byte[] read(SocketChannel channel, int n) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(n);
        while (buf.hasRemaining()) {
            if (channel.read(buf) < 0) break;
        }
        return java.util.Arrays.copyOf(buf.array(), buf.position());
    }
}
