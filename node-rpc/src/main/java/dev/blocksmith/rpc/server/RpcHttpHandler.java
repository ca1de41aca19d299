package dev.blocksmith.rpc.server;

import dev.blocksmith.rpc.auth.RpcAuthenticator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.timeout.IdleStateEvent;
import dev.blocksmith.rpc.json.RpcJson;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-connection HTTP front end of the RPC server, running on the Netty event loop. It does only
 * cheap work there (client filter, routing, authentication) and hands method execution to the
 * bounded worker pool. Requests on one connection are answered strictly in order, one at a time,
 * as libevent does for bitcoind, so pipelined requests never get their replies swapped.
 */
final class RpcHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger log = LoggerFactory.getLogger(RpcHttpHandler.class);
    private static final String WWW_AUTHENTICATE = "Basic realm=\"jsonrpc\"";
    /** bitcoind sleeps 250 ms before answering a wrong password, to slow down guessing. */
    private static final long BAD_AUTH_DELAY_MS = 250;

    private final RpcAuthenticator authenticator;
    private final List<ClientSubnet> allowedClients;
    private final RpcDispatcher dispatcher;
    private final Executor workers;
    private final HealthEndpoints health;
    private final Optional<RestEndpoint> rest;

    private final ArrayDeque<IncomingRequest> pending = new ArrayDeque<>();
    private boolean busy;

    RpcHttpHandler(RpcAuthenticator authenticator, List<ClientSubnet> allowedClients, RpcDispatcher dispatcher,
                   Executor workers, HealthEndpoints health, Optional<RestEndpoint> rest) {
        this.rest = rest;
        this.authenticator = authenticator;
        this.allowedClients = allowedClients;
        this.dispatcher = dispatcher;
        this.workers = workers;
        this.health = health;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        if (!req.decoderResult().isSuccess()) {
            send(ctx, HttpReply.empty(400), false);
            return;
        }
        IncomingRequest in = new IncomingRequest(req.method().name(), req.uri(),
                Optional.ofNullable(req.headers().get(HttpHeaderNames.AUTHORIZATION)),
                io.netty.buffer.ByteBufUtil.getBytes(req.content()), HttpUtil.isKeepAlive(req),
                req.protocolVersion().equals(HttpVersion.HTTP_1_1));
        pending.add(in);
        if (!busy) next(ctx);
    }

    private void next(ChannelHandlerContext ctx) {
        IncomingRequest in = pending.poll();
        if (in == null) return;
        busy = true;
        route(ctx, in);
    }

    private void route(ChannelHandlerContext ctx, IncomingRequest in) {
        InetAddress peer = ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress();
        if (!clientAllowed(peer)) {
            log.debug("HTTP request from {} rejected: Client network is not allowed RPC access", peer.getHostAddress());
            send(ctx, HttpReply.empty(403), in.keepAlive());
            return;
        }
        Optional<HttpReply> probe = health.handle(in.method(), in.uri());
        if (probe.isPresent()) {
            send(ctx, probe.get(), in.keepAlive());
            return;
        }
        if (rest.isPresent() && rest.get().handles(in.uri())) {
            // bitcoind serves -rest on the RPC port without authentication (its REST handlers skip the RPC auth).
            RestEndpoint endpoint = rest.get();
            try {
                workers.execute(() -> reply(ctx, endpoint.handle(in.method(), in.uri(), in.content()), in));
            } catch (RejectedExecutionException e) {
                log.warn("Request rejected because http work queue depth exceeded, it can be increased with the -rpcworkqueue= setting");
                send(ctx, HttpReply.text(503, "Work queue depth exceeded"), in.keepAlive());
            }
            return;
        }
        if (!in.uri().equals("/") && !in.uri().startsWith(RpcDispatcher.WALLET_ENDPOINT)) {
            send(ctx, HttpReply.empty(404), in.keepAlive());
            return;
        }
        if (!in.method().equals("POST")) {
            send(ctx, HttpReply.text(405, "JSONRPC server handles only POST requests"), in.keepAlive());
            return;
        }
        if (in.authorization().isEmpty()) {
            send(ctx, unauthorized(), in.keepAlive());
            return;
        }
        Optional<String> user = authenticator.authenticate(in.authorization().get());
        if (user.isEmpty()) {
            log.warn("ThreadRPCServer incorrect password attempt from {}", peer.getHostAddress());
            // Delay on the event loop's timer, not by blocking a thread: the caller waits all the same.
            ctx.executor().schedule(() -> send(ctx, unauthorized(), in.keepAlive()), BAD_AUTH_DELAY_MS,
                    TimeUnit.MILLISECONDS);
            return;
        }
        try {
            workers.execute(() -> reply(ctx, execute(in, user.get()), in));
        } catch (RejectedExecutionException e) {
            log.warn("Request rejected because http work queue depth exceeded, it can be increased with the -rpcworkqueue= setting");
            send(ctx, HttpReply.text(503, "Work queue depth exceeded"), in.keepAlive());
        }
    }

    private HttpReply execute(IncomingRequest in, String user) {
        try {
            return dispatcher.handle(in.uri(), user, in.body());
        } catch (RuntimeException e) {
            log.error("Internal error handling RPC request", e);
            return HttpReply.text(500, "Internal server error");
        }
    }

    private boolean clientAllowed(InetAddress peer) {
        if (ClientSubnet.LOCALHOST_V4.contains(peer) || ClientSubnet.LOCALHOST_V6.contains(peer)) return true;
        for (ClientSubnet subnet : allowedClients) {
            if (subnet.contains(peer)) return true;
        }
        return false;
    }

    private static HttpReply unauthorized() {
        return new HttpReply(401, "", "", Map.of(HttpHeaderNames.WWW_AUTHENTICATE.toString(), WWW_AUTHENTICATE));
    }

    /** Writes a worker's reply: streamed when it is one and the client takes chunked encoding (HTTP/1.1). */
    private void reply(ChannelHandlerContext ctx, HttpReply reply, IncomingRequest in) {
        if (reply.streamedJson().isPresent() && in.http11()) {
            stream(ctx, reply, in.keepAlive());
        } else {
            send(ctx, reply, in.keepAlive());
        }
    }

    /** Writes a reply (from any thread) and then serves the next queued request of this connection. */
    private void send(ChannelHandlerContext ctx, HttpReply reply, boolean keepAlive) {
        byte[] body = reply.wireBody();
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(reply.status()), Unpooled.wrappedBuffer(body));
        if (!reply.contentType().isEmpty()) {
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, reply.contentType());
        }
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        reply.headers().forEach((k, v) -> response.headers().set(k, v));
        if (!keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        replied(ctx, ctx.writeAndFlush(response), keepAlive);
    }

    /**
     * Writes a streamed JSON reply (on the worker thread, which waits while the client is slow to read), then serves
     * the next queued request. A failure half way cannot become an error reply any more: the connection is closed.
     */
    private void stream(ChannelHandlerContext ctx, HttpReply reply, boolean keepAlive) {
        ChunkedReplyStream out = new ChunkedReplyStream(ctx, reply.status(), reply.contentType(), keepAlive);
        try {
            RpcJson.writeLine(reply.streamedJson().orElseThrow(), out);
        } catch (IOException e) {
            out.abandon();
            log.debug("RPC reply to {} abandoned: {}", ctx.channel().remoteAddress(), e.toString());
            ctx.close();
            return;
        } catch (RuntimeException e) {
            // A streamed result checks everything that can fail before it is written: this is a bug.
            out.abandon();
            log.error("Internal error writing an RPC reply", e);
            ctx.close();
            return;
        }
        replied(ctx, out.finish(), keepAlive);
    }

    /** Once a reply is written: close the connection, or serve its next queued request. */
    private void replied(ChannelHandlerContext ctx, io.netty.channel.ChannelFuture written, boolean keepAlive) {
        written.addListener((ChannelFutureListener) f -> {
            if (!keepAlive || !f.isSuccess()) {
                ctx.close();
                return;
            }
            busy = false;
            next(ctx);
        });
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent && !busy) {
            ctx.close();
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("RPC connection error from {}: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
