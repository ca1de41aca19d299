package dev.blocksmith.rpc.server;

import dev.blocksmith.rpc.methods.MethodRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JSON-RPC HTTP server: Netty for the sockets, a fixed pool of worker threads with a bounded
 * queue for method execution. Start it with {@link #start}; {@link #close} stops listening, lets
 * running calls finish briefly and removes the auth cookie.
 */
public final class RpcServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RpcServer.class);

    private final RpcServerConfig config;
    private final EventLoopGroup ioGroup;
    private final ThreadPoolExecutor workers;
    private final List<Channel> listeners;
    private final AtomicBoolean closed = new AtomicBoolean();

    private RpcServer(RpcServerConfig config, EventLoopGroup ioGroup, ThreadPoolExecutor workers, List<Channel> listeners) {
        this.config = config;
        this.ioGroup = ioGroup;
        this.workers = workers;
        this.listeners = listeners;
    }

    /**
     * Binds every configured address and starts serving. Addresses that cannot be bound are logged
     * and skipped, as bitcoind does; if none can be bound the server does not start.
     *
     * @throws IOException when no address could be bound
     */
    public static RpcServer start(RpcServerConfig config, MethodRegistry registry, RpcWarmup warmup,
                                  ActiveCommands activeCommands) throws IOException {
        return start(config, registry, warmup, activeCommands, java.util.Optional.empty());
    }

    /**
     * How far a streamed reply (ChunkedReplyStream) may run ahead of its client before the worker producing it waits:
     * bitcoind's libevent holds a whole reply and frees its worker at once. With Netty's 64 KiB default a worker waited
     * after every 256 KiB chunk; with 4 MiB, 8 clients asking getblock 2 of a 9.9 MB block got 17.5 instead of 16.5
     * requests per second, for less CPU (session 11, alternating runs). At most -rpcthreads replies are produced at
     * once, so this bounds the extra memory to a few such buffers.
     */
    static final WriteBufferWaterMark STREAMED_REPLY_WATER_MARK = new WriteBufferWaterMark(1024 * 1024, 4 * 1024 * 1024);

    /** @param rest the REST interface (-rest), served on the same port without authentication */
    public static RpcServer start(RpcServerConfig config, MethodRegistry registry, RpcWarmup warmup,
                                  ActiveCommands activeCommands, java.util.Optional<RestEndpoint> rest) throws IOException {
        RpcDispatcher dispatcher = new RpcDispatcher(registry, warmup, activeCommands, config.whitelist());
        HealthEndpoints health = new HealthEndpoints(warmup, config.readiness(), config.readyDuringIbd());
        ThreadPoolExecutor workers = new ThreadPoolExecutor(config.threads(), config.threads(), 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(config.workQueueDepth()), new DefaultThreadFactory("rpc-worker", true),
                new ThreadPoolExecutor.AbortPolicy());
        workers.allowCoreThreadTimeOut(true);
        EventLoopGroup ioGroup = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("rpc-io", true),
                NioIoHandler.newFactory());
        long idleSeconds = Math.max(1, config.idleTimeout().toSeconds());

        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(ioGroup)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, STREAMED_REPLY_WATER_MARK)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast(new IdleStateHandler(0, 0, idleSeconds, TimeUnit.SECONDS))
                                .addLast(new HttpServerCodec())
                                // Answers 413 by itself for bodies over the limit; such requests never
                                // reach the handler, so nothing is executed.
                                .addLast(new HttpObjectAggregator(config.maxBodyBytes()))
                                .addLast(new RpcHttpHandler(config.authenticator(), config.allowedClients(),
                                        dispatcher, workers, health, rest));
                    }
                });

        List<Channel> listeners = new ArrayList<>();
        for (InetSocketAddress address : config.bindAddresses()) {
            try {
                // A socket of the address's own family, as bitcoind's: Java would otherwise listen on an IPv6 socket
                // with a v4-mapped address, which tools reading /proc/net/tcp (and Core's rpc_bind test) do not see.
                io.netty.channel.socket.SocketProtocolFamily family = address.getAddress() instanceof java.net.Inet6Address
                        ? io.netty.channel.socket.SocketProtocolFamily.INET6 : io.netty.channel.socket.SocketProtocolFamily.INET;
                Channel ch = bootstrap.clone()
                        .channelFactory(() -> new NioServerSocketChannel(java.nio.channels.spi.SelectorProvider.provider(), family))
                        .bind(address).sync().channel();
                listeners.add(ch);
                log.info("Binding RPC on address {} port {}", address.getHostString(),
                        ((InetSocketAddress) ch.localAddress()).getPort());
            } catch (Exception e) {
                log.warn("Binding RPC on address {} port {} failed: {}", address.getHostString(), address.getPort(),
                        e.toString());
            }
        }
        if (listeners.isEmpty()) {
            workers.shutdownNow();
            ioGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw new IOException("Unable to bind any endpoint for RPC server");
        }
        return new RpcServer(config, ioGroup, workers, listeners);
    }

    /** The addresses actually listening (with the real port when port 0 was configured). */
    public List<InetSocketAddress> boundAddresses() {
        return listeners.stream().map(ch -> (InetSocketAddress) ch.localAddress()).toList();
    }

    /** Port of the first listener; convenient for tests and log lines. */
    public int port() {
        return boundAddresses().get(0).getPort();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        log.info("Stopping HTTP RPC server");
        for (Channel ch : listeners) {
            ch.close().awaitUninterruptibly();
        }
        workers.shutdown();
        try {
            if (!workers.awaitTermination(5, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
        // Replies the workers handed to the event loops (the stop call's own among them) are written before the loops
        // close their channels: a task queued now runs after them. Netty's shutdown closes channels first.
        for (io.netty.util.concurrent.EventExecutor loop : ioGroup) {
            loop.submit(() -> { }).awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        ioGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        config.cookie().ifPresent(cookie -> {
            try {
                cookie.delete();
            } catch (IOException e) {
                log.warn("Unable to remove RPC authentication cookie {}: {}", cookie.file(), e.toString());
            }
        });
    }
}
