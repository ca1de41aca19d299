package dev.blocksmith.p2p;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDomainSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SOCKS5 client against a minimal SOCKS5 server in the test (as Core's test_framework/socks5.py behaves). */
class Socks5ClientHandlerTest {
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** What the test server read from the client. */
    record Request(byte[] methods, Optional<String> user, Optional<String> password, int atyp, String host, int port) {
    }

    /**
     * Accepts one connection, answers the greeting (user/password when offered and {@code auth}), reads the CONNECT,
     * grants it, then writes "hello" as the destination would.
     */
    private static CompletableFuture<Request> serveOnce(ServerSocketChannel server, boolean auth) {
        return CompletableFuture.supplyAsync(() -> {
            try (SocketChannel c = server.accept()) {
                int version = read(c, 1).get();
                assertThat(version).isEqualTo(5);
                byte[] methods = new byte[read(c, 1).get()];
                read(c, methods.length).get(methods);
                boolean userPass = auth && new String(methods, StandardCharsets.ISO_8859_1).indexOf(2) >= 0;
                c.write(ByteBuffer.wrap(new byte[] {5, (byte) (userPass ? 2 : 0)}));
                Optional<String> user = Optional.empty();
                Optional<String> pass = Optional.empty();
                if (userPass) {
                    read(c, 1);
                    user = Optional.of(text(c, read(c, 1).get()));
                    pass = Optional.of(text(c, read(c, 1).get()));
                    c.write(ByteBuffer.wrap(new byte[] {1, 0}));
                }
                ByteBuffer head = read(c, 4);
                head.get();
                head.get();
                head.get();
                int atyp = head.get();
                String host = text(c, read(c, 1).get() & 0xff);
                int port = read(c, 2).getShort() & 0xffff;
                c.write(ByteBuffer.wrap(new byte[] {5, 0, 0, 1, 0, 0, 0, 0, 0, 0, 'h', 'e', 'l', 'l', 'o'}));
                Thread.sleep(200);
                return new Request(methods, user, pass, atyp, host, port);
            } catch (IOException | InterruptedException e) {
                throw new RuntimeException(e);
            }
        });
    }

    private static ByteBuffer read(SocketChannel c, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        while (b.hasRemaining()) {
            if (c.read(b) < 0) throw new IOException("closed");
        }
        return b.flip();
    }

    private static String text(SocketChannel c, int n) throws IOException {
        return StandardCharsets.UTF_8.decode(read(c, n)).toString();
    }

    /** Connects through the handler and returns the bytes the handlers behind it saw after the channel became active. */
    private CompletableFuture<String> connect(Class<? extends Channel> type, SocketAddress proxy, Socks5ClientHandler socks) {
        CompletableFuture<String> seen = new CompletableFuture<>();
        new Bootstrap().group(group).channel(type).handler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(socks, new ChannelInboundHandlerAdapter() {
                    private boolean active;

                    @Override
                    public void channelActive(ChannelHandlerContext ctx) {
                        active = true;
                    }

                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        ByteBuf b = (ByteBuf) msg;
                        String s = b.toString(StandardCharsets.US_ASCII);
                        b.release();
                        seen.complete(active ? s : "data before active: " + s);
                    }
                });
            }
        }).connect(proxy);
        return seen;
    }

    @Test
    void connectsThroughAUnixDomainSocketWithIsolatingCredentials() throws Exception {
        Path socket = dir.resolve("s");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            CompletableFuture<Request> request = serveOnce(server, true);
            Socks5ClientHandler.Credentials creds = Socks5ClientHandler.isolatingCredentials();
            CompletableFuture<String> seen = connect(NioDomainSocketChannel.class, UnixDomainSocketAddress.of(socket),
                    new Socks5ClientHandler("15.61.23.23", 1234, Optional.of(creds)));
            assertThat(seen.get(10, TimeUnit.SECONDS)).isEqualTo("hello");
            Request r = request.get(10, TimeUnit.SECONDS);
            assertThat(r.methods()).containsExactly(0, 2);
            assertThat(r.user()).contains(creds.user());
            assertThat(r.password()).contains(creds.password());
            // bitcoind sends every destination as a domain name, IP literals included.
            assertThat(r.atyp()).isEqualTo(3);
            assertThat(r.host()).isEqualTo("15.61.23.23");
            assertThat(r.port()).isEqualTo(1234);
        } finally {
            Files.deleteIfExists(socket);
        }
    }

    @Test
    void withoutCredentialsOffersNoAuthenticationOnly() throws Exception {
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress("127.0.0.1", 0));
            CompletableFuture<Request> request = serveOnce(server, true);
            CompletableFuture<String> seen = connect(NioSocketChannel.class, server.getLocalAddress(),
                    new Socks5ClientHandler("node.noumenon", 8333, Optional.empty()));
            assertThat(seen.get(10, TimeUnit.SECONDS)).isEqualTo("hello");
            Request r = request.get(10, TimeUnit.SECONDS);
            assertThat(r.methods()).containsExactly(0);
            assertThat(r.user()).isEmpty();
            assertThat(r.host()).isEqualTo("node.noumenon");
        }
    }

    @Test
    void isolatingCredentialsDifferPerConnection() {
        assertThat(Socks5ClientHandler.isolatingCredentials()).isNotEqualTo(Socks5ClientHandler.isolatingCredentials());
    }
}
