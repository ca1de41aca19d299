package dev.blocksmith.rpc.methods.mempool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.core.mempool.FeeRate;
import dev.blocksmith.core.mempool.Mempool;
import dev.blocksmith.core.mempool.MempoolEntry;
import dev.blocksmith.core.mempool.PackageChecks;
import dev.blocksmith.core.mempool.PackageResult;
import dev.blocksmith.core.primitives.Amount;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxOut;
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
import java.util.Optional;
import java.util.TreeSet;

/**
 * {@code submitpackage ["rawtx",...] ( maxfeerate maxburnamount )}: a child with (some of) its unconfirmed
 * parents enters the mempool as bitcoind's ProcessNewPackage decides ({@link Mempool#acceptPackage}), and
 * every package transaction in the mempool afterwards is announced. The result has bitcoind's shape:
 * {@code package_msg}, {@code tx-results} by wtxid and {@code replaced-transactions}.
 */
public final class SubmitPackageMethod implements RpcMethod {
    private final Mempool mempool;
    private final TransactionBroadcaster broadcaster;

    public SubmitPackageMethod(Mempool mempool, TransactionBroadcaster broadcaster) {
        this.mempool = mempool;
        this.broadcaster = broadcaster;
    }

    @Override public String name() { return "submitpackage"; }
    @Override public RpcCategory category() { return RpcCategory.RAWTRANSACTIONS; }

    @Override
    public List<RpcParamSpec> params() {
        return List.of(RpcParamSpec.required("package", RpcParamType.ARR,
                        "An array of raw transactions.\n"
                                + "The package must consist of a transaction with (some, all, or none of) its unconfirmed parents. A single transaction is permitted.\n"
                                + "None of the parents may depend on each other. Parents that are already in mempool do not need to be present in the package.\n"
                                + "The package must be topologically sorted, with the child being the last element in the array if there are multiple elements."),
                RpcParamSpec.withDefaultText("maxfeerate", RpcParamType.AMOUNT, "0.10",
                        "Reject transactions whose fee rate is higher than the specified value, expressed in BTC/kvB.\n"
                                + "Fee rates larger than 1BTC/kvB are rejected.\nSet to 0 to accept any fee rate."),
                RpcParamSpec.withDefaultText("maxburnamount", RpcParamType.AMOUNT, "0.00",
                        "Reject transactions with provably unspendable outputs (e.g. 'datacarrier' outputs that use the OP_RETURN opcode) greater than the specified value, expressed in BTC.\n"
                                + "If burning funds through unspendable outputs is desired, increase this value.\n"
                                + "This check is based on heuristics and does not guarantee spendability of outputs.\n"));
    }

    @Override
    public String description() {
        return """
                Submit a package of raw transactions (serialized, hex-encoded) to local node.
                The package will be validated according to consensus and mempool policy rules. If any transaction passes, it will be accepted to mempool.
                This RPC is experimental and the interface may be unstable. Refer to doc/policy/packages.md for documentation on package policies.
                Warning: successful submission does not mean the transactions will propagate throughout the network.""";
    }

    @Override
    public String resultHelp() {
        return """
                Result:
                {                                   (json object)
                  "package_msg" : "str",            (string) The transaction package result message. "success" indicates all transactions were accepted into or are already in the mempool.
                  "tx-results" : {                  (json object) The transaction results keyed by wtxid. An entry is returned for every submitted wtxid.
                    "wtxid" : {                     (json object) transaction wtxid
                      "txid" : "hex",               (string) The transaction hash in hex
                      "other-wtxid" : "hex",        (string, optional) The wtxid of a different transaction with the same txid but different witness found in the mempool. This means the submitted transaction was ignored.
                      "vsize" : n,                  (numeric, optional) Sigops-adjusted virtual transaction size.
                      "fees" : {                    (json object, optional) Transaction fees
                        "base" : n,                 (numeric) transaction fee in BTC
                        "effective-feerate" : n,    (numeric, optional) if the transaction was not already in the mempool, the effective feerate in BTC per KvB. For example, the package feerate and/or feerate with modified fees from prioritisetransaction.
                        "effective-includes" : [    (json array, optional) if effective-feerate is provided, the wtxids of the transactions whose fees and vsizes are included in effective-feerate.
                          "hex",                    (string) transaction wtxid in hex
                          ...
                        ]
                      },
                      "error" : "str"               (string, optional) Error string if rejected from mempool, or "package-not-validated" when the package aborts before any per-tx processing.
                    },
                    ...
                  },
                  "replaced-transactions" : [       (json array, optional) List of txids of replaced transactions
                    "hex",                          (string) The transaction id
                    ...
                  ]
                }""";
    }

    @Override
    public List<HelpExample> examples() {
        return List.of(new HelpExample("'[\"raw-parent-tx-1\", \"raw-parent-tx-2\", \"raw-child-tx\"]'",
                "[[\"raw-parent-tx-1\", \"raw-parent-tx-2\", \"raw-child-tx\"]]"));
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        JsonNode raw = request.arg("package").asArray();
        if (raw.isEmpty() || raw.size() > PackageChecks.MAX_PACKAGE_COUNT) {
            throw RpcException.invalidParameter("Array must contain between 1 and " + PackageChecks.MAX_PACKAGE_COUNT + " transactions.");
        }
        FeeRate maxFeeRate = FeeRateArgs.maxFeeRate(request.arg("maxfeerate"));
        // Zero means no limit, as bitcoind.
        Optional<FeeRate> clientMax = maxFeeRate.satsPerKvB() == 0 ? Optional.empty() : Optional.of(maxFeeRate);
        Amount maxBurn = request.arg("maxburnamount").asAmount();
        List<Transaction> txs = new ArrayList<>(raw.size());
        for (JsonNode r : raw) {
            if (!r.isTextual()) throw RpcException.typeError(JsonType.mismatchMessage(r, JsonType.STRING));
            Transaction tx = RawTransactions.decode(r.textValue()).orElseThrow(() -> new RpcException(RpcErrorCode.DESERIALIZATION_ERROR,
                    "TX decode failed: " + r.textValue() + " Make sure the tx has at least one input."));
            for (TxOut out : tx.outputs()) {
                if ((out.scriptPubKey().isUnspendable() || !RawTransactions.hasValidOps(out.scriptPubKey())) && out.value() > maxBurn.sats()) {
                    throw new RpcException(RpcErrorCode.VERIFY_ERROR, "Unspendable output exceeds maximum configured by user (maxburnamount)");
                }
            }
            txs.add(tx);
        }
        if (txs.size() > 1 && !PackageChecks.isChildWithParentsTree(txs)) {
            throw new RpcException(RpcErrorCode.VERIFY_ERROR,
                    "package topology disallowed. not child-with-parents or parents depend on each other.");
        }
        PackageResult result = mempool.acceptPackage(txs, clientMax);
        broadcastPooled(txs);
        return json(txs, result);
    }

    /** bitcoind announces every package transaction the mempool holds afterwards, new or not. */
    private void broadcastPooled(List<Transaction> txs) {
        for (Transaction tx : txs) {
            Optional<MempoolEntry> e = mempool.entry(tx.txid());
            if (e.isEmpty()) continue;
            mempool.addUnbroadcast(tx.txid());
            try {
                broadcaster.announce(e.get().tx(), FeeRate.of(e.get().modifiedFee(), e.get().vsize()));
            } catch (RuntimeException ex) {
                // Still in the mempool and unbroadcast: it is announced again later, as a node without peers would.
            }
        }
    }

    static ObjectNode json(List<Transaction> txs, PackageResult result) {
        ObjectNode out = RpcJson.object();
        out.put("package_msg", result.isValid() ? "success" : result.message());
        ObjectNode map = out.putObject("tx-results");
        TreeSet<Sha256Hash> replaced = new TreeSet<>();
        for (Transaction tx : txs) {
            ObjectNode o = RpcJson.object();
            o.put("txid", tx.txid().toHex());
            Optional<PackageResult.TxOutcome> outcome = result.outcome(tx.wtxid());
            if (outcome.isEmpty()) {
                o.put("error", "package-not-validated");
            } else {
                switch (outcome.get()) {
                    case PackageResult.DifferentWitness d -> o.put("other-wtxid", d.otherWtxid().toHex());
                    case PackageResult.Invalid i -> o.put("error", i.error().getMessage());
                    case PackageResult.InMempool m -> {
                        o.put("vsize", m.vsize());
                        o.putObject("fees").set("base", RpcJson.amount(Amount.ofSats(m.fee())));
                    }
                    case PackageResult.Valid v -> {
                        o.put("vsize", v.result().vsize());
                        ObjectNode fees = o.putObject("fees");
                        fees.set("base", RpcJson.amount(Amount.ofSats(v.result().fee())));
                        fees.set("effective-feerate", MempoolJson.feeRate(v.result().effectiveFeeRate()));
                        ArrayNode includes = fees.putArray("effective-includes");
                        for (Sha256Hash w : v.result().effectiveIncludes()) includes.add(w.toHex());
                        replaced.addAll(v.result().replaced());
                    }
                }
            }
            map.set(tx.wtxid().toHex(), o);
        }
        ArrayNode rep = out.putArray("replaced-transactions");
        for (Sha256Hash h : replaced) rep.add(h.toHex());
        return out;
    }
}
