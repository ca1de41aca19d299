package dev.blocksmith.it;

import dev.blocksmith.core.crypto.Hashes;
import dev.blocksmith.core.primitives.ByteWriter;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/**
 * A P2P peer on a bare socket that writes whatever bytes a test asks for, framed correctly or not, so
 * that the node's handling of hostile input can be observed from outside the process.
 */
public final class RawPeer implements AutoCloseable {
    /** Core's regtest message start (pchMessageStart). */
    public static final byte[] REGTEST_MAGIC = HexFormat.of().parseHex("fabfb5da");
    public static final int PROTOCOL_VERSION = 70016;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    public record Frame(String command, byte[] payload) { }

    public RawPeer(int port) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setTcpNoDelay(true);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    public static byte[] frame(byte[] magic, String command, byte[] payload) {
        byte[] cmd = Arrays.copyOf(command.getBytes(StandardCharsets.US_ASCII), 12);
        byte[] checksum = Arrays.copyOf(Hashes.sha256d(payload), 4);
        return new ByteWriter(24 + payload.length).bytes(magic).bytes(cmd).u32le(payload.length).bytes(checksum).bytes(payload).toByteArray();
    }

    public void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    public void send(String command, byte[] payload) throws IOException {
        sendRaw(frame(REGTEST_MAGIC, command, payload));
    }

    public static byte[] versionPayload(int startHeight) {
        ByteWriter w = new ByteWriter();
        w.i32le(PROTOCOL_VERSION).i64le(1 | 8).i64le(System.currentTimeMillis() / 1000);
        netAddr(w);
        netAddr(w);
        w.i64le(System.nanoTime() ^ 0x5eed_0000_0000L);
        w.varBytes("/hostile-test:0.1/".getBytes(StandardCharsets.US_ASCII));
        w.i32le(startHeight).u8(0);
        return w.toByteArray();
    }

    private static void netAddr(ByteWriter w) {
        w.i64le(0).bytes(new byte[10]).u8(0xff).u8(0xff).bytes(new byte[] {127, 0, 0, 1}).u16be(0);
    }

    /** version → version + verack; answers nothing else. Returns once both sides have sent verack. */
    public RawPeer handshake() throws IOException {
        send("version", versionPayload(0));
        boolean version = false;
        boolean verack = false;
        while (!(version && verack)) {
            Frame f = read(10_000).orElseThrow(() -> new IOException("handshake: connection closed"));
            switch (f.command()) {
                case "version" -> {
                    version = true;
                    send("verack", new byte[0]);
                }
                case "verack" -> verack = true;
                default -> { }
            }
        }
        return this;
    }

    /** The next frame, or empty when the node closed the connection; a timeout throws. */
    public Optional<Frame> read(int timeoutMillis) throws IOException {
        socket.setSoTimeout(timeoutMillis);
        try {
            byte[] header = new byte[24];
            in.readFully(header);
            int len = (header[16] & 0xff) | (header[17] & 0xff) << 8 | (header[18] & 0xff) << 16 | (header[19] & 0xff) << 24;
            byte[] payload = new byte[len];
            in.readFully(payload);
            int end = 4;
            while (end < 16 && header[end] != 0) end++;
            return Optional.of(new Frame(new String(header, 4, end - 4, StandardCharsets.US_ASCII), payload));
        } catch (EOFException | SocketException e) {
            return Optional.empty();
        }
    }

    /**
     * Reads (and drops) whatever comes until the node closes the connection; false if it is still open at the deadline.
     * Raw bytes, not frames: a node with -v2transport answers a start that is not a v1 version header with its BIP324
     * key and garbage before it disconnects.
     */
    public boolean closedByNodeWithin(int timeoutMillis) throws IOException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        byte[] sink = new byte[8192];
        while (System.currentTimeMillis() < deadline) {
            try {
                socket.setSoTimeout((int) Math.max(1, deadline - System.currentTimeMillis()));
                if (in.read(sink) < 0) return true;
            } catch (SocketTimeoutException e) {
                return false;
            } catch (SocketException e) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
