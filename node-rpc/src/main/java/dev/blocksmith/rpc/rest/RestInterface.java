package dev.blocksmith.rpc.rest;

import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.core.index.Indexes;
import dev.blocksmith.core.mempool.Mempool;
import dev.blocksmith.rpc.methods.MethodRegistry;
import dev.blocksmith.rpc.server.HttpReply;
import dev.blocksmith.rpc.server.RestEndpoint;
import dev.blocksmith.rpc.server.RpcWarmup;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * bitcoind's REST interface (-rest): unauthenticated GET (and POST for getutxos) paths under {@code /rest/} on the RPC
 * port, each answering in .bin, .hex or .json as bitcoind does, with its status codes and plain-text error lines.
 * Paths are matched by prefix in bitcoind's order; the JSON bodies come from the RPC methods and renderers.
 */
public final class RestInterface implements RestEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(RestInterface.class);

    @FunctionalInterface
    private interface Handler {
        HttpReply handle(String uri, String uriPart, byte[] body) throws RestException;
    }

    private record Route(String prefix, Handler handler) {}

    private final RpcWarmup warmup;
    private final List<Route> routes;

    public RestInterface(ChainManager chain, Optional<Mempool> mempool, Indexes indexes, MethodRegistry rpc, RpcWarmup warmup) {
        this.warmup = warmup;
        RestContext ctx = new RestContext(chain, mempool, indexes, rpc);
        BlockEndpoints blocks = new BlockEndpoints(ctx);
        TxEndpoints txs = new TxEndpoints(ctx);
        FilterEndpoints filters = new FilterEndpoints(ctx);
        InfoEndpoints info = new InfoEndpoints(ctx);
        // bitcoind's uri_prefixes, in its order: the first prefix the URI starts with wins.
        routes = List.of(
                new Route("/rest/tx/", (uri, part, body) -> txs.tx(part)),
                new Route("/rest/block/notxdetails/", (uri, part, body) -> blocks.block(part, false)),
                new Route("/rest/block/", (uri, part, body) -> blocks.block(part, true)),
                new Route("/rest/blockfilter/", (uri, part, body) -> filters.filter(part)),
                new Route("/rest/blockfilterheaders/", (uri, part, body) -> filters.headers(uri, part)),
                new Route("/rest/chaininfo", (uri, part, body) -> info.chainInfo(part)),
                new Route("/rest/mempool/", (uri, part, body) -> info.mempool(uri, part)),
                new Route("/rest/headers/", (uri, part, body) -> blocks.headers(uri, part)),
                new Route("/rest/getutxos", (uri, part, body) -> txs.getUtxos(part, body)),
                new Route("/rest/deploymentinfo/", (uri, part, body) -> info.deploymentInfo(part)),
                new Route("/rest/deploymentinfo", (uri, part, body) -> info.deploymentInfo(part)),
                new Route("/rest/blockhashbyheight/", (uri, part, body) -> blocks.blockHashByHeight(part)),
                new Route("/rest/spenttxouts/", (uri, part, body) -> blocks.spentTxOuts(part)));
    }

    @Override
    public boolean handles(String uri) {
        return route(uri).isPresent();
    }

    @Override
    public HttpReply handle(String method, String uri, byte[] body) {
        Optional<Route> route = route(uri);
        if (route.isEmpty()) return HttpReply.empty(404);
        try {
            if (warmup.inWarmup()) throw new RestException(503, "Service temporarily unavailable: " + warmup.status());
            return route.get().handler().handle(uri, uri.substring(route.get().prefix().length()), body);
        } catch (RestException e) {
            return error(e.status(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("REST request {} failed", uri, e);
            return error(500, "Internal error: " + e.getMessage());
        }
    }

    /** bitcoind's RESTERR: a plain-text line ending in CRLF. */
    private static HttpReply error(int status, String message) {
        return HttpReply.bytes(status, "text/plain", (message + "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    private Optional<Route> route(String uri) {
        for (Route r : routes) {
            if (uri.startsWith(r.prefix())) return Optional.of(r);
        }
        return Optional.empty();
    }
}
