package dev.blocksmith.rpc.methods.rawtransactions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.methods.RpcCategory;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcRequest;
import java.util.List;

/**
 * {@code createrawtransaction [{"txid":"hex","vout":n,"sequence":n},...] [{"address":amount},{"data":"hex"},...]
 * ( locktime replaceable version )}: an unsigned transaction, as bitcoind's ConstructTransaction builds it.
 */
public final class CreateRawTransactionMethod implements RpcMethod {
    private final NetworkParams params;

    public CreateRawTransactionMethod(NetworkParams params) {
        this.params = params;
    }

    @Override
    public String name() {
        return "createrawtransaction";
    }

    @Override
    public RpcCategory category() {
        return RpcCategory.RAWTRANSACTIONS;
    }

    @Override
    public List<RpcParamSpec> params() {
        return TransactionConstructor.PARAMS;
    }

    @Override
    public String description() {
        return "Create a transaction spending the given inputs and creating new outputs.\n"
                + "Returns hex-encoded raw transaction.\nNote that the transaction's inputs are not signed, and\n"
                + "it is not stored in the wallet or transmitted to the network.";
    }

    @Override
    public String resultHelp() {
        return "\"hex\"    (string) hex string of the transaction";
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        return TextNode.valueOf(TransactionConstructor.construct(request, params).toHex());
    }
}
