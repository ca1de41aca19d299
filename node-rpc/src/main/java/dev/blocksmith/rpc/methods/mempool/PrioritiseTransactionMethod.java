package dev.blocksmith.rpc.methods.mempool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import dev.blocksmith.core.mempool.Mempool;
import dev.blocksmith.core.mempool.StandardPolicy;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.methods.RpcCategory;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import java.util.List;
import java.util.Optional;

/**
 * {@code prioritisetransaction "txid" ( dummy ) fee_delta}: adds a fee delta (satoshis) used for block
 * selection and eviction, not paid. Remembered for transactions not yet in the mempool.
 */
public final class PrioritiseTransactionMethod implements RpcMethod {
    private final Mempool mempool;

    public PrioritiseTransactionMethod(Mempool mempool) {
        this.mempool = mempool;
    }

    @Override public String name() { return "prioritisetransaction"; }
    @Override public RpcCategory category() { return RpcCategory.MINING; }

    @Override
    public List<RpcParamSpec> params() {
        return List.of(RpcParamSpec.required("txid", RpcParamType.STR_HEX, "The transaction id."),
                RpcParamSpec.optional("dummy", RpcParamType.NUM,
                        "API-Compatibility for previous API. Must be zero or null.\nDEPRECATED. For forward compatibility use named arguments and omit this parameter."),
                RpcParamSpec.required("fee_delta", RpcParamType.NUM,
                        "The fee value (in satoshis) to add (or subtract, if negative).\n"
                                + "Note, that this value is not a fee rate. It is a value to modify absolute fee of the TX.\n"
                                + "The fee is not actually paid, only the algorithm for selecting transactions into a block\n"
                                + "considers the transaction as it would have paid a higher (or lower) fee."));
    }

    @Override
    public String description() {
        return "Accepts the transaction into mined blocks at a higher (or lower) priority";
    }

    @Override
    public String resultHelp() {
        return """
                Result:
                true|false    (boolean) Returns true""";
    }

    @Override
    public List<HelpExample> examples() {
        return List.of(new HelpExample("\"txid\" 0.0 10000", "[\"txid\", 0.0, 10000]"));
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        Sha256Hash txid = request.arg("txid").asHash();
        if (request.arg("dummy").isPresent() && request.arg("dummy").json().decimalValue().signum() != 0) {
            throw RpcException.invalidParameter(
                    "Priority is no longer supported, dummy argument to prioritisetransaction must be 0.");
        }
        long delta = request.arg("fee_delta").asLong();
        Optional<Transaction> tx = mempool.get(txid);
        // Ephemeral dust is admitted only at zero fee; a delta would let it stay without its spender.
        if (mempool.options().requireStandard() && tx.isPresent()
                && StandardPolicy.dustOutputs(tx.get(), mempool.options().dustRelayFee()) > 0) {
            throw RpcException.invalidParameter("Priority is not supported for transactions with dust outputs.");
        }
        mempool.prioritiseTransaction(txid, delta);
        return BooleanNode.TRUE;
    }
}
