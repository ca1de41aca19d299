package dev.blocksmith.rpc.methods.blockchain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.core.chain.BlockIndex;
import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.core.chain.snapshot.TemporaryRollback;
import dev.blocksmith.p2p.P2PNetwork;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.RpcCategory;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcParam;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * {@code dumptxoutset "path" ( "type" {"rollback":n} )}: writes the UTXO set to a file in bitcoind's snapshot format
 * (what loadtxoutset and Core's utxo_to_sqlite read), of the tip ("latest") or of an earlier block of the active chain
 * (the rollback option), for which the chain is rolled back and restored while the network is suspended, as bitcoind
 * does. The file is written as {@code <path>.incomplete} and renamed when complete. A relative path is in the network's
 * data directory.
 */
public final class DumpTxOutSetMethod implements RpcMethod {
    private final ChainManager chain;
    private final Path networkDir;
    private final P2PNetwork network;

    public DumpTxOutSetMethod(ChainManager chain, Path networkDir, P2PNetwork network) {
        this.chain = chain;
        this.networkDir = networkDir;
        this.network = network;
    }

    @Override
    public String name() {
        return "dumptxoutset";
    }

    @Override
    public RpcCategory category() {
        return RpcCategory.BLOCKCHAIN;
    }

    @Override
    public List<RpcParamSpec> params() {
        return List.of(RpcParamSpec.required("path", RpcParamType.STR, "Path to the output file. If relative, will be prefixed by datadir."),
                RpcParamSpec.withDefaultText("type", RpcParamType.STR, "",
                        "The type of snapshot to create. Can be \"latest\" to create a snapshot of the current UTXO set or "
                                + "\"rollback\" to temporarily roll back the state of the node to a historical block before creating the "
                                + "snapshot of a historical UTXO set. This parameter can be omitted if a separate \"rollback\" named parameter "
                                + "is specified indicating the height or hash of a specific historical block."),
                RpcParamSpec.optional("options", RpcParamType.OBJ, "{ \"rollback\": n or \"hash\" }")
                        .withNamedOptions(List.of(new RpcParamSpec.NamedOption("rollback", RpcParamType.ANY))));
    }

    @Override
    public String description() {
        return "Write the serialized UTXO set to a file. This can be used in loadtxoutset afterwards if this snapshot height is supported in the chainparams as well.\n\n"
                + "Unless the \"latest\" type is requested, the node will roll back to the requested height and network activity will be suspended during this process. "
                + "Because of this it is discouraged to interact with the node in any other way during the execution of this call to avoid inconsistent results and race conditions, "
                + "particularly RPCs that interact with blockstorage.\n\nThis call may take several minutes. Make sure to use no RPC timeout (bitcoin-cli -rpcclienttimeout=0)";
    }

    @Override
    public String resultHelp() {
        return """
                {                             (json object)
                  "coins_written" : n,        (numeric) the number of coins written in the snapshot
                  "base_hash" : "hex",        (string) the hash of the base of the snapshot
                  "base_height" : n,          (numeric) the height of the base of the snapshot
                  "path" : "str",             (string) the absolute path that the snapshot was written to
                  "txoutset_hash" : "hex",    (string) the hash of the UTXO set contents
                  "nchaintx" : n              (numeric) the number of transactions in the chain up to and including the base block
                }""";
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        Path path = networkDir.resolve(request.arg("path").asString()).toAbsolutePath();
        String type = request.arg("type").asString();
        JsonNode options = request.arg("options").isPresent() ? request.arg("options").asObject() : RpcJson.object();
        BlockIndex target;
        if (options.has("rollback")) {
            if (!type.isEmpty() && !type.equals("rollback")) {
                throw RpcException.invalidParameter("Invalid snapshot type \"" + type + "\" specified with rollback option");
            }
            target = ChainLookups.hashOrHeight(chain, new RpcParam("rollback", options.get("rollback")));
        } else if (type.equals("rollback")) {
            // bitcoind rolls back to the newest height its chain parameters hold a snapshot for; Blocksmith's
            // parameters carry no assumeutxo data, so the height must be named.
            throw RpcException.invalidParameter("Blocksmith knows no assumeutxo snapshot heights for this network: "
                    + "name the block with the rollback option");
        } else if (type.equals("latest")) {
            target = chain.tip().index();
        } else {
            throw RpcException.invalidParameter("Invalid snapshot type \"" + type + "\" specified. Please specify \"rollback\" or \"latest\"");
        }
        if (Files.exists(path)) {
            throw RpcException.invalidParameter(path + " already exists. If you are sure this is what you want, move it out of the way first");
        }
        Path incomplete = path.resolveSibling(path.getFileName() + ".incomplete");
        boolean rollingBack = !target.hash().equals(chain.tip().index().hash());
        // bitcoind suspends the network while the chain is rolled back, so that no peer sees (or moves) the old tip.
        boolean suspend = rollingBack && network.isNetworkActive();
        if (suspend) network.setNetworkActive(false);
        try (TemporaryRollback rollback = TemporaryRollback.to(chain, target)) {
            ChainManager.UtxoSnapshotResult r;
            try {
                r = chain.writeUtxoSnapshot(incomplete);
                Files.move(incomplete, path, StandardCopyOption.ATOMIC_MOVE);
            } catch (java.nio.file.FileAlreadyExistsException | java.nio.file.NoSuchFileException | java.nio.file.AccessDeniedException e) {
                throw RpcException.invalidParameter("Couldn't open file " + incomplete + " for writing.");
            } catch (IOException e) {
                throw new RpcException(RpcErrorCode.MISC_ERROR, "Failed to write the snapshot: " + e.getMessage());
            }
            ObjectNode o = RpcJson.object();
            o.put("coins_written", r.coinsWritten());
            o.put("base_hash", r.baseHash().toString());
            o.put("base_height", r.baseHeight());
            o.put("path", path.toString());
            o.put("txoutset_hash", r.txOutSetHash().toString());
            o.put("nchaintx", r.chainTx());
            return o;
        } catch (TemporaryRollback.RollbackFailedException e) {
            throw new RpcException(RpcErrorCode.MISC_ERROR, "Could not roll back to requested height.");
        } finally {
            if (suspend) network.setNetworkActive(true);
        }
    }
}
