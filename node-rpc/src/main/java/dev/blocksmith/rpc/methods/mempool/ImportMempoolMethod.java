package dev.blocksmith.rpc.methods.mempool;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.core.mempool.Mempool;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.RpcCategory;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcParam;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code importmempool "filepath" ( options )}: adds the transactions of a mempool.dat file (as
 * {@code savemempool} writes it) to the mempool, as bitcoind; the pool's own transactions stay.
 */
public final class ImportMempoolMethod implements RpcMethod {
    private final ChainManager chain;
    private final Mempool mempool;

    public ImportMempoolMethod(ChainManager chain, Mempool mempool) {
        this.chain = chain;
        this.mempool = mempool;
    }

    @Override public String name() { return "importmempool"; }
    @Override public RpcCategory category() { return RpcCategory.BLOCKCHAIN; }

    @Override
    public List<RpcParamSpec> params() {
        return List.of(RpcParamSpec.required("filepath", RpcParamType.STR, "The mempool file"),
                RpcParamSpec.optional("options", RpcParamType.OBJ, "use_current_time (default true), apply_fee_delta_priority "
                        + "(default false), apply_unbroadcast_set (default false)")
                        // bitcoind's OBJ_NAMED_PARAMS: the option keys may also be passed as named arguments.
                        .withNamedOptions(List.of(new RpcParamSpec.NamedOption("use_current_time", RpcParamType.BOOL),
                                new RpcParamSpec.NamedOption("apply_fee_delta_priority", RpcParamType.BOOL), new RpcParamSpec.NamedOption("apply_unbroadcast_set", RpcParamType.BOOL))));
    }

    @Override
    public String description() {
        return """
                Import a mempool.dat file and attempt to add its contents to the mempool.
                Warning: Importing untrusted files is dangerous, especially if metadata from the file is taken over.""";
    }

    @Override
    public String resultHelp() {
        return """
                Result:
                {    (json object)
                }""";
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        if (chain.isInitialBlockDownload()) {
            throw new RpcException(RpcErrorCode.CLIENT_IN_INITIAL_DOWNLOAD,
                    "Can only import the mempool after the block download and sync is done.");
        }
        Path file = Path.of(request.arg("filepath").asString());
        JsonNode options = request.arg("options").isNull() ? RpcJson.object() : request.arg("options").asObject();
        Mempool.ImportOptions opts = new Mempool.ImportOptions(
                flag(options, "use_current_time", true),
                flag(options, "apply_fee_delta_priority", false),
                flag(options, "apply_unbroadcast_set", false));
        Optional<Integer> imported = mempool.importFile(file, opts);
        if (imported.isEmpty()) throw RpcException.misc("Unable to import mempool file, see debug.log for details.");
        return RpcJson.object();
    }

    private static boolean flag(JsonNode options, String key, boolean fallback) throws RpcException {
        return new RpcParam(key, options.get(key)).asBoolOr(fallback);
    }
}
