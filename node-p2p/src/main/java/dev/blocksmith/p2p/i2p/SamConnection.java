package dev.blocksmith.p2p.i2p;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One TCP connection to the SAM bridge, spoken line by line. A reply is read one byte at a time up to its newline,
 * never further: after STREAM CONNECT's or STREAM ACCEPT's OK (and ACCEPT's peer destination line) the same socket
 * carries the peer's bytes, which must stay unread for the P2P connection (bitcoind peeks for the same reason).
 */
final class SamConnection implements AutoCloseable {
    /** bitcoind's i2p MAX_MSG_SIZE: the longest reply line accepted. */
    static final int MAX_LINE = 65535;

    private final SocketChannel channel;
    private final InputStream in;

    private SamConnection(SocketChannel channel) throws IOException {
        this.channel = channel;
        this.in = channel.socket().getInputStream();
    }

    /** Connects to the bridge; {@code display} names it in the error ("Cannot connect to 127.0.0.1:7656"). */
    static SamConnection open(InetSocketAddress bridge, String display, Duration connectTimeout) throws SamException {
        SocketChannel channel = null;
        try {
            channel = SocketChannel.open();
            channel.socket().connect(bridge, (int) connectTimeout.toMillis());
            channel.socket().setTcpNoDelay(true);
            return new SamConnection(channel);
        } catch (IOException e) {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // nothing more to release
                }
            }
            throw new SamException("Cannot connect to " + display);
        }
    }

    /** Sends {@code request} and reads its reply line; with {@code checkResultOk}, anything but RESULT=OK fails. */
    SamReply request(String request, boolean checkResultOk, Duration timeout) throws SamException {
        send(request);
        SamReply reply = SamReply.parse(request, readLine(timeout));
        if (checkResultOk && !"OK".equals(reply.keys().getOrDefault("RESULT", java.util.Optional.empty()).orElse(null))) {
            throw new SamException("Unexpected reply to \"" + reply.request() + "\": \"" + reply.full() + "\"");
        }
        return reply;
    }

    void send(String line) throws SamException {
        ByteBuffer bytes = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
        try {
            while (bytes.hasRemaining()) channel.write(bytes);
        } catch (IOException e) {
            throw new SamException("Send error: " + e.getMessage());
        }
    }

    /** The next line without its newline; fails on a timeout, a closed socket or a line over {@link #MAX_LINE}. */
    String readLine(Duration timeout) throws SamException {
        StringBuilder line = new StringBuilder();
        try {
            channel.socket().setSoTimeout((int) Math.max(1, timeout.toMillis()));
            while (true) {
                int b = in.read();
                if (b < 0) throw new SamException("Connection unexpectedly closed by peer");
                if (b == '\n') return line.toString();
                if (line.length() >= MAX_LINE) throw new SamException("Received too many bytes without a terminator (" + MAX_LINE + ")");
                line.append((char) b);
            }
        } catch (SocketTimeoutException e) {
            throw new SamException("Receive timeout (received " + line.length() + " bytes without terminator before that)");
        } catch (IOException e) {
            throw new SamException("recv(): " + e.getMessage());
        }
    }

    /** Whether the bridge still holds the socket open (bitcoind's Sock::IsConnected): no end of stream waiting. */
    boolean isConnected() {
        if (!channel.isOpen()) return false;
        try {
            channel.socket().setSoTimeout(1);
            // The control socket carries nothing after SESSION CREATE; a read that times out means it is still open.
            int b = in.read();
            return b >= 0;
        } catch (SocketTimeoutException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The socket, handed over as the P2P connection once the SAM exchange is done. */
    SocketChannel channel() {
        return channel;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing a broken socket
        }
    }
}
