package dev.blocksmith.rpc.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blocksmith.rpc.auth.RpcWhitelist;
import dev.blocksmith.rpc.methods.MethodRegistry;
import dev.blocksmith.rpc.methods.control.ControlMethods;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** -rpcwhitelist as bitcoind applies it, checked through the dispatcher. */
class RpcWhitelistTest {
    private static RpcDispatcher dispatcher(RpcWhitelist whitelist) {
        MethodRegistry registry = new MethodRegistry();
        ActiveCommands active = new ActiveCommands();
        ControlMethods.register(registry, active, Instant.now(), Clock.systemUTC(), Path.of("d.log"), () -> {});
        registry.register(new TestMethods.HeightMethod());
        RpcWarmup warmup = new RpcWarmup();
        warmup.finish();
        return new RpcDispatcher(registry, warmup, active, whitelist);
    }

    @Test
    void listedUserMayCallOnlyListedMethods() {
        RpcDispatcher d = dispatcher(RpcWhitelist.parse(List.of("alice:uptime,getblockhash"), Optional.empty()));
        assertThat(d.handle("/", "alice", "{\"method\":\"uptime\",\"id\":1}").status()).isEqualTo(200);
        assertThat(d.handle("/", "alice", "{\"method\":\"stop\",\"id\":1}").status()).isEqualTo(403);
        assertThat(d.handle("/", "alice", "{\"method\":\"stop\",\"id\":1}").body()).isEmpty();
        // Any forbidden method in a batch refuses the whole batch.
        assertThat(d.handle("/", "alice", "[{\"method\":\"uptime\"},{\"method\":\"stop\"}]").status()).isEqualTo(403);
        assertThat(d.handle("/", "alice", "[{\"method\":\"uptime\"},{\"method\":\"getblockhash\",\"params\":[1]}]").status())
                .isEqualTo(200);
        assertThat(d.handle("/", "alice", "[5]").status()).isEqualTo(400);
        // Unlisted users are refused outright once any whitelist exists (default).
        assertThat(d.handle("/", "bob", "{\"method\":\"uptime\",\"id\":1}").status()).isEqualTo(403);
    }

    @Test
    void whitelistDefaultOffLetsUnlistedUsersCallEverything() {
        RpcDispatcher d = dispatcher(RpcWhitelist.parse(List.of("alice:uptime"), Optional.of(false)));
        assertThat(d.handle("/", "bob", "{\"method\":\"stop\",\"id\":1}").status()).isEqualTo(200);
        assertThat(d.handle("/", "alice", "{\"method\":\"stop\",\"id\":1}").status()).isEqualTo(403);
    }

    @Test
    void repeatedLinesIntersectAndEmptyListAllowsNothing() {
        RpcWhitelist w = RpcWhitelist.parse(List.of("alice:uptime,stop,help", "alice:help uptime", "carol"), Optional.empty());
        assertThat(w.methodAllowed("alice", "uptime")).isTrue();
        assertThat(w.methodAllowed("alice", "help")).isTrue();
        assertThat(w.methodAllowed("alice", "stop")).isFalse();
        assertThat(w.userAllowed("carol")).isTrue();
        assertThat(w.methodAllowed("carol", "uptime")).isFalse();
        assertThat(RpcWhitelist.NONE.methodAllowed("anyone", "stop")).isTrue();
    }
}
