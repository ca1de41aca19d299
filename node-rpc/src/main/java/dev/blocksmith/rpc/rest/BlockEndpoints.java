package dev.blocksmith.rpc.rest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.core.chain.BlockIndex;
import dev.blocksmith.core.chain.BlockStatus;
import dev.blocksmith.core.chain.BlockUndo;
import dev.blocksmith.core.chain.Coin;
import dev.blocksmith.core.primitives.ByteWriter;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.render.ScriptRender;
import dev.blocksmith.rpc.server.HttpReply;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** REST's block endpoints: /block, /block/notxdetails, /headers, /blockhashbyheight, /spenttxouts. */
final class BlockEndpoints {
    private final RestContext ctx;

    BlockEndpoints(RestContext ctx) {
        this.ctx = ctx;
    }

    /** /rest/block/HASH.ext: the stored block; JSON as getblock with verbosity 3 (or 1 for notxdetails). */
    HttpReply block(String uriPart, boolean txDetails) throws RestException {
        RestFormat.Parsed p = RestFormat.parse(uriPart);
        Sha256Hash hash = RestContext.hash(p.param());
        BlockIndex index = ctx.chain().index(hash).orElseThrow(() -> RestException.notFound(p.param() + " not found"));
        if (!index.haveData()) {
            if (ctx.chain().isBlockPruned(index)) throw RestException.notFound(p.param() + " not available (pruned data)");
            throw RestException.notFound(p.param() + " not available (not fully downloaded)");
        }
        byte[] raw = ctx.chain().rawBlock(hash).orElseThrow(() -> RestException.notFound(p.param() + " not found"));
        if (p.format() != RestFormat.JSON) return RestContext.reply(p.format(), raw, null);
        ArrayNode args = RpcJson.array().add(hash.toHex()).add(txDetails ? 3 : 1);
        return RestContext.json(ctx.callRpc("getblock", args));
    }

    /** /rest/headers/HASH.ext?count=N (or the older /rest/headers/N/HASH.ext): headers along the active chain. */
    HttpReply headers(String uri, String uriPart) throws RestException {
        RestFormat.Parsed p = RestFormat.parse(uriPart);
        List<String> path = RestPaths.split(p.param());
        String rawCount;
        String hashText;
        if (path.size() == 2) {
            rawCount = path.get(0);
            hashText = path.get(1);
        } else if (path.size() == 1) {
            hashText = path.get(0);
            rawCount = RestUri.queryParameter(uri, "count").orElse("5");
        } else {
            throw RestException.badRequest("Invalid URI format. Expected /rest/headers/<hash>.<ext>?count=<count>");
        }
        long count = RestCounts.headerCount(rawCount);
        Sha256Hash hash = RestContext.hash(hashText);
        List<BlockIndex> headers = ctx.activeFrom(ctx.chain().index(hash), count);
        ByteWriter w = new ByteWriter(80 * headers.size());
        for (BlockIndex h : headers) h.header().write(w);
        if (p.format() != RestFormat.JSON) return RestContext.reply(p.format(), w.toByteArray(), null);
        ArrayNode out = RpcJson.array();
        for (BlockIndex h : headers) out.add(ctx.callRpc("getblockheader", RpcJson.array().add(h.hash().toHex()).add(true)));
        return RestContext.json(out);
    }

    /** /rest/blockhashbyheight/HEIGHT.ext: the active chain's block at a height. */
    HttpReply blockHashByHeight(String uriPart) throws RestException {
        RestFormat.Parsed p = RestFormat.parse(uriPart);
        OptionalInt height = RestCounts.int32(p.param());
        if (height.isEmpty() || height.getAsInt() < 0) {
            throw RestException.badRequest("Invalid height: " + RestPaths.sanitizeUri(p.param()));
        }
        Optional<BlockIndex> index = height.getAsInt() > ctx.chain().tip().height() ? Optional.empty()
                : ctx.chain().atHeight(height.getAsInt());
        BlockIndex at = index.orElseThrow(() -> RestException.notFound("Block height out of range"));
        if (p.format() == RestFormat.HEX) {
            return HttpReply.bytes(200, "text/plain", (at.hash().toHex() + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        ObjectNode json = RpcJson.object().put("blockhash", at.hash().toHex());
        return RestContext.reply(p.format(), at.hash().bytes(), json);
    }

    /** /rest/spenttxouts/HASH.ext: the outputs each transaction of a block spent, from its undo data. */
    HttpReply spentTxOuts(String uriPart) throws RestException {
        RestFormat.Parsed p = RestFormat.parse(uriPart);
        List<String> path = RestPaths.split(p.param());
        if (path.size() != 1) throw RestException.badRequest("Invalid URI format. Expected /rest/spenttxouts/<hash>.<ext>");
        Sha256Hash hash = RestContext.hash(path.get(0));
        BlockIndex index = ctx.chain().index(hash).orElseThrow(() -> RestException.notFound(path.get(0) + " not found"));
        BlockUndo undo = new BlockUndo(List.of());
        if (index.height() > 0) {
            Optional<BlockUndo> stored = index.hasStatus(BlockStatus.HAVE_UNDO) ? ctx.chain().undo(hash) : Optional.empty();
            undo = stored.orElseThrow(() -> RestException.notFound(path.get(0) + " undo not available"));
        }
        // One list per transaction of the block; the coinbase's (first) is always empty.
        ByteWriter w = new ByteWriter(1024);
        w.compactSize(undo.spentByTx().size() + 1L);
        w.compactSize(0);
        ArrayNode json = RpcJson.array();
        json.addArray();
        for (List<Coin> coins : undo.spentByTx()) {
            w.compactSize(coins.size());
            ArrayNode tx = json.addArray();
            for (Coin c : coins) {
                c.output().write(w);
                ObjectNode prevout = tx.addObject();
                prevout.set("value", RpcJson.amount(dev.blocksmith.core.primitives.Amount.ofSats(c.output().value())));
                prevout.set("scriptPubKey", ScriptRender.scriptPubKey(c.output().scriptPubKey(), ctx.chain().params()));
            }
        }
        return RestContext.reply(p.format(), w.toByteArray(), json);
    }
}
