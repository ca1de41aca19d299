package dev.blocksmith.rpc.methods.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.core.primitives.Hex;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.p2p.P2PNetwork;
import dev.blocksmith.p2p.sync.TxRelay;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.RpcCategory;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import java.util.List;

/**
 * {@code getorphantxs ( verbosity )}: bitcoind's hidden RPC listing the orphan pool. Verbosity 0 gives
 * txids, 1 objects with sizes and announcing peers, 2 adds the hex. (Our pool has no expiry times, so the
 * entry/expiration fields of older bitcoinds are not shown.)
 */
public final class GetOrphanTxsMethod extends NetworkMethod {
    public GetOrphanTxsMethod(P2PNetwork network) {
        super(network, "getorphantxs", "Shows transactions in the tx orphanage.\n\nEXPERIMENTAL warning: this call may be changed in future releases.",
                "[ \"hex\", ... ]   (verbosity 0)\n[ { \"txid\" : \"hex\", \"wtxid\" : \"hex\", \"bytes\" : n, \"vsize\" : n, \"weight\" : n, \"from\" : [ n, ... ] (, \"hex\" : \"hex\" with verbosity 2) }, ... ]",
                List.of(RpcParamSpec.withDefault("verbosity", RpcParamType.ANY, 0, "0 for an array of txids (may contain duplicates), 1 for an array of objects with tx details, and 2 for details from (1) and tx hex")));
    }

    @Override
    public RpcCategory category() {
        return RpcCategory.HIDDEN;
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        // bitcoind's ParseVerbosity with allow_bool = false.
        if (request.arg("verbosity").json().isBoolean()) {
            throw new RpcException(RpcErrorCode.TYPE_ERROR, "Verbosity was boolean but only integer allowed");
        }
        int verbosity = request.arg("verbosity").asInt();
        if (verbosity < 0 || verbosity > 2) throw RpcException.invalidParameter("Invalid verbosity value " + verbosity);
        ArrayNode out = RpcJson.array();
        for (TxRelay.OrphanView o : network.orphanTransactions()) {
            Transaction tx = o.tx();
            if (verbosity == 0) {
                out.add(tx.txid().toHex());
                continue;
            }
            ObjectNode e = out.addObject();
            e.put("txid", tx.txid().toHex());
            e.put("wtxid", tx.wtxid().toHex());
            e.put("bytes", tx.totalSize());
            e.put("vsize", tx.vsize());
            e.put("weight", tx.weight());
            ArrayNode from = e.putArray("from");
            o.fromPeers().forEach(from::add);
            if (verbosity == 2) e.put("hex", Hex.encode(tx.serialize()));
        }
        return out;
    }
}
