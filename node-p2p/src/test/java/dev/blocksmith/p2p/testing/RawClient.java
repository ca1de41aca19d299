package dev.blocksmith.p2p.testing;

import dev.blocksmith.core.params.Networks;
import dev.blocksmith.p2p.codec.FrameEncoder;
import dev.blocksmith.p2p.message.Message;
import dev.blocksmith.p2p.message.MessageCodec;
import dev.blocksmith.p2p.message.NetAddress;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A hand-driven peer over a plain socket, for protocol and hostile-peer tests. */
public final class RawClient implements AutoCloseable {
    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final byte[] magic = Networks.REGTEST.magic();

    public RawClient(InetSocketAddress node) throws IOException {
        this(connected(node));
    }

    private RawClient(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(10_000);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    private static Socket connected(InetSocketAddress node) throws IOException {
        Socket s = new Socket();
        s.connect(node, 5000);
        return s;
    }

    /** The peer side of a connection the node opens to {@code server} (for outbound connection tests). */
    public static RawClient accept(java.net.ServerSocket server) throws IOException {
        server.setSoTimeout(10_000);
        return new RawClient(server.accept());
    }

    /**
     * Thread-safe: a test's serving thread answers pings while its main thread sends (StallingTest), and two writers
     * interleaving the bytes of their messages made the node drop the connection for a bad checksum.
     */
    public synchronized void send(Message m) throws IOException {
        byte[] payload = MessageCodec.encode(m);
        out.write(FrameEncoder.header(magic, m.command(), payload));
        out.write(payload);
        out.flush();
    }

    public synchronized void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    public byte[] magic() {
        return magic.clone();
    }

    /** Reads the next message (blocking up to the socket timeout). */
    public Message read() throws IOException {
        byte[] header = new byte[24];
        in.readFully(header);
        String cmd = new String(header, 4, 12, StandardCharsets.US_ASCII).replace("\0", "");
        int len = (header[16] & 0xff) | (header[17] & 0xff) << 8 | (header[18] & 0xff) << 16 | (header[19] & 0xff) << 24;
        byte[] payload = new byte[len];
        in.readFully(payload);
        return MessageCodec.decode(cmd, payload);
    }

    /** The next message if one starts arriving within {@code timeout} (frames on loopback arrive whole). */
    public java.util.Optional<Message> poll(Duration timeout) throws IOException {
        int old = socket.getSoTimeout();
        socket.setSoTimeout((int) timeout.toMillis());
        try {
            return java.util.Optional.of(read());
        } catch (SocketTimeoutException e) {
            return java.util.Optional.empty();
        } finally {
            socket.setSoTimeout(old);
        }
    }

    /** Reads until a message of the given type arrives. */
    public <T extends Message> T expect(Class<T> type) throws IOException {
        while (true) {
            Message m = read();
            if (type.isInstance(m)) return type.cast(m);
        }
    }

    /** Version/verack exchange as an outbound peer; optionally asks for BIP130 header announcements. */
    public Message.Version handshake(boolean sendHeaders) throws IOException {
        return handshake(sendHeaders, true);
    }

    /** Handshake with or without BIP339 wtxid relay. */
    public Message.Version handshake(boolean sendHeaders, boolean wtxidRelay) throws IOException {
        return handshake(sendHeaders, wtxidRelay, 9);
    }

    /** Handshake offering the given service bits (9: NODE_NETWORK | NODE_WITNESS). */
    public Message.Version handshake(boolean sendHeaders, boolean wtxidRelay, long services) throws IOException {
        return handshake(sendHeaders, wtxidRelay, services, false);
    }

    /** Handshake asking for BIP155 addrv2 messages (sendaddrv2 before verack) when {@code addrV2}. */
    public Message.Version handshake(boolean sendHeaders, boolean wtxidRelay, long services, boolean addrV2) throws IOException {
        send(new Message.Version(70016, services, System.currentTimeMillis() / 1000, NetAddress.unroutable(0), NetAddress.unroutable(9),
                System.nanoTime(), "/rawclient:1/", 0, true));
        Message.Version theirs = expect(Message.Version.class);
        if (wtxidRelay) send(new Message.WtxidRelay());
        if (addrV2) send(new Message.SendAddrV2());
        send(new Message.Verack());
        expect(Message.Verack.class);
        if (sendHeaders) send(new Message.SendHeaders());
        return theirs;
    }

    /** True once the node has closed the connection (reads hit end of stream) within the timeout. */
    public boolean closedWithin(Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
        try {
            while (true) {
                if (in.read() < 0) return true;
            }
        } catch (EOFException | SocketException e) {
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
