package dev.blocksmith.rpc.rest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.server.HttpReply;

/** REST's JSON-only endpoints: /chaininfo, /deploymentinfo and /mempool/info|contents, answered by the RPC methods. */
final class InfoEndpoints {
    private final RestContext ctx;

    InfoEndpoints(RestContext ctx) {
        this.ctx = ctx;
    }

    HttpReply chainInfo(String uriPart) throws RestException {
        RestFormat.Parsed p = RestFormat.parse(uriPart);
        if (p.format() != RestFormat.JSON) throw RestException.formatNotFound("json");
        return RestContext.json(ctx.callRpc("getblockchaininfo", RpcJson.array()));
    }

    HttpReply deploymentInfo(String uriPart) throws RestException {
        RestFormat.Parsed p = RestFormat.parse(uriPart);
        if (p.format() != RestFormat.JSON) throw RestException.formatNotFound("json");
        ArrayNode args = RpcJson.array();
        String hashText = p.param().startsWith("/") ? p.param().substring(1) : p.param();
        if (!hashText.isEmpty()) {
            Sha256Hash hash = RestContext.hash(hashText);
            if (ctx.chain().index(hash).isEmpty()) throw RestException.badRequest("Block not found");
            args.add(hashText);
        }
        return RestContext.json(ctx.callRpc("getdeploymentinfo", args));
    }

    HttpReply mempool(String uri, String uriPart) throws RestException {
        RestFormat.Parsed p = RestFormat.parse(uriPart);
        if (!p.param().equals("contents") && !p.param().equals("info")) {
            throw RestException.badRequest("Invalid URI format. Expected /rest/mempool/<info|contents>.json");
        }
        ctx.requireMempool();
        if (p.format() != RestFormat.JSON) throw RestException.formatNotFound("json");
        if (p.param().equals("info")) return RestContext.json(ctx.callRpc("getmempoolinfo", RpcJson.array()));
        String verbose = RestUri.queryParameter(uri, "verbose").orElse("true");
        if (!verbose.equals("true") && !verbose.equals("false")) {
            throw RestException.badRequest("The \"verbose\" query parameter must be either \"true\" or \"false\".");
        }
        String sequence = RestUri.queryParameter(uri, "mempool_sequence").orElse("false");
        if (!sequence.equals("true") && !sequence.equals("false")) {
            throw RestException.badRequest("The \"mempool_sequence\" query parameter must be either \"true\" or \"false\".");
        }
        if (verbose.equals("true") && sequence.equals("true")) {
            throw RestException.badRequest("Verbose results cannot contain mempool sequence values. (hint: set \"verbose=false\")");
        }
        ArrayNode args = RpcJson.array().add(verbose.equals("true")).add(sequence.equals("true"));
        return RestContext.json(ctx.callRpc("getrawmempool", args));
    }
}
