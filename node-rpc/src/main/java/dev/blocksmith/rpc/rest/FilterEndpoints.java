package dev.blocksmith.rpc.rest;

import dev.blocksmith.core.chain.BlockIndex;
import dev.blocksmith.core.chain.BlockStatus;
import dev.blocksmith.core.filter.BlockFilter;
import dev.blocksmith.core.filter.BlockFilterType;
import dev.blocksmith.core.index.BlockFilterIndex;
import dev.blocksmith.core.primitives.ByteWriter;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.rpc.render.FilterRender;
import dev.blocksmith.rpc.server.HttpReply;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** REST's compact block filter endpoints: /blockfilter and /blockfilterheaders (-blockfilterindex). */
final class FilterEndpoints {
    private final RestContext ctx;

    FilterEndpoints(RestContext ctx) {
        this.ctx = ctx;
    }

    /** /rest/blockfilterheaders/TYPE/HASH.ext?count=N (or .../TYPE/N/HASH.ext): filter headers along the active chain. */
    HttpReply headers(String uri, String uriPart) throws RestException {
        RestFormat.Parsed p = RestFormat.parse(uriPart);
        List<String> parts = RestPaths.split(p.param());
        String rawCount;
        String rawHash;
        if (parts.size() == 3) {
            rawHash = parts.get(2);
            rawCount = parts.get(1);
        } else if (parts.size() == 2) {
            rawHash = parts.get(1);
            rawCount = RestUri.queryParameter(uri, "count").orElse("5");
        } else {
            throw RestException.badRequest(
                    "Invalid URI format. Expected /rest/blockfilterheaders/<filtertype>/<blockhash>.<ext>?count=<count>");
        }
        long count = RestCounts.headerCount(rawCount);
        Sha256Hash hash = RestContext.hash(rawHash);
        BlockFilterIndex index = index(parts.get(0));
        List<BlockIndex> blocks = ctx.activeFrom(ctx.chain().index(hash), count);
        boolean ready = index.awaitSyncedToTip();
        List<Sha256Hash> headers = new ArrayList<>();
        for (BlockIndex b : blocks) {
            BlockFilterIndex.Entry e = index.entry(b.hash()).orElseThrow(() -> RestException.notFound("Filter not found."
                    + (ready ? " This error is unexpected and indicates index corruption."
                             : " Block filters are still in the process of being indexed.")));
            headers.add(e.header());
        }
        ByteWriter w = new ByteWriter(32 * headers.size());
        for (Sha256Hash h : headers) w.hash(h);
        return RestContext.reply(p.format(), w.toByteArray(), FilterRender.headers(headers));
    }

    /** /rest/blockfilter/TYPE/HASH.ext: one block's filter (binary: type, block hash, encoded filter). */
    HttpReply filter(String uriPart) throws RestException {
        RestFormat.Parsed p = RestFormat.parse(uriPart);
        List<String> parts = RestPaths.split(p.param());
        if (parts.size() != 2) throw RestException.badRequest("Invalid URI format. Expected /rest/blockfilter/<filtertype>/<blockhash>");
        Sha256Hash hash = RestContext.hash(parts.get(1));
        BlockFilterIndex index = index(parts.get(0));
        BlockIndex block = ctx.chain().index(hash).orElseThrow(() -> RestException.notFound(parts.get(1) + " not found"));
        boolean wasConnected = block.hasStatus(BlockStatus.VALID_SCRIPTS);
        boolean ready = index.awaitSyncedToTip();
        Optional<BlockFilterIndex.Entry> entry = index.entry(hash);
        if (entry.isEmpty()) {
            String why = !wasConnected ? " Block was not connected to active chain."
                    : !ready ? " Block filters are still in the process of being indexed."
                    : " This error is unexpected and indicates index corruption.";
            throw RestException.notFound("Filter not found." + why);
        }
        BlockFilter filter = entry.get().filter();
        ByteWriter w = new ByteWriter(40 + filter.encoded().length);
        w.u8(filter.type().id()).hash(filter.blockHash()).varBytes(filter.encoded());
        return RestContext.reply(p.format(), w.toByteArray(), FilterRender.filterOnly(filter));
    }

    private BlockFilterIndex index(String typeName) throws RestException {
        BlockFilterType type = BlockFilterType.byName(typeName)
                .orElseThrow(() -> RestException.badRequest("Unknown filtertype " + typeName));
        return ctx.indexes().blockFilter(type)
                .orElseThrow(() -> RestException.badRequest("Index is not enabled for filtertype " + typeName));
    }
}
