package dev.blocksmith.rpc.methods.mempool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.core.consensus.ValidationException;
import dev.blocksmith.core.mempool.AcceptOptions;
import dev.blocksmith.core.mempool.AcceptResult;
import dev.blocksmith.core.mempool.FeeRate;
import dev.blocksmith.core.mempool.Mempool;
import dev.blocksmith.core.mempool.PackageResult;
import dev.blocksmith.core.primitives.Amount;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.JsonType;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.RpcCategory;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import dev.blocksmith.rpc.methods.rawtransactions.RawTransactions;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code testmempoolaccept ["rawtx",...] ( maxfeerate )}: whether each transaction would enter the
 * mempool now, without adding it. One transaction is judged alone; several are a package
 * ({@link Mempool#testAcceptPackage}): parents first, no conflicts, validation stops at the first
 * failure and the transactions it did not reach report only their ids, as bitcoind.
 */
public final class TestMempoolAcceptMethod implements RpcMethod {
    /** bitcoind's MAX_PACKAGE_COUNT. */
    static final int MAX_PACKAGE_COUNT = 25;
    /** The mempool's reason for a base fee above maxfeerate. */
    static final String MAX_FEE_EXCEEDED = "max-fee-exceeded";

    private final Mempool mempool;

    public TestMempoolAcceptMethod(Mempool mempool) {
        this.mempool = mempool;
    }

    @Override public String name() { return "testmempoolaccept"; }
    @Override public RpcCategory category() { return RpcCategory.RAWTRANSACTIONS; }

    @Override
    public List<RpcParamSpec> params() {
        return List.of(RpcParamSpec.required("rawtxs", RpcParamType.ARR,
                        "An array of hex strings of raw transactions."),
                RpcParamSpec.withDefaultText("maxfeerate", RpcParamType.AMOUNT, "0.10",
                        "Reject transactions whose fee rate is higher than the specified value, expressed in BTC/kvB\n"
                                + "Set to 0 to accept any fee rate."));
    }

    @Override
    public String description() {
        return """
                Returns result of mempool acceptance tests indicating if raw transaction(s) (serialized, hex-encoded) would be accepted by mempool.

                If multiple transactions are passed in, parents must come before children and package policies apply: the transactions cannot conflict with any mempool transactions or each other.

                If one transaction fails, other transactions may not be fully validated (the 'allowed' key will be blank).

                The maximum number of transactions allowed is 25.

                This checks if transactions violate the consensus or policy rules.

                See sendrawtransaction call.""";
    }

    @Override
    public String resultHelp() {
        return """
                Result:
                [                                     (json array) The result of the mempool acceptance test for each raw transaction in the input array.
                                                      Returns results for each transaction in the same order they were passed in.
                                                      Transactions that cannot be fully validated due to failures in other transactions will not contain an 'allowed' result.
                  {                                   (json object)
                    "txid" : "hex",                   (string) The transaction hash in hex
                    "wtxid" : "hex",                  (string) The transaction witness hash in hex
                    "package-error" : "str",          (string, optional) Package validation error, if any (only possible if rawtxs had more than 1 transaction).
                    "allowed" : true|false,           (boolean, optional) Whether this tx would be accepted to the mempool and pass client-specified maxfeerate. If not present, the tx was not fully validated due to a failure in another tx in the list.
                    "vsize" : n,                      (numeric, optional) Virtual transaction size as defined in BIP 141. This is different from actual serialized size for witness transactions as witness data is discounted (only present when 'allowed' is true)
                    "fees" : {                        (json object, optional) Transaction fees (only present if 'allowed' is true)
                      "base" : n,                     (numeric) transaction fee in BTC
                      "effective-feerate" : n,        (numeric) the effective feerate in BTC per KvB. May differ from the base feerate if, for example, there are modified fees from prioritisetransaction or a package feerate was used.
                      "effective-includes" : [        (json array) transactions whose fees and vsizes are included in effective-feerate.
                        "hex",                        (string) transaction wtxid in hex
                        ...
                      ]
                    },
                    "reject-reason" : "str",          (string, optional) Rejection reason (only present when 'allowed' is false)
                    "reject-details" : "str"          (string, optional) Rejection details (only present when 'allowed' is false and rejection details exist)
                  },
                  ...
                ]""";
    }

    @Override
    public List<HelpExample> examples() {
        return List.of(new HelpExample("'[\"signedhex\"]'", "[[\"signedhex\"]]"));
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        JsonNode rawTxs = request.arg("rawtxs").asArray();
        if (rawTxs.isEmpty() || rawTxs.size() > MAX_PACKAGE_COUNT) {
            throw RpcException.invalidParameter("Array must contain between 1 and " + MAX_PACKAGE_COUNT + " transactions.");
        }
        FeeRate maxFeeRate = FeeRateArgs.maxFeeRate(request.arg("maxfeerate"));
        List<Transaction> txs = new ArrayList<>(rawTxs.size());
        for (JsonNode raw : rawTxs) {
            if (!raw.isTextual()) throw RpcException.typeError(JsonType.mismatchMessage(raw, JsonType.STRING));
            txs.add(RawTransactions.decode(raw.textValue()).orElseThrow(() -> new RpcException(RpcErrorCode.DESERIALIZATION_ERROR,
                    "TX decode failed: " + raw.textValue() + " Make sure the tx has at least one input.")));
        }
        ArrayNode results = RpcJson.array();
        if (txs.size() == 1) {
            results.add(test(txs.get(0), maxFeeRate));
        } else {
            testPackage(txs, maxFeeRate, results);
        }
        return results;
    }

    /**
     * bitcoind's result loop for a package: a package error goes on every transaction; maxfeerate is
     * checked here in order, and after the first transaction above it the rest report only their ids.
     */
    private void testPackage(List<Transaction> txs, FeeRate maxFeeRate, ArrayNode results) {
        PackageResult r = mempool.testAcceptPackage(txs);
        boolean exitEarly = false;
        for (Transaction tx : txs) {
            ObjectNode o = results.addObject();
            o.put("txid", tx.txid().toHex());
            o.put("wtxid", tx.wtxid().toHex());
            if (r.state() == PackageResult.State.POLICY) o.put("package-error", r.message());
            PackageResult.TxOutcome outcome = r.results().get(tx.wtxid());
            if (exitEarly || outcome == null) continue;
            switch (outcome) {
                case PackageResult.Valid a -> {
                    AcceptResult ok = a.result();
                    if (maxFeeRate.satsPerKvB() > 0 && ok.fee() > maxFeeRate.feeFor(ok.vsize())) {
                        o.put("allowed", false);
                        o.put("reject-reason", MAX_FEE_EXCEEDED);
                        exitEarly = true;
                    } else {
                        putAllowed(o, ok);
                    }
                }
                case PackageResult.Invalid rej -> putRejected(o, rej.error());
                // A test-accept does not look for pooled copies: every transaction is validated anew.
                case PackageResult.InMempool m -> { }
                case PackageResult.DifferentWitness d -> { }
            }
        }
    }

    private static void putAllowed(ObjectNode o, AcceptResult r) {
        o.put("allowed", true);
        o.put("vsize", r.vsize());
        ObjectNode fees = o.putObject("fees");
        fees.set("base", RpcJson.amount(Amount.ofSats(r.fee())));
        fees.set("effective-feerate", MempoolJson.feeRate(r.effectiveFeeRate()));
        var includes = fees.putArray("effective-includes");
        for (var w : r.effectiveIncludes()) includes.add(w.toHex());
    }

    private static void putRejected(ObjectNode o, ValidationException e) {
        o.put("allowed", false);
        if (e.kind() == ValidationException.Kind.MISSING_INPUTS) {
            // bitcoind names an orphan's result "missing-inputs" here, without details.
            o.put("reject-reason", "missing-inputs");
        } else if (MAX_FEE_EXCEEDED.equals(e.reason())) {
            // bitcoind checks maxfeerate in the RPC after a valid result, so there are no details.
            o.put("reject-reason", MAX_FEE_EXCEEDED);
        } else {
            o.put("reject-reason", e.reason());
            o.put("reject-details", e.getMessage());
        }
    }

    private ObjectNode test(Transaction tx, FeeRate maxFeeRate) {
        ObjectNode o = RpcJson.object();
        o.put("txid", tx.txid().toHex());
        o.put("wtxid", tx.wtxid().toHex());
        try {
            putAllowed(o, mempool.accept(tx, AcceptOptions.testAccept(maxFeeRate)));
        } catch (ValidationException e) {
            putRejected(o, e);
        }
        return o;
    }
}
