package dev.blocksmith.rpc.methods.mempool;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blocksmith.core.mempool.Mempool;
import dev.blocksmith.core.mempool.MempoolEntry;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.methods.RpcCategory;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcRequest;
import java.util.List;

/** {@code getmempooldescendants "txid" ( verbose )}: the in-mempool descendants of a mempool transaction. */
public final class GetMempoolDescendantsMethod implements RpcMethod {
    private final Mempool mempool;

    public GetMempoolDescendantsMethod(Mempool mempool) {
        this.mempool = mempool;
    }

    @Override public String name() { return "getmempooldescendants"; }
    @Override public RpcCategory category() { return RpcCategory.BLOCKCHAIN; }

    @Override
    public List<RpcParamSpec> params() {
        return MempoolRelatives.params();
    }

    @Override
    public String description() {
        return "If txid is in the mempool, returns all in-mempool descendants.";
    }

    @Override
    public String resultHelp() {
        return MempoolRelatives.resultHelp("descendant");
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        List<MempoolEntry> relatives = mempool.descendantsOf(MempoolRelatives.txid(request)).orElseThrow(MempoolRelatives::notInMempool);
        return MempoolRelatives.render(relatives, request.arg("verbose").asBool());
    }
}
