package dev.blocksmith.rpc.methods.rawtransactions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.core.mempool.Mempool;
import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.core.tx.TxOut;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.JsonType;
import dev.blocksmith.rpc.methods.RpcCategory;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code combinerawtransaction ["hexstring",...]}: merges the signatures of several partially signed
 * versions of one transaction (see {@link SignatureCombiner}). The spent outputs come from the chain
 * and the mempool; an output already spent by a mempool transaction is still found, as bitcoind's
 * mempool coins view does not hide it.
 */
public final class CombineRawTransactionMethod implements RpcMethod {
    private final ChainManager chain;
    private final Mempool mempool;

    public CombineRawTransactionMethod(ChainManager chain, Mempool mempool) {
        this.chain = chain;
        this.mempool = mempool;
    }

    @Override public String name() { return "combinerawtransaction"; }
    @Override public RpcCategory category() { return RpcCategory.RAWTRANSACTIONS; }

    @Override
    public List<RpcParamSpec> params() {
        return List.of(RpcParamSpec.required("txs", RpcParamType.ARR, "The hex strings of partially signed transactions"));
    }

    @Override
    public String description() {
        return "Combine multiple partially signed transactions into one transaction.\n"
                + "The combined transaction may be another partially signed transaction or a \n"
                + "fully signed transaction.";
    }

    @Override
    public String resultHelp() {
        return """
                Result:
                "str"    (string) The hex-encoded raw transaction with signature(s)""";
    }

    @Override
    public List<HelpExample> examples() {
        return List.of(new HelpExample("'[\"myhex1\", \"myhex2\", \"myhex3\"]'", "[[\"myhex1\", \"myhex2\", \"myhex3\"]]"));
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        JsonNode txs = request.arg("txs").asArray();
        List<Transaction> variants = new ArrayList<>(txs.size());
        for (int idx = 0; idx < txs.size(); idx++) {
            JsonNode hex = txs.get(idx);
            if (!hex.isTextual()) throw RpcException.typeError(JsonType.mismatchMessage(hex, JsonType.STRING));
            int n = idx;
            variants.add(RawTransactions.decode(hex.textValue()).orElseThrow(() -> new RpcException(RpcErrorCode.DESERIALIZATION_ERROR,
                    "TX decode failed for tx " + n + ". Make sure the tx has at least one input.")));
        }
        if (variants.isEmpty()) throw new RpcException(RpcErrorCode.DESERIALIZATION_ERROR, "Missing transactions");
        List<TxOut> spent = new ArrayList<>();
        for (TxIn in : variants.get(0).inputs()) {
            spent.add(output(in.prevout()).orElseThrow(
                    () -> new RpcException(RpcErrorCode.VERIFY_ERROR, "Input not found or already spent")));
        }
        return TextNode.valueOf(SignatureCombiner.combine(variants, spent).toHex());
    }

    private Optional<TxOut> output(OutPoint op) {
        Optional<Transaction> pooled = mempool.get(op.txid());
        if (pooled.isPresent()) {
            return op.index() < pooled.get().outputs().size() ? Optional.of(pooled.get().output((int) op.index())) : Optional.empty();
        }
        return chain.coin(op).map(c -> c.output());
    }
}
