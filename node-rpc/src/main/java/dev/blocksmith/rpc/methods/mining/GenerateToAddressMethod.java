package dev.blocksmith.rpc.methods.mining;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.blocksmith.core.address.Address;
import dev.blocksmith.core.address.AddressFormatException;
import dev.blocksmith.core.consensus.ValidationException;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.miner.BlockGenerator;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.RpcCategory;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import java.util.List;

/** {@code generatetoaddress nblocks "address" ( maxtries )}: mine blocks to an address right now. */
public final class GenerateToAddressMethod implements RpcMethod {
    /** bitcoind's DEFAULT_MAX_TRIES. */
    static final long DEFAULT_MAX_TRIES = 1_000_000;

    private final NetworkParams params;
    private final BlockGenerator generator;

    public GenerateToAddressMethod(NetworkParams params, BlockGenerator generator) {
        this.params = params;
        this.generator = generator;
    }

    @Override
    public String name() {
        return "generatetoaddress";
    }

    @Override
    public RpcCategory category() {
        return RpcCategory.GENERATING;
    }

    @Override
    public List<RpcParamSpec> params() {
        return List.of(
                RpcParamSpec.required("nblocks", RpcParamType.NUM, "How many blocks are generated."),
                RpcParamSpec.required("address", RpcParamType.STR, "The address to send the newly generated bitcoin to."),
                RpcParamSpec.withDefault("maxtries", RpcParamType.NUM, DEFAULT_MAX_TRIES, "How many iterations to try."));
    }

    @Override
    public String description() {
        return "Mine to a specified address and return the block hashes.";
    }

    @Override
    public String resultHelp() {
        return "[           (json array) hashes of blocks generated\n  \"hex\",    (string) blockhash\n  ...\n]";
    }

    @Override
    public List<HelpExample> examples() {
        return List.of(new HelpExample("11 \"myaddress\"", "[11, \"myaddress\"]"));
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        int n = request.arg("nblocks").asInt();
        String text = request.arg("address").asString();
        long maxTries = request.arg("maxtries").asLong();
        Script payTo;
        try {
            payTo = Address.decode(text, params).toScriptPubKey();
        } catch (AddressFormatException e) {
            throw new RpcException(RpcErrorCode.INVALID_ADDRESS_OR_KEY, "Error: Invalid address");
        }
        return generate(generator, payTo, n, maxTries);
    }

    static JsonNode generate(BlockGenerator generator, Script payTo, int n, long maxTries) throws RpcException {
        if (n < 0) throw new RpcException(RpcErrorCode.INVALID_PARAMETER, "Invalid nblocks");
        ArrayNode out = RpcJson.array();
        try {
            for (Sha256Hash h : generator.generate(payTo, n, maxTries)) out.add(h.toHex());
        } catch (ValidationException e) {
            throw new RpcException(RpcErrorCode.INTERNAL_ERROR, "ProcessNewBlock, block not accepted: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RpcException(RpcErrorCode.MISC_ERROR, "Shutting down");
        }
        return out;
    }
}
