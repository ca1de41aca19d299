package dev.blocksmith.rpc.methods.mempool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.core.mempool.FeeEstimator;
import dev.blocksmith.core.mempool.FeeRate;
import dev.blocksmith.core.mempool.Mempool;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.RpcCategory;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code estimatesmartfee conf_target ( "estimate_mode" )}: the fee rate that confirmed transactions
 * within the target in the past, never below the mempool's current minimum or the relay minimum.
 */
public final class EstimateSmartFeeMethod implements RpcMethod {
    private static final String MODES = "\"unset\", \"economical\", \"conservative\"";

    private final Mempool mempool;

    public EstimateSmartFeeMethod(Mempool mempool) {
        this.mempool = mempool;
    }

    @Override public String name() { return "estimatesmartfee"; }
    @Override public RpcCategory category() { return RpcCategory.UTIL; }

    @Override
    public List<RpcParamSpec> params() {
        return List.of(RpcParamSpec.required("conf_target", RpcParamType.NUM, "Confirmation target in blocks (1 - 1008)"),
                RpcParamSpec.withDefaultText("estimate_mode", RpcParamType.STR, "economical",
                        "The fee estimate mode.\n" + MODES));
    }

    @Override
    public String description() {
        return """
                Estimates the approximate fee per kilobyte needed for a transaction to begin
                confirmation within conf_target blocks if possible and return the number of blocks
                for which the estimate is valid. Uses virtual transaction size as defined
                in BIP 141 (witness data is discounted).""";
    }

    @Override
    public String resultHelp() {
        return """
                Result:
                {                   (json object)
                  "feerate" : n,    (numeric, optional) estimate fee rate in BTC/kvB (only present if no errors were encountered)
                  "errors" : [      (json array, optional) Errors encountered during processing (if there are any)
                    "str",          (string) error
                    ...
                  ],
                  "blocks" : n      (numeric) block number where estimate was found
                                    The request target will be clamped between 2 and the highest target
                                    fee estimation is able to return based on how long it has been running.
                                    An error is returned if not enough transactions and blocks
                                    have been observed to make an estimate for any number of blocks.
                }""";
    }

    @Override
    public List<HelpExample> examples() {
        return List.of(new HelpExample("6", "[6]"), new HelpExample("6 \"economical\"", "[6, \"economical\"]"));
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        // bitcoind's EnsureAnyFeeEstimator: a -blocksonly node has none.
        if (!mempool.feeEstimator().isEnabled()) throw new RpcException(dev.blocksmith.rpc.RpcErrorCode.INTERNAL_ERROR, "Fee estimation disabled");
        int target = request.arg("conf_target").asInt();
        if (target < 1 || target > FeeEstimator.MAX_TARGET) {
            throw RpcException.invalidParameter("Invalid conf_target, must be between 1 and " + FeeEstimator.MAX_TARGET);
        }
        String mode = request.arg("estimate_mode").asString().toLowerCase(Locale.ROOT);
        if (!List.of("unset", "economical", "conservative").contains(mode)) {
            throw RpcException.invalidParameter("Invalid estimate_mode parameter, must be one of: " + MODES);
        }
        boolean conservative = mode.equals("conservative");
        FeeEstimator estimator = mempool.feeEstimator();
        Optional<FeeEstimator.Estimate> estimate = estimator.estimateSmartFee(target, conservative);
        ObjectNode o = RpcJson.object();
        if (estimate.isPresent()) {
            // A rate below what the mempool accepts now would not even relay.
            FeeRate rate = FeeRate.max(estimate.get().feeRate(), mempool.info().mempoolMinFee());
            o.set("feerate", MempoolJson.feeRate(rate));
            o.put("blocks", estimate.get().blocks());
        } else {
            o.putArray("errors").add("Insufficient data or no feerate found");
            o.put("blocks", estimator.answeredTarget(target));
        }
        return o;
    }
}
