package dev.blocksmith.rpc.methods.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.ArgumentBinder;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcRequest;
import dev.blocksmith.rpc.schema.OpenRpcSchema;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** getmemoryinfo as bitcoind 30 built without glibc's malloc_info (rpc_misc). */
class GetMemoryInfoMethodTest {
    private final AtomicReference<LockedMemoryStats> pool = new AtomicReference<>(LockedMemoryStats.NO_POOL);
    private final RpcMethod method = new GetMemoryInfoMethod(pool::get);

    private JsonNode call(String params) throws RpcException {
        ArrayNode args = ArgumentBinder.bind(method, RpcJson.parse(params).orElseThrow());
        return method.execute(new RpcRequest(method.name(), args, method.params(), Optional.empty(), "test"));
    }

    private void assertRpcError(String params, RpcErrorCode code, String message) {
        assertThatThrownBy(() -> call(params)).isInstanceOfSatisfying(RpcException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }

    @Test
    void statsReportTheFiguresOfTheLockedPoolInBitcoindsShape() throws RpcException {
        JsonNode none = call("[]");
        OpenRpcSchema.assertValidResult("getmemoryinfo", none);
        assertThat(RpcJson.write(none)).isEqualTo(
                "{\"locked\":{\"used\":0,\"free\":0,\"total\":0,\"locked\":0,\"chunks_used\":0,\"chunks_free\":0}}");

        pool.set(new LockedMemoryStats(96, 262_048, 262_144, 0, 3, 1));
        JsonNode stats = call("[\"stats\"]");
        OpenRpcSchema.assertValidResult("getmemoryinfo", stats);
        assertThat(stats.at("/locked/used").asLong()).isEqualTo(96);
        assertThat(stats.at("/locked/free").asLong()).isEqualTo(262_048);
        assertThat(stats.at("/locked/total").asLong()).isEqualTo(262_144);
        assertThat(stats.at("/locked/locked").asLong()).isZero();
        assertThat(stats.at("/locked/chunks_used").asLong()).isEqualTo(3);
        assertThat(stats.at("/locked/chunks_free").asLong()).isEqualTo(1);
    }

    @Test
    void mallocinfoIsNotAvailableAndOtherModesAreUnknown() {
        assertRpcError("[\"mallocinfo\"]", RpcErrorCode.INVALID_PARAMETER, "mallocinfo mode not available");
        assertRpcError("[\"foobar\"]", RpcErrorCode.INVALID_PARAMETER, "unknown mode foobar");
    }

    @Test
    void figuresThatCannotBeTrueAreRefused() {
        assertThatThrownBy(() -> new LockedMemoryStats(1, 1, 3, 0, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LockedMemoryStats(1, 1, 2, 3, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LockedMemoryStats(-1, 1, 0, 0, 1, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
