package dev.blocksmith.rpc.methods.mempool;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blocksmith.core.mempool.Mempool;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.methods.RpcCategory;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import java.util.List;

/** {@code getmempoolentry "txid"}: one mempool transaction with its package figures. */
public final class GetMempoolEntryMethod implements RpcMethod {
    private final Mempool mempool;

    public GetMempoolEntryMethod(Mempool mempool) {
        this.mempool = mempool;
    }

    @Override public String name() { return "getmempoolentry"; }
    @Override public RpcCategory category() { return RpcCategory.BLOCKCHAIN; }

    @Override
    public List<RpcParamSpec> params() {
        return List.of(RpcParamSpec.required("txid", RpcParamType.STR_HEX, "The transaction id (must be in mempool)"));
    }

    @Override
    public String description() {
        return "Returns mempool data for given transaction";
    }

    @Override
    public String resultHelp() {
        return "Result:\n{                             (json object)\n" + MempoolJson.ENTRY_RESULT_HELP + "\n}";
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        return MempoolJson.entry(mempool.entry(MempoolRelatives.txid(request)).orElseThrow(MempoolRelatives::notInMempool));
    }
}
