package dev.blocksmith.p2p.i2p;

import dev.blocksmith.p2p.LoopbackServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An in-process SAM v3.1 bridge for the session tests: it answers HELLO, DEST GENERATE, SESSION CREATE, NAMING
 * LOOKUP, STREAM CONNECT and STREAM ACCEPT as an I2P router does, records every request, and can be told to refuse
 * a command. A STREAM CONNECT that succeeds is followed by the peer's bytes ({@link #peerGreeting}); an accepted
 * stream gets {@link #acceptingPeer}'s destination line and then the same greeting.
 */
final class FakeSamBridge implements AutoCloseable {
    /** A destination of the I2P common-structure form: 387 bytes with a zero-length certificate. */
    static final byte[] DESTINATION = destination((byte) 7);
    /** A private key: the destination followed by key material. */
    static final byte[] PRIVATE_KEY = concat(DESTINATION, new byte[64]);
    static final byte[] PEER_DESTINATION = destination((byte) 9);
    static final byte[] PEER_GREETING = "peer bytes".getBytes(StandardCharsets.US_ASCII);

    private final LoopbackServer server;
    // Copy-on-write: the tests stream it while the bridge thread appends.
    final List<String> requests = new CopyOnWriteArrayList<>();
    final Map<String, String> refuse = new ConcurrentHashMap<>();
    final AtomicInteger sessionsCreated = new AtomicInteger();
    private volatile String sessionId = "";

    FakeSamBridge() throws IOException {
        server = new LoopbackServer(this::converse);
    }

    InetSocketAddress address() {
        return server.address();
    }

    /** Closes the control connections, as a router that dropped the sessions. */
    void dropConnections() throws IOException {
        server.dropConnections();
    }

    private void converse(Socket s) {
        try (s) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            for (String line = readLine(in); line != null; line = readLine(in)) {
                requests.add(line);
                String command = line.split(" ")[0] + " " + (line.contains(" ") ? line.split(" ")[1] : "");
                String refusal = refuse.get(command);
                if (refusal != null) {
                    write(out, refusal);
                    continue;
                }
                switch (command) {
                    case "HELLO VERSION" -> write(out, "HELLO REPLY RESULT=OK VERSION=3.1");
                    case "DEST GENERATE" -> write(out, "DEST REPLY PUB=" + I2pDestination.encodeBase64(DESTINATION)
                            + " PRIV=" + I2pDestination.encodeBase64(PRIVATE_KEY));
                    case "SESSION CREATE" -> {
                        sessionId = value(line, "ID");
                        sessionsCreated.incrementAndGet();
                        String dest = value(line, "DESTINATION");
                        write(out, "SESSION STATUS RESULT=OK DESTINATION="
                                + (dest.equals("TRANSIENT") ? I2pDestination.encodeBase64(PRIVATE_KEY) : dest));
                    }
                    case "NAMING LOOKUP" -> write(out, "NAMING REPLY RESULT=OK NAME=" + value(line, "NAME") + " VALUE="
                            + I2pDestination.encodeBase64(PEER_DESTINATION));
                    case "STREAM CONNECT" -> {
                        if (!value(line, "ID").equals(sessionId)) {
                            write(out, "STREAM STATUS RESULT=INVALID_ID");
                            continue;
                        }
                        // the reply and the peer's first bytes in one write, as a fast peer's arrive
                        out.write(("STREAM STATUS RESULT=OK\n").getBytes(StandardCharsets.US_ASCII));
                        out.write(PEER_GREETING);
                        out.flush();
                        s.getInputStream().transferTo(OutputStream.nullOutputStream());
                        return;
                    }
                    case "STREAM ACCEPT" -> {
                        write(out, "STREAM STATUS RESULT=OK");
                        out.write((I2pDestination.encodeBase64(PEER_DESTINATION) + "\n").getBytes(StandardCharsets.US_ASCII));
                        out.write(PEER_GREETING);
                        out.flush();
                        s.getInputStream().transferTo(OutputStream.nullOutputStream());
                        return;
                    }
                    default -> write(out, "UNKNOWN");
                }
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    private static String value(String line, String key) {
        for (String token : line.split(" ")) {
            if (token.startsWith(key + "=")) return token.substring(key.length() + 1);
        }
        return "";
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b >= 0; b = in.read()) {
            if (b == '\n') return line.toString(StandardCharsets.US_ASCII);
            line.write(b);
        }
        return null;
    }

    private static void write(OutputStream out, String line) throws IOException {
        out.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static byte[] destination(byte fill) {
        byte[] d = new byte[387];
        java.util.Arrays.fill(d, 0, 385, fill);
        return d;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
