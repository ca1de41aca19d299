package dev.blocksmith.rpc.methods.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.p2p.NetTotals;
import dev.blocksmith.p2p.P2PNetwork;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.RpcRequest;
import java.util.List;

/** {@code getnettotals}: bytes in and out since start, and the upload target's cycle (-maxuploadtarget). */
public final class GetNetTotalsMethod extends NetworkMethod {
    public GetNetTotalsMethod(P2PNetwork network) {
        super(network, "getnettotals", "Returns information about network traffic, including bytes in, bytes out,\nand current system time.",
                "{ \"totalbytesrecv\" : n, \"totalbytessent\" : n, \"timemillis\" : xxx, \"uploadtarget\" : {...} }", List.of());
    }

    @Override
    public JsonNode execute(RpcRequest request) {
        NetTotals t = network.netTotals();
        ObjectNode o = RpcJson.object();
        o.put("totalbytesrecv", t.totalBytesRecv());
        o.put("totalbytessent", t.totalBytesSent());
        o.put("timemillis", t.timeMillis());
        ObjectNode up = o.putObject("uploadtarget");
        up.put("timeframe", t.uploadTarget().timeframe());
        up.put("target", t.uploadTarget().target());
        up.put("target_reached", t.uploadTarget().targetReached());
        up.put("serve_historical_blocks", t.uploadTarget().serveHistoricalBlocks());
        up.put("bytes_left_in_cycle", t.uploadTarget().bytesLeftInCycle());
        up.put("time_left_in_cycle", t.uploadTarget().timeLeftInCycle());
        return o;
    }
}
