package dev.blocksmith.zmq;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * libzmq's {@code ipc://PATH} endpoint for a JeroMQ socket. JeroMQ 0.6.0 has no UNIX domain sockets (its ipc is
 * TCP under another name, which libzmq subscribers cannot reach), so the publisher binds an extra loopback TCP
 * endpoint and this bridge listens on the UNIX socket at PATH, piping each accepted connection's bytes both ways
 * to that endpoint. ZMTP is the same over either transport, so a subscriber sees a libzmq-style ipc publisher.
 * As libzmq's ipc listener, a file left at PATH is replaced and the file is removed again on close.
 */
final class UnixSocketBridge implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(UnixSocketBridge.class);

    private final Path path;
    private final InetSocketAddress target;
    private final ServerSocketChannel server;
    private final Set<SocketChannel> open = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private volatile boolean closed;

    private UnixSocketBridge(Path path, InetSocketAddress target, ServerSocketChannel server) {
        this.path = path;
        this.target = target;
        this.server = server;
        this.acceptor = Thread.ofPlatform().daemon().name("zmq-ipc " + path).unstarted(this::acceptLoop);
    }

    /** Listens at {@code path}, forwarding to {@code target}; an IOException when the path cannot be bound. */
    static UnixSocketBridge start(Path path, InetSocketAddress target) throws IOException {
        Files.deleteIfExists(path);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(path));
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        UnixSocketBridge b = new UnixSocketBridge(path, target, server);
        b.acceptor.start();
        return b;
    }

    private void acceptLoop() {
        while (!closed) {
            SocketChannel client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (!closed) LOG.warn("zmq: accepting on {} failed: {}", path, e.getMessage());
                return;
            }
            SocketChannel upstream;
            try {
                upstream = SocketChannel.open(target);
            } catch (IOException e) {
                LOG.warn("zmq: cannot reach the publisher for {}: {}", path, e.getMessage());
                closeQuietly(client);
                continue;
            }
            open.add(client);
            open.add(upstream);
            Thread.ofVirtual().name("zmq-ipc-in").start(() -> pump(client, upstream));
            Thread.ofVirtual().name("zmq-ipc-out").start(() -> pump(upstream, client));
        }
    }

    /** Copies until either side ends, then closes both (the other pump then ends too). */
    private void pump(SocketChannel from, SocketChannel to) {
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
        try {
            while (from.read(buf) >= 0) {
                buf.flip();
                while (buf.hasRemaining()) to.write(buf);
                buf.clear();
            }
        } catch (IOException e) {
            // A subscriber going away ends its connection; nothing to report.
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            open.remove(from);
            open.remove(to);
        }
    }

    private static void closeQuietly(SocketChannel c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing
        }
        for (SocketChannel c : open) closeQuietly(c);
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.debug("zmq: cannot remove {}: {}", path, e.getMessage());
        }
    }
}
