package dev.blocksmith.rpc.methods.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.core.chain.ChainOptions;
import dev.blocksmith.core.consensus.BlockScriptVerifier;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.params.Networks;
import dev.blocksmith.core.store.MemoryKeyValueStore;
import dev.blocksmith.core.time.NodeClock;
import dev.blocksmith.core.time.NodeScheduler;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.ArgumentBinder;
import dev.blocksmith.rpc.methods.MethodRegistry;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcRequest;
import dev.blocksmith.rpc.schema.OpenRpcSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NodeControlMethodsTest {
    private static final BlockScriptVerifier ACCEPT_ALL = (block, spent, flags) -> { };

    /** The logging categories as a plain map, the way node-cli's implementation keeps them. */
    private static final class MapLogging implements LoggingControl {
        final SortedMap<String, Boolean> state = new TreeMap<>(java.util.Map.of("net", true, "qt", true, "rpc", false));

        @Override
        public SortedMap<String, Boolean> categories() {
            return new TreeMap<>(state);
        }

        @Override
        public boolean set(String category, boolean enabled) {
            if (category.equals("all") || category.equals("1") || category.isEmpty()) {
                state.replaceAll((k, v) -> enabled);
                return true;
            }
            if (!state.containsKey(category)) return false;
            state.put(category, enabled);
            return true;
        }
    }

    private final NodeClock clock = NodeClock.system();
    private final AtomicInteger hourly = new AtomicInteger();
    private final List<String> barrierOrder = new ArrayList<>();
    private final MapLogging logging = new MapLogging();
    private NodeScheduler scheduler;
    private MethodRegistry registry;

    private void open(NetworkParams params) {
        ChainManager chain = ChainManager.open(params, new MemoryKeyValueStore(), ACCEPT_ALL, ChainOptions.defaults(), clock::seconds);
        scheduler = NodeScheduler.start("test-scheduler");
        scheduler.scheduleEvery("hourly", Duration.ofHours(1), hourly::incrementAndGet);
        registry = new MethodRegistry();
        NodeControlMethods.register(registry, chain, clock, scheduler,
                List.of(() -> barrierOrder.add("chain"), () -> barrierOrder.add("mempool")), logging);
    }

    @AfterEach
    void close() throws Exception {
        if (scheduler != null) scheduler.close();
    }

    private JsonNode call(String method, String params) throws RpcException {
        RpcMethod m = registry.find(method).orElseThrow();
        return m.execute(new RpcRequest(method, ArgumentBinder.bind(m, RpcJson.parse(params).orElseThrow()), m.params(),
                Optional.empty(), "test"));
    }

    private void assertError(String method, String params, RpcErrorCode code, String message) {
        assertThatThrownBy(() -> call(method, params)).isInstanceOfSatisfying(RpcException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }

    @Test
    void setMockTimeMovesTheNodeClockAndZeroRestoresIt() throws Exception {
        open(Networks.REGTEST);
        assertThat(call("setmocktime", "[1296688602]").isNull()).isTrue();
        assertThat(clock.seconds()).isEqualTo(1_296_688_602L);
        call("setmocktime", "[0]");
        assertThat(clock.isMocked()).isFalse();
        // rpc_uptime.py's message.
        assertError("setmocktime", "[-1]", RpcErrorCode.INVALID_PARAMETER, "Mocktime must be in the range [0, 9223372036], not -1.");
    }

    @Test
    void mockOnlyOnRegtest() {
        open(Networks.TESTNET4);
        assertError("setmocktime", "[1]", RpcErrorCode.MISC_ERROR, "setmocktime is for regression testing (-regtest mode) only");
        assertError("mockscheduler", "[1]", RpcErrorCode.MISC_ERROR, "mockscheduler is for regression testing (-regtest mode) only");
        assertThat(clock.isMocked()).isFalse();
    }

    @Test
    void mockSchedulerRunsTasksThatFallDue() throws Exception {
        open(Networks.REGTEST);
        call("mockscheduler", "[3599]");
        assertThat(hourly.get()).isZero();
        call("mockscheduler", "[1]");
        assertThat(hourly.get()).isEqualTo(1);
        assertError("mockscheduler", "[0]", RpcErrorCode.MISC_ERROR, "delta_time must be between 1 and 3600 seconds (1 hr)");
        assertError("mockscheduler", "[3601]", RpcErrorCode.MISC_ERROR, "delta_time must be between 1 and 3600 seconds (1 hr)");
    }

    @Test
    void syncWaitsOnEveryBarrierInOrder() throws Exception {
        open(Networks.REGTEST);
        assertThat(call("syncwithvalidationinterfacequeue", "[]").isNull()).isTrue();
        assertThat(barrierOrder).containsExactly("chain", "mempool");
    }

    @Test
    void syncReallyWaitsForABlockedDelivery() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        ChainManager chain = ChainManager.open(Networks.REGTEST, new MemoryKeyValueStore(), ACCEPT_ALL, ChainOptions.defaults(), clock::seconds);
        MethodRegistry r = new MethodRegistry();
        NodeControlMethods.register(r, chain, clock, NodeScheduler.start("s"), List.of(() -> release.await()), logging);
        RpcMethod sync = r.find("syncwithvalidationinterfacequeue").orElseThrow();
        Thread caller = new Thread(() -> {
            try {
                sync.execute(new RpcRequest("syncwithvalidationinterfacequeue", RpcJson.array(), sync.params(), Optional.empty(), "t"));
            } catch (RpcException e) {
                throw new IllegalStateException(e);
            }
        });
        caller.start();
        caller.join(200);
        assertThat(caller.isAlive()).isTrue();
        release.countDown();
        caller.join(TimeUnit.SECONDS.toMillis(5));
        assertThat(caller.isAlive()).isFalse();
    }

    @Test
    void loggingIncludesThenExcludes() throws Exception {
        open(Networks.REGTEST);
        JsonNode all = call("logging", "[]");
        OpenRpcSchema.assertValidResult("logging", all);
        assertThat(all.toString()).isEqualTo("{\"net\":true,\"qt\":true,\"rpc\":false}");
        assertThat(call("logging", "[[], [\"qt\"]]").get("qt").asBoolean()).isFalse();
        assertThat(call("logging", "[[\"qt\"]]").get("qt").asBoolean()).isTrue();
        // Evaluated include then exclude: in both means off.
        assertThat(call("logging", "[[\"rpc\"], [\"rpc\"]]").get("rpc").asBoolean()).isFalse();
        assertThat(call("logging", "[[\"all\"]]").toString()).isEqualTo("{\"net\":true,\"qt\":true,\"rpc\":true}");
        assertError("logging", "[[\"foo\"]]", RpcErrorCode.INVALID_PARAMETER, "unknown logging category foo");
        assertThat(registry.find("logging").orElseThrow().help()).contains("The valid logging categories are: net, qt, rpc");
    }
}
