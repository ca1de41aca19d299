package dev.blocksmith.rpc.methods.blockchain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.chain.BlockIndex;
import dev.blocksmith.core.chain.BlockUndo;
import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.core.filter.BlockFilterType;
import dev.blocksmith.core.index.BlockFilterIndex;
import dev.blocksmith.core.index.BlockFilterScan;
import dev.blocksmith.core.index.Indexes;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.RpcCategory;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code scanblocks "action" ( [scanobjects,...] start_height stop_height "filtertype" options )}: the blocks whose
 * BIP158 filter matches the scripts of some descriptors (-blockfilterindex). One scan at a time, as bitcoind:
 * {@code status} reports its progress, {@code abort} stops it.
 */
public final class ScanBlocksMethod implements RpcMethod {
    private final ChainManager chain;
    private final Indexes indexes;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean abortRequested = new AtomicBoolean();
    private final AtomicInteger progress = new AtomicInteger();
    private final AtomicInteger progressHeight = new AtomicInteger();

    public ScanBlocksMethod(ChainManager chain, Indexes indexes) {
        this.chain = chain;
        this.indexes = indexes;
    }

    @Override public String name() { return "scanblocks"; }
    @Override public RpcCategory category() { return RpcCategory.BLOCKCHAIN; }

    @Override
    public List<RpcParamSpec> params() {
        return List.of(
                RpcParamSpec.required("action", RpcParamType.STR, "The action to execute\n"
                        + "\"start\" for starting a scan\n\"abort\" for aborting the current scan (returns true when abort was successful)\n"
                        + "\"status\" for progress report (in %) of the current scan"),
                RpcParamSpec.optional("scanobjects", RpcParamType.ARR, "Array of scan objects. Required for \"start\" action\n"
                        + "Every scan object is either a string descriptor or an object:"),
                RpcParamSpec.withDefault("start_height", RpcParamType.NUM, 0, "Height to start to scan from"),
                RpcParamSpec.withHint("stop_height", RpcParamType.NUM, "chain tip", "Height to stop to scan"),
                RpcParamSpec.withDefaultText("filtertype", RpcParamType.STR, "basic", "The type name of the filter"),
                RpcParamSpec.optional("options", RpcParamType.OBJ, "")
                        // bitcoind's OBJ_NAMED_PARAMS: filter_false_positives may also be passed as a named argument.
                        .withNamedOptions(List.of(new RpcParamSpec.NamedOption("filter_false_positives", RpcParamType.BOOL))));
    }

    @Override
    public String description() {
        return "Return relevant blockhashes for given descriptors (requires blockfilterindex).\n"
                + "This call may take several minutes. Make sure to use no RPC timeout (bitcoin-cli -rpcclienttimeout=0)";
    }

    @Override
    public String resultHelp() {
        return """
                Result (when action=='start'; only returns after scan completes):
                {                              (json object)
                  "from_height" : n,           (numeric) The height we started the scan from
                  "to_height" : n,             (numeric) The height we ended the scan at
                  "relevant_blocks" : [        (json array) Blocks that may have matched a scanobject.
                    "hex",                     (string) A relevant blockhash
                    ...
                  ],
                  "completed" : true|false     (boolean) true if the scan process was not aborted
                }

                Result (when action=='status' and a scan is currently in progress):
                {                    (json object)
                  "progress" : n,    (numeric) Approximate percent complete
                  "current_height" : n    (numeric) Height of the block currently being scanned
                }

                Result (when action=='status' and no scan is in progress):
                null    (json null)

                Result (when action=='abort'):
                true|false    (boolean) True if scan will be aborted (not necessarily before this RPC returns), or false if there is no scan to abort""";
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        String action = request.arg("action").asString();
        switch (action) {
            case "status" -> {
                if (!running.get()) return NullNode.getInstance();
                return RpcJson.object().put("progress", progress.get()).put("current_height", progressHeight.get());
            }
            case "abort" -> {
                if (!running.get()) return BooleanNode.FALSE;
                abortRequested.set(true);
                return BooleanNode.TRUE;
            }
            case "start" -> {
                if (!running.compareAndSet(false, true)) {
                    throw RpcException.invalidParameter("Scan already in progress, use action \"abort\" or \"status\"");
                }
                try {
                    return start(request);
                } finally {
                    running.set(false);
                }
            }
            default -> throw RpcException.invalidParameter("Invalid action '" + action + "'");
        }
    }

    private JsonNode start(RpcRequest request) throws RpcException {
        String typeName = request.arg("filtertype").asString();
        BlockFilterType type = BlockFilterType.byName(typeName)
                .orElseThrow(() -> new RpcException(RpcErrorCode.INVALID_ADDRESS_OR_KEY, "Unknown filtertype"));
        boolean filterFalsePositives = false;
        if (!request.arg("options").isNull()) {
            JsonNode option = request.arg("options").asObject().get("filter_false_positives");
            if (option != null && !option.isNull()) {
                if (!option.isBoolean()) throw RpcException.typeError("JSON value is not a boolean as expected");
                filterFalsePositives = option.booleanValue();
            }
        }
        BlockFilterIndex index = indexes.blockFilter(type)
                .orElseThrow(() -> RpcException.misc("Index is not enabled for filtertype " + typeName));

        BlockIndex tip = chain.tip().index();
        int from = request.arg("start_height").asInt();
        BlockIndex start = (from >= 0 && from <= tip.height() ? chain.atHeight(from) : Optional.<BlockIndex>empty())
                .orElseThrow(() -> RpcException.misc("Invalid start_height"));
        BlockIndex stop = tip;
        if (!request.arg("stop_height").isNull()) {
            int h = request.arg("stop_height").asInt();
            Optional<BlockIndex> at = h >= 0 && h <= tip.height() ? chain.atHeight(h) : Optional.empty();
            if (at.isEmpty() || at.get().height() < start.height()) throw RpcException.misc("Invalid stop_height");
            stop = at.get();
        }

        List<byte[]> needles = new ArrayList<>();
        for (JsonNode obj : request.arg("scanobjects").asArray()) {
            for (Script s : ScanObjects.scripts(obj, chain.params())) needles.add(s.bytes());
        }
        abortRequested.set(false);
        BlockFilterScan.Result r = new BlockFilterScan(index).scan(start, stop, needles, filterFalsePositives,
                checkedBlocks(), abortRequested::get, (percent, height) -> {
                    progress.set(percent);
                    progressHeight.set(height);
                });
        ObjectNode out = RpcJson.object();
        out.put("from_height", r.fromHeight());
        out.put("to_height", r.toHeight());
        ArrayNode blocks = out.putArray("relevant_blocks");
        for (Sha256Hash h : r.relevantBlocks()) blocks.add(h.toHex());
        out.put("completed", r.completed());
        return out;
    }

    /** The blocks the false-positive check reads, failing as bitcoind's GetBlockChecked/GetUndoChecked (pruned data). */
    private BlockFilterScan.BlockReader<RpcException> checkedBlocks() {
        return new BlockFilterScan.BlockReader<>() {
            @Override
            public Block block(BlockIndex index) throws RpcException {
                return ChainLookups.block(chain, index);
            }

            @Override
            public BlockUndo undo(BlockIndex index) throws RpcException {
                return ChainLookups.undo(chain, index);
            }
        };
    }
}
