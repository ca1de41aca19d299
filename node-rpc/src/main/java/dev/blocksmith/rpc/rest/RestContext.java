package dev.blocksmith.rpc.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.blocksmith.core.chain.BlockIndex;
import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.core.index.Indexes;
import dev.blocksmith.core.mempool.Mempool;
import dev.blocksmith.core.primitives.Hex;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.MethodRegistry;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcRequest;
import dev.blocksmith.rpc.server.HttpReply;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * What the REST endpoints read: the chain, the mempool, the indexes, and the RPC methods whose results the JSON
 * formats repeat (bitcoind's REST calls getblockchaininfo and getdeploymentinfo itself, and shares blockToJSON,
 * blockheaderToJSON and the mempool renderers with RPC).
 */
record RestContext(ChainManager chain, Optional<Mempool> mempool, Indexes indexes, MethodRegistry rpc) {
    static final String OCTET_STREAM = "application/octet-stream";

    /** The result of an RPC method called with positional arguments, as the RPC server would return it. */
    JsonNode callRpc(String method, ArrayNode params) throws RestException {
        RpcMethod m = rpc.find(method).orElseThrow(() -> new RestException(500, "Internal bug detected: no method " + method));
        try {
            return m.execute(new RpcRequest(method, params, m.params(), Optional.empty(), "rest"));
        } catch (RpcException e) {
            throw new RestException(500, e.getMessage());
        }
    }

    Mempool requireMempool() throws RestException {
        return mempool.orElseThrow(() -> RestException.notFound("Mempool disabled or instance not found"));
    }

    /** bitcoind's uint256::FromHex for REST paths: exactly 64 hex digits, else "Invalid hash: ...". */
    static Sha256Hash hash(String text) throws RestException {
        if (text.length() != 64) throw RestException.badRequest("Invalid hash: " + text);
        for (int i = 0; i < 64; i++) {
            char c = text.charAt(i);
            boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            if (!hex) throw RestException.badRequest("Invalid hash: " + text);
        }
        return Sha256Hash.fromHex(text.toLowerCase(java.util.Locale.ROOT));
    }

    /** The reply in one of the three formats: bytes as they are, as hex with a newline, or the JSON with a newline. */
    static HttpReply reply(RestFormat format, byte[] binary, JsonNode json) throws RestException {
        return switch (format) {
            case BINARY -> HttpReply.bytes(200, OCTET_STREAM, binary);
            case HEX -> HttpReply.bytes(200, "text/plain", (Hex.encode(binary) + "\n").getBytes(StandardCharsets.UTF_8));
            case JSON -> json(json);
            case UNDEF -> throw RestException.formatNotFound(RestFormat.available());
        };
    }

    static HttpReply json(JsonNode json) {
        // A result of megabytes (a block's or the mempool's contents) goes out as it is produced.
        if (dev.blocksmith.rpc.json.StreamedJson.isStreamed(json)) return HttpReply.streamedJson(200, json);
        return HttpReply.bytes(200, "application/json", (RpcJson.write(json) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** The blocks of the active chain from {@code start} on, at most {@code count} (none when start is not on it). */
    java.util.List<BlockIndex> activeFrom(Optional<BlockIndex> start, long count) {
        java.util.List<BlockIndex> out = new java.util.ArrayList<>();
        Optional<BlockIndex> at = start.filter(chain::isOnBestChain);
        while (at.isPresent() && out.size() < count) {
            out.add(at.get());
            at = chain.next(at.get());
        }
        return out;
    }
}
