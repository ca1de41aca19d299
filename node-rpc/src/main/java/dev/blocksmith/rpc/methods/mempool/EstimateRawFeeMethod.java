package dev.blocksmith.rpc.methods.mempool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.core.mempool.FeeEstimator;
import dev.blocksmith.core.mempool.Mempool;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.RpcCategory;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import java.util.List;

/**
 * {@code estimaterawfee conf_target ( threshold )}: bitcoind's hidden view into its fee estimator, one object per
 * horizon that tracks the target, with the passing and failing bucket ranges behind each answer.
 */
public final class EstimateRawFeeMethod implements RpcMethod {
    private final Mempool mempool;

    public EstimateRawFeeMethod(Mempool mempool) {
        this.mempool = mempool;
    }

    @Override public String name() { return "estimaterawfee"; }
    @Override public RpcCategory category() { return RpcCategory.HIDDEN; }

    @Override
    public List<RpcParamSpec> params() {
        return List.of(RpcParamSpec.required("conf_target", RpcParamType.NUM, "Confirmation target in blocks (1 - 1008)"),
                RpcParamSpec.withDefault("threshold", RpcParamType.NUM, com.fasterxml.jackson.databind.node.DoubleNode.valueOf(0.95),
                        "The proportion of transactions in a given feerate range that must have been\n"
                                + "confirmed within conf_target in order to consider those feerates as high enough and proceed to check\n"
                                + "lower buckets."));
    }

    @Override
    public String description() {
        return """
                WARNING: This interface is unstable and may disappear or change!

                WARNING: This is an advanced API call that is tightly coupled to the specific
                implementation of fee estimation. The parameters it can be called with
                and the results it returns will change if the internal implementation changes.

                Estimates the approximate fee per kilobyte needed for a transaction to begin
                confirmation within conf_target blocks if possible. Uses virtual transaction size as
                defined in BIP 141 (witness data is discounted).""";
    }

    @Override
    public String resultHelp() {
        return """
                {                           (json object) Results are returned for any horizon which tracks blocks up to the confirmation target
                  "short" : {               (json object, optional) estimate for short time horizon
                    "feerate" : n,          (numeric, optional) estimate fee rate in BTC/kvB
                    "decay" : n,            (numeric) exponential decay (per block) for historical moving average of confirmation data
                    "scale" : n,            (numeric) The resolution of confirmation targets at this time horizon
                    "pass" : {              (json object, optional) information about the lowest range of feerates to succeed in meeting the threshold
                      "startrange" : n,     (numeric) start of feerate range
                      "endrange" : n,       (numeric) end of feerate range
                      "withintarget" : n,   (numeric) number of txs over history horizon in the feerate range that were confirmed within target
                      "totalconfirmed" : n, (numeric) number of txs over history horizon in the feerate range that were confirmed at any point
                      "inmempool" : n,      (numeric) current number of txs in mempool in the feerate range unconfirmed for at least target blocks
                      "leftmempool" : n     (numeric) number of txs over history horizon in the feerate range that left mempool unconfirmed after target
                    },
                    "fail" : {              (json object, optional) information about the highest range of feerates to fail to meet the threshold
                      ...
                    },
                    "errors" : [            (json array, optional) Errors encountered during processing (if there are any)
                      "str",                (string)
                      ...
                    ]
                  },
                  "medium" : {              (json object, optional) estimate for medium time horizon
                    ...
                  },
                  "long" : {                (json object, optional) estimate for long time horizon
                    ...
                  }
                }""";
    }

    @Override
    public List<HelpExample> examples() {
        return List.of(new HelpExample("6 0.9", null));
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        // bitcoind's EnsureAnyFeeEstimator: a -blocksonly node has none.
        if (!mempool.feeEstimator().isEnabled()) throw new RpcException(dev.blocksmith.rpc.RpcErrorCode.INTERNAL_ERROR, "Fee estimation disabled");
        FeeEstimator estimator = mempool.feeEstimator();
        int maxTarget = estimator.highestTargetTracked(FeeEstimator.Horizon.LONG);
        int target = request.arg("conf_target").asInt();
        if (target < 1 || target > maxTarget) {
            throw RpcException.invalidParameter("Invalid conf_target, must be between 1 and " + maxTarget);
        }
        double threshold = request.arg("threshold").json().asDouble();
        if (threshold < 0 || threshold > 1) throw RpcException.invalidParameter("Invalid threshold");
        ObjectNode result = RpcJson.object();
        for (FeeEstimator.Horizon horizon : FeeEstimator.Horizon.values()) {
            if (target > estimator.highestTargetTracked(horizon)) continue;
            FeeEstimator.RawEstimate e = estimator.estimateRawFee(target, threshold, horizon);
            ObjectNode h = result.putObject(horizon.rpcName());
            if (e.feeRate().isPresent()) {
                h.set("feerate", MempoolJson.feeRate(e.feeRate().get()));
                h.put("decay", e.decay());
                h.put("scale", e.scale());
                h.set("pass", range(e.pass()));
                if (e.fail().start() != -1) h.set("fail", range(e.fail()));
            } else {
                h.put("decay", e.decay());
                h.put("scale", e.scale());
                h.set("fail", range(e.fail()));
                h.putArray("errors").add("Insufficient data or no feerate found which meets threshold");
            }
        }
        return result;
    }

    /** bitcoind rounds the range ends to whole sat/kvB and the counts to hundredths. */
    private static ObjectNode range(FeeEstimator.BucketRange r) {
        ObjectNode o = RpcJson.object();
        o.put("startrange", (double) Math.round(r.start()));
        o.put("endrange", (double) Math.round(r.end()));
        o.put("withintarget", Math.round(r.withinTarget() * 100.0) / 100.0);
        o.put("totalconfirmed", Math.round(r.totalConfirmed() * 100.0) / 100.0);
        o.put("inmempool", Math.round(r.inMempool() * 100.0) / 100.0);
        o.put("leftmempool", Math.round(r.leftMempool() * 100.0) / 100.0);
        return o;
    }
}
