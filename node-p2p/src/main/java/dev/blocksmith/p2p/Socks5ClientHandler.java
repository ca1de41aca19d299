package dev.blocksmith.p2p;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client side of a SOCKS5 CONNECT (RFC 1928, user/password per RFC 1929) on a channel already connected to the
 * proxy, as bitcoind's Socks5(): the destination always goes as a domain name (atyp 3), IP literals included, so
 * the proxy does any resolving; methods offered are "none" and, with credentials, "user/password". Until the proxy
 * grants the connection the channel looks inactive to the handlers behind this one; then this handler leaves the
 * pipeline and they see the channel become active, with any bytes that followed the proxy's reply.
 */
final class Socks5ClientHandler extends ChannelDuplexHandler {
    private static final Logger log = LoggerFactory.getLogger(Socks5ClientHandler.class);
    /** bitcoind's SOCKS5_RECV_TIMEOUT: how long the proxy may take to answer each step. */
    static final long RECV_TIMEOUT_SECONDS = 20;
    private static final int VERSION = 0x05;
    private static final int METHOD_NONE = 0x00;
    private static final int METHOD_USER_PASS = 0x02;
    private static final int ATYP_IPV4 = 0x01;
    private static final int ATYP_DOMAIN = 0x03;
    private static final int ATYP_IPV6 = 0x04;
    /** Process-wide stream isolation counter behind {@link #isolatingCredentials()}. */
    private static final AtomicLong STREAM_COUNTER = new AtomicLong();
    private static final String STREAM_PREFIX = Long.toHexString(new java.security.SecureRandom().nextLong()) + "-";

    /** RFC 1929 user name and password. */
    record Credentials(String user, String password) {
        Credentials {
            if (user.getBytes(StandardCharsets.UTF_8).length > 255 || password.getBytes(StandardCharsets.UTF_8).length > 255) {
                throw new IllegalArgumentException("SOCKS5 user name and password are at most 255 bytes");
            }
        }
    }

    private enum State { GREETING, AUTH, CONNECT, DONE }

    private final String host;
    private final int port;
    private final Optional<Credentials> credentials;
    private State state = State.GREETING;
    private ByteBuf received = Unpooled.EMPTY_BUFFER;
    private ScheduledFuture<?> timeout;

    /**
     * @param host the destination as text (a name, or an IP literal as bitcoind writes it)
     * @param credentials offered when present (the proxy may still choose no authentication)
     */
    Socks5ClientHandler(String host, int port, Optional<Credentials> credentials) {
        if (host.getBytes(StandardCharsets.UTF_8).length > 255) throw new IllegalArgumentException("SOCKS5 host name too long: " + host);
        this.host = host;
        this.port = port;
        this.credentials = credentials;
    }

    /**
     * Credentials of their own for each connection (bitcoind's -proxyrandomize): Tor puts streams with different
     * credentials on different circuits. A random per-process prefix and a counter make them unique.
     */
    static Credentials isolatingCredentials() {
        String id = STREAM_PREFIX + STREAM_COUNTER.getAndIncrement();
        return new Credentials(id, id);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) start(ctx);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        // Held back from the handlers behind this one until the proxy has connected us.
        start(ctx);
    }

    private void start(ChannelHandlerContext ctx) {
        ByteBuf greeting = ctx.alloc().buffer(4);
        greeting.writeByte(VERSION);
        if (credentials.isPresent()) {
            greeting.writeByte(2).writeByte(METHOD_NONE).writeByte(METHOD_USER_PASS);
        } else {
            greeting.writeByte(1).writeByte(METHOD_NONE);
        }
        send(ctx, greeting);
    }

    private void send(ChannelHandlerContext ctx, ByteBuf msg) {
        ctx.writeAndFlush(msg);
        if (timeout != null) timeout.cancel(false);
        timeout = ctx.executor().schedule(() -> fail(ctx, "timeout waiting for the proxy"), RECV_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (state == State.DONE) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (!(msg instanceof ByteBuf in)) {
            io.netty.util.ReferenceCountUtil.release(msg);
            return;
        }
        received = received.isReadable() ? Unpooled.wrappedBuffer(received, in) : in;
        try {
            advance(ctx);
        } catch (RuntimeException e) {
            fail(ctx, e.getMessage());
        }
    }

    private void advance(ChannelHandlerContext ctx) {
        while (state != State.DONE) {
            switch (state) {
                case GREETING -> {
                    if (received.readableBytes() < 2) return;
                    int version = received.readUnsignedByte();
                    int method = received.readUnsignedByte();
                    if (version != VERSION) throw new IllegalStateException("proxy failed to initialize");
                    if (method == METHOD_USER_PASS && credentials.isPresent()) {
                        sendAuth(ctx, credentials.get());
                        state = State.AUTH;
                    } else if (method == METHOD_NONE) {
                        sendConnect(ctx);
                        state = State.CONNECT;
                    } else {
                        throw new IllegalStateException("proxy requested wrong authentication method " + Integer.toHexString(method));
                    }
                }
                case AUTH -> {
                    if (received.readableBytes() < 2) return;
                    int version = received.readUnsignedByte();
                    int status = received.readUnsignedByte();
                    if (version != 0x01 || status != 0x00) throw new IllegalStateException("proxy authentication unsuccessful");
                    sendConnect(ctx);
                    state = State.CONNECT;
                }
                case CONNECT -> {
                    if (received.readableBytes() < 5) return;
                    int start = received.readerIndex();
                    int atyp = received.getUnsignedByte(start + 3);
                    int addressLength = switch (atyp) {
                        case ATYP_IPV4 -> 4;
                        case ATYP_IPV6 -> 16;
                        case ATYP_DOMAIN -> 1 + received.getUnsignedByte(start + 4);
                        default -> throw new IllegalStateException("proxy reply has an unknown address type " + atyp);
                    };
                    if (received.readableBytes() < 4 + addressLength + 2) return;
                    int version = received.getUnsignedByte(start);
                    int reply = received.getUnsignedByte(start + 1);
                    if (version != VERSION) throw new IllegalStateException("proxy failed to accept request");
                    if (reply != 0x00) throw new IllegalStateException(replyText(reply));
                    received.skipBytes(4 + addressLength + 2);
                    established(ctx);
                }
                default -> throw new IllegalStateException(state.name());
            }
        }
    }

    private void sendAuth(ChannelHandlerContext ctx, Credentials c) {
        byte[] user = c.user().getBytes(StandardCharsets.UTF_8);
        byte[] pass = c.password().getBytes(StandardCharsets.UTF_8);
        ByteBuf auth = ctx.alloc().buffer(3 + user.length + pass.length);
        auth.writeByte(0x01).writeByte(user.length).writeBytes(user).writeByte(pass.length).writeBytes(pass);
        send(ctx, auth);
    }

    private void sendConnect(ChannelHandlerContext ctx) {
        byte[] name = host.getBytes(StandardCharsets.UTF_8);
        ByteBuf req = ctx.alloc().buffer(7 + name.length);
        req.writeByte(VERSION).writeByte(0x01).writeByte(0x00).writeByte(ATYP_DOMAIN);
        req.writeByte(name.length).writeBytes(name).writeShort(port);
        send(ctx, req);
    }

    private void established(ChannelHandlerContext ctx) {
        state = State.DONE;
        if (timeout != null) timeout.cancel(false);
        ByteBuf rest = received;
        received = Unpooled.EMPTY_BUFFER;
        ctx.pipeline().remove(this);
        ctx.fireChannelActive();
        if (rest.isReadable()) {
            ctx.fireChannelRead(rest);
        } else {
            rest.release();
        }
    }

    /** RFC 1928's reply codes with bitcoind's texts. */
    private static String replyText(int reply) {
        return switch (reply) {
            case 0x01 -> "general failure";
            case 0x02 -> "connection not allowed";
            case 0x03 -> "network unreachable";
            case 0x04 -> "host unreachable";
            case 0x05 -> "connection refused";
            case 0x06 -> "TTL expired";
            case 0x07 -> "protocol error";
            case 0x08 -> "address type not supported";
            default -> "unknown";
        };
    }

    private void fail(ChannelHandlerContext ctx, String why) {
        if (state == State.DONE) return;
        state = State.DONE;
        log.debug("Socks5() connect to {}:{} failed: {}", host, port, why);
        release();
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        // Only reached before the proxy granted the connection (this handler leaves the pipeline then): the
        // handlers behind never saw the channel active, so there is no peer to tear down.
        if (state != State.DONE) log.debug("Socks5() connect to {}:{} failed: connection closed by the proxy", host, port);
        state = State.DONE;
        release();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (state != State.DONE) {
            fail(ctx, cause.toString());
        } else {
            ctx.fireExceptionCaught(cause);
        }
    }

    private void release() {
        if (timeout != null) timeout.cancel(false);
        if (received.refCnt() > 0 && received != Unpooled.EMPTY_BUFFER) received.release();
        received = Unpooled.EMPTY_BUFFER;
    }
}
