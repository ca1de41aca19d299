package dev.blocksmith.rpc.methods.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.core.chain.ChainTip;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.RpcCategory;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code dumpchainstate "dir"}: an online, consistent copy of the chain database laid out as a datadir,
 * so that {@code blocksmith node -datadir=dir} starts from it and catches up by P2P — the fast way to
 * bring up a new node. A Blocksmith extension; bitcoind has no equivalent.
 */
public final class DumpChainStateMethod implements RpcMethod {
    private final ChainManager chain;

    public DumpChainStateMethod(ChainManager chain) {
        this.chain = chain;
    }

    @Override
    public String name() {
        return "dumpchainstate";
    }

    @Override
    public RpcCategory category() {
        return RpcCategory.CONTROL;
    }

    @Override
    public List<RpcParamSpec> params() {
        return List.of(RpcParamSpec.required("dir", RpcParamType.STR,
                "Directory to create (must not exist); it becomes a datadir: dir/<network>/chainstate and blocks"));
    }

    @Override
    public String description() {
        return "Writes a consistent snapshot of the chain database while the node runs.\n"
                + "Start a new node from it with blocksmith node -datadir=<dir>; it catches up with its peers.";
    }

    @Override
    public String resultHelp() {
        return "{ \"path\" : \"str\", \"height\" : n, \"bestblock\" : \"hex\", \"size_bytes\" : n }";
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        Path dir = Path.of(request.param(0).asString()).toAbsolutePath().normalize();
        if (Files.exists(dir)) {
            throw new RpcException(RpcErrorCode.INVALID_PARAMETER, "Directory " + dir + " already exists");
        }
        String sub = chain.params().dataDirName();
        Path netDir = sub.isEmpty() ? dir : dir.resolve(sub);
        ChainTip tip;
        try {
            Files.createDirectories(netDir);
            // bitcoind's layout: the chain database lives in chainstate/, the blk/rev files in blocks/ (DataDirLayout).
            tip = chain.checkpoint(netDir.resolve("chainstate"), netDir.resolve("blocks"));
        } catch (IOException | RuntimeException e) {
            throw new RpcException(RpcErrorCode.MISC_ERROR, "Snapshot failed: " + e.getMessage());
        }
        ObjectNode o = RpcJson.object();
        o.put("path", dir.toString());
        o.put("height", tip.height());
        o.put("bestblock", tip.hash().toHex());
        o.put("size_bytes", sizeOf(netDir));
        return o;
    }

    private static long sizeOf(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
    }
}
