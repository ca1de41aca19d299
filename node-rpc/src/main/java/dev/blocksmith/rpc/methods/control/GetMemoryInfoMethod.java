package dev.blocksmith.rpc.methods.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.RpcCategory;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * {@code getmemoryinfo ( "mode" )}: mode "stats" reports the locked memory pool (see {@link LockedMemoryStats});
 * mode "mallocinfo" is glibc's malloc_info(3) XML in a bitcoind built with glibc. A JVM allocates its heap itself and
 * has no malloc_info to call, so Blocksmith answers as a bitcoind built without it: -8 "mallocinfo mode not
 * available".
 */
public final class GetMemoryInfoMethod implements RpcMethod {
    private final Supplier<LockedMemoryStats> lockedPool;

    /** @param lockedPool the current figures of the node's locked memory pool */
    public GetMemoryInfoMethod(Supplier<LockedMemoryStats> lockedPool) {
        this.lockedPool = Objects.requireNonNull(lockedPool);
    }

    @Override
    public String name() {
        return "getmemoryinfo";
    }

    @Override
    public RpcCategory category() {
        return RpcCategory.CONTROL;
    }

    @Override
    public List<RpcParamSpec> params() {
        return List.of(RpcParamSpec.withDefaultText("mode", RpcParamType.STR, "stats",
                "determines what kind of information is returned.\n"
                        + "  - \"stats\" returns general statistics about memory usage in the daemon.\n"
                        + "  - \"mallocinfo\" returns an XML string describing low-level heap state (only available if compiled with glibc)."));
    }

    @Override
    public String description() {
        return "Returns an object containing information about memory usage.";
    }

    @Override
    public String resultHelp() {
        return """
                Result (mode "stats"):
                {                         (json object)
                  "locked" : {            (json object) Information about locked memory manager
                    "used" : n,           (numeric) Number of bytes used
                    "free" : n,           (numeric) Number of bytes available in current arenas
                    "total" : n,          (numeric) Total number of bytes managed
                    "locked" : n,         (numeric) Amount of bytes that succeeded locking. If this number is smaller than total, locking pages failed at some point and key data could be swapped to disk.
                    "chunks_used" : n,    (numeric) Number allocated chunks
                    "chunks_free" : n     (numeric) Number unused chunks
                  }
                }

                Result (mode "mallocinfo"):
                "str"    (string) "<malloc version="1">..."\
                """;
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        String mode = request.arg("mode").asString();
        switch (mode) {
            case "stats" -> {
                LockedMemoryStats s = lockedPool.get();
                ObjectNode out = RpcJson.object();
                out.putObject("locked")
                        .put("used", s.used())
                        .put("free", s.free())
                        .put("total", s.total())
                        .put("locked", s.locked())
                        .put("chunks_used", s.chunksUsed())
                        .put("chunks_free", s.chunksFree());
                return out;
            }
            case "mallocinfo" -> throw RpcException.invalidParameter("mallocinfo mode not available");
            default -> throw RpcException.invalidParameter("unknown mode " + mode);
        }
    }
}
