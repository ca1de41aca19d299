package dev.blocksmith.rpc.render;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.core.filter.BlockFilter;
import dev.blocksmith.core.index.BlockFilterIndex;
import dev.blocksmith.core.primitives.Hex;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.rpc.json.RpcJson;
import java.util.List;

/** Block filters as getblockfilter and the REST blockfilter endpoints write them. */
public final class FilterRender {
    private FilterRender() {}

    /** getblockfilter's result: the encoded filter and its header. */
    public static ObjectNode filterWithHeader(BlockFilterIndex.Entry entry) {
        ObjectNode out = filterOnly(entry.filter());
        out.put("header", entry.header().toHex());
        return out;
    }

    /** REST /blockfilter's JSON: the encoded filter alone. */
    public static ObjectNode filterOnly(BlockFilter filter) {
        ObjectNode out = RpcJson.object();
        out.put("filter", Hex.encode(filter.encoded()));
        return out;
    }

    /** REST /blockfilterheaders' JSON: the headers as hex strings. */
    public static ArrayNode headers(List<Sha256Hash> headers) {
        ArrayNode out = RpcJson.array();
        for (Sha256Hash h : headers) out.add(h.toHex());
        return out;
    }
}
