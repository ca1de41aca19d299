package dev.blocksmith.p2p;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

/**
 * A loopback TCP server for the fake control ports of the tests (SAM bridge, Tor control): each accepted connection
 * is handed to {@code conversation} on its own virtual thread, and all can be dropped at once, as a router or Tor
 * restarting.
 */
public final class LoopbackServer implements AutoCloseable {
    private final ServerSocket server;
    private final List<Socket> open = Collections.synchronizedList(new ArrayList<>());
    private final Consumer<Socket> conversation;

    public LoopbackServer(Consumer<Socket> conversation) throws IOException {
        this.conversation = conversation;
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::serve);
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    /** Closes the open connections; the server keeps accepting new ones. */
    public void dropConnections() throws IOException {
        synchronized (open) {
            for (Socket s : open) s.close();
            open.clear();
        }
    }

    private void serve() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                open.add(s);
                Thread.ofVirtual().start(() -> conversation.accept(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        dropConnections();
    }
}
