package dev.blocksmith.rpc.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;

/**
 * The body of one reply, sent to the connection while it is being written (issue 13: getblock verbosity 2 of a full
 * block is about 10 MB of JSON; eight clients asking for it must not make the node hold eight copies, nor the copies'
 * copies). A body that fits in one chunk goes out as today, one response with its Content-Length; a longer one goes out
 * in HTTP/1.1 chunked encoding as it is produced, the writing thread waiting whenever the connection is not writable,
 * so at most about a chunk per connection is held beyond the socket's own buffer.
 *
 * <p>Used from one worker thread; {@link #finish} sends the end of the reply and returns the write that completes it.
 */
final class ChunkedReplyStream extends OutputStream {
    /** One chunk: large enough that the chunk framing and the hand-over to the event loop are noise, small against a reply of megabytes. */
    static final int CHUNK_BYTES = 256 * 1024;
    /** A client that takes no data for this long is gone (bitcoind's -rpcservertimeout default is 30 s). */
    private static final long STALLED_WRITE_SECONDS = 120;

    private final ChannelHandlerContext ctx;
    private final HttpResponseStatus status;
    private final String contentType;
    private final boolean keepAlive;
    private ByteBuf chunk;
    private boolean headSent;
    private boolean finished;

    ChunkedReplyStream(ChannelHandlerContext ctx, int status, String contentType, boolean keepAlive) {
        this.ctx = ctx;
        this.status = HttpResponseStatus.valueOf(status);
        this.contentType = contentType;
        this.keepAlive = keepAlive;
        this.chunk = ctx.alloc().heapBuffer(CHUNK_BYTES, CHUNK_BYTES);
    }

    @Override
    public void write(int b) throws IOException {
        if (!chunk.isWritable()) sendChunk();
        chunk.writeByte(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            if (!chunk.isWritable()) sendChunk();
            int n = Math.min(len, chunk.writableBytes());
            chunk.writeBytes(b, off, n);
            off += n;
            len -= n;
        }
    }

    /** Writers may close their target when they are done; the reply ends only with {@link #finish}. */
    @Override
    public void close() {
    }

    /** Sends what is left and the end of the reply; the returned write completes the reply. */
    ChannelFuture finish() {
        finished = true;
        ByteBuf rest = chunk;
        chunk = null;
        if (!headSent) {
            DefaultFullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, rest);
            headers(response.headers());
            response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, rest.readableBytes());
            return ctx.writeAndFlush(response);
        }
        return ctx.writeAndFlush(new DefaultLastHttpContent(rest));
    }

    /** Gives the unsent buffer back when the reply is abandoned half way (the connection is then closed). */
    void abandon() {
        if (chunk != null) chunk.release();
        chunk = null;
        finished = true;
    }

    private void sendChunk() throws IOException {
        if (finished) throw new IOException("reply already finished");
        if (!headSent) {
            DefaultHttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, status);
            headers(head.headers());
            HttpUtil.setTransferEncodingChunked(head, true);
            ctx.write(head);
            headSent = true;
        }
        ChannelFuture written = ctx.writeAndFlush(new DefaultHttpContent(chunk));
        chunk = ctx.alloc().heapBuffer(CHUNK_BYTES, CHUNK_BYTES);
        // Back-pressure: once Netty's outbound buffer is above its high-water mark, wait for this chunk to reach the
        // socket before producing the next one.
        if (!ctx.channel().isWritable()) {
            if (!written.awaitUninterruptibly(STALLED_WRITE_SECONDS, TimeUnit.SECONDS)) {
                throw new IOException("RPC client took no data for " + STALLED_WRITE_SECONDS + " s");
            }
        }
        if (written.isDone() && !written.isSuccess()) {
            throw new IOException("RPC client connection failed: " + written.cause());
        }
    }

    private void headers(HttpHeaders headers) {
        if (!contentType.isEmpty()) headers.set(HttpHeaderNames.CONTENT_TYPE, contentType);
        if (!keepAlive) headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
}
