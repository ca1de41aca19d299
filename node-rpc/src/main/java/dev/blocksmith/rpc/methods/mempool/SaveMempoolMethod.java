package dev.blocksmith.rpc.methods.mempool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.core.mempool.Mempool;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.RpcCategory;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcRequest;
import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code savemempool}: writes mempool.dat now (it is also written at shutdown). */
public final class SaveMempoolMethod implements RpcMethod {
    private static final Logger LOG = LoggerFactory.getLogger(SaveMempoolMethod.class);

    private final Mempool mempool;
    private final Path file;

    /** @param file the node's mempool.dat */
    public SaveMempoolMethod(Mempool mempool, Path file) {
        this.mempool = mempool;
        this.file = file;
    }

    @Override public String name() { return "savemempool"; }
    @Override public RpcCategory category() { return RpcCategory.BLOCKCHAIN; }

    @Override
    public String description() {
        return "Dumps the mempool to disk. It will fail until the previous dump is fully loaded.";
    }

    @Override
    public String resultHelp() {
        return """
                Result:
                {                        (json object)
                  "filename" : "str"     (string) the directory and file where the mempool was saved
                }""";
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        // Saving before the start-up load finished would overwrite the file still being read.
        if (!mempool.isLoaded()) throw RpcException.misc("The mempool was not loaded yet");
        try {
            int count = mempool.save(file);
            LOG.info("Dumped {} mempool transactions to {}", count, file);
        } catch (IOException e) {
            LOG.warn("Failed to dump the mempool to {}: {}", file, e.toString());
            throw RpcException.misc("Unable to dump mempool to disk");
        }
        ObjectNode o = RpcJson.object();
        o.put("filename", file.toString());
        return o;
    }
}
