package dev.blocksmith.rpc.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.rpc.json.RpcJson;
import java.util.Optional;

/**
 * The only unauthenticated paths: {@code GET /health} (the process answers, 200) and
 * {@code GET /ready} (200 only when RPC is out of warmup, the chain is loaded and, unless allowed,
 * initial block download is over; 503 otherwise). Both report only coarse state, nothing a
 * stranger could use.
 */
final class HealthEndpoints {
    private final RpcWarmup warmup;
    private final ReadinessProbe readiness;
    private final boolean readyDuringIbd;

    HealthEndpoints(RpcWarmup warmup, ReadinessProbe readiness, boolean readyDuringIbd) {
        this.warmup = warmup;
        this.readiness = readiness;
        this.readyDuringIbd = readyDuringIbd;
    }

    /** The reply for a probe path, or empty when the URI is not one. */
    Optional<HttpReply> handle(String method, String uri) {
        if (!uri.equals("/health") && !uri.equals("/ready")) {
            return Optional.empty();
        }
        if (!method.equals("GET")) {
            return Optional.of(HttpReply.empty(405));
        }
        if (uri.equals("/health")) {
            ObjectNode body = RpcJson.object().put("status", "ok");
            return Optional.of(HttpReply.json(200, RpcJson.write(body) + "\n"));
        }
        boolean rpcUp = !warmup.inWarmup();
        ReadinessProbe.NodeReadiness node = readiness.current();
        boolean ready = rpcUp && node.chainLoaded() && (readyDuringIbd || !node.initialBlockDownload());
        ObjectNode body = RpcJson.object()
                .put("ready", ready)
                .put("rpc", rpcUp)
                .put("chain_loaded", node.chainLoaded())
                .put("initial_block_download", node.initialBlockDownload());
        return Optional.of(HttpReply.json(ready ? 200 : 503, RpcJson.write(body) + "\n"));
    }
}
