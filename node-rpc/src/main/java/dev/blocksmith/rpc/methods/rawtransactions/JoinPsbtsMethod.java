package dev.blocksmith.rpc.methods.rawtransactions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.blocksmith.core.psbt.Psbt;
import dev.blocksmith.core.psbt.PsbtJoiner;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.methods.RpcCategory;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/** {@code joinpsbts ["psbt",...]}: one PSBT with the inputs and outputs of all, in random order. */
public final class JoinPsbtsMethod implements RpcMethod {
    private final RandomGenerator random;

    public JoinPsbtsMethod() {
        this(new SecureRandom());
    }

    /** @param random orders the joined inputs and outputs */
    public JoinPsbtsMethod(RandomGenerator random) {
        this.random = random;
    }

    @Override
    public String name() {
        return "joinpsbts";
    }

    @Override
    public RpcCategory category() {
        return RpcCategory.RAWTRANSACTIONS;
    }

    @Override
    public List<RpcParamSpec> params() {
        return List.of(RpcParamSpec.required("txs", RpcParamType.ARR, "The base64 strings of partially signed transactions"));
    }

    @Override
    public String description() {
        return "Joins multiple distinct PSBTs with different inputs and outputs into one PSBT with inputs and outputs from all of the PSBTs\n"
                + "No input in any of the PSBTs can be in more than one of the PSBTs.";
    }

    @Override
    public String resultHelp() {
        return "Result:\n\"str\"    (string) The base64-encoded partially signed transaction";
    }

    @Override
    public List<HelpExample> examples() {
        return List.of(new HelpExample("\"psbt\"", "[\"psbt\"]"));
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        JsonNode txs = request.arg("txs").asArray();
        if (txs.size() <= 1) throw RpcException.invalidParameter("At least two PSBTs are required to join PSBTs.");
        List<Psbt> psbts = PsbtArguments.decodeAll(txs);
        PsbtJoiner.Joined joined = PsbtJoiner.join(psbts, random);
        Optional<TxIn> duplicate = joined.duplicateInput();
        if (duplicate.isPresent()) {
            throw RpcException.invalidParameter("Input " + duplicate.get().prevout().txid().toHex() + ":" + duplicate.get().prevout().index()
                    + " exists in multiple PSBTs");
        }
        return TextNode.valueOf(PsbtBase64.encode(joined.psbt().orElseThrow()));
    }
}
