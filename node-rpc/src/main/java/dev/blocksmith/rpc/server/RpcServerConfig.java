package dev.blocksmith.rpc.server;

import dev.blocksmith.rpc.auth.AuthCookie;
import dev.blocksmith.rpc.auth.RpcAuthenticator;
import dev.blocksmith.rpc.auth.RpcWhitelist;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Settings of the RPC HTTP server, with bitcoind's defaults.
 *
 * @param bindAddresses   where to listen (see {@link #bindAddresses(List, List, int)} for bitcoind's rule)
 * @param allowedClients  client ranges allowed to connect; localhost is always allowed
 * @param threads         worker threads executing methods ({@code -rpcthreads})
 * @param workQueueDepth  calls that may wait for a worker before new ones get HTTP 503 ({@code -rpcworkqueue})
 * @param maxBodyBytes    largest request body; larger requests get HTTP 413 and are not executed
 * @param idleTimeout     idle keep-alive connections are closed after this ({@code -rpcservertimeout})
 * @param authenticator   accepted credentials
 * @param cookie          the cookie this server created and removes when it stops
 * @param readiness       node state for {@code GET /ready}
 * @param readyDuringIbd  whether {@code /ready} may report ready while in initial block download
 * @param whitelist       per-user method allow lists ({@code -rpcwhitelist})
 */
public record RpcServerConfig(List<InetSocketAddress> bindAddresses, List<ClientSubnet> allowedClients, int threads,
                              int workQueueDepth, int maxBodyBytes, Duration idleTimeout,
                              RpcAuthenticator authenticator, Optional<AuthCookie> cookie,
                              ReadinessProbe readiness, boolean readyDuringIbd, RpcWhitelist whitelist) {
    /**
     * bitcoind 28+ defaults (raised from 4 threads / 16 queued in bitcoin#29386). Threads are
     * created lazily, so the larger pool costs nothing on an idle node.
     */
    public static final int DEFAULT_THREADS = 16;
    public static final int DEFAULT_WORK_QUEUE = 64;
    /** bitcoind limits HTTP bodies to MAX_SIZE, 32 MiB. */
    public static final int DEFAULT_MAX_BODY_BYTES = 0x02000000;
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);

    public RpcServerConfig {
        bindAddresses = List.copyOf(bindAddresses);
        allowedClients = List.copyOf(allowedClients);
        Objects.requireNonNull(idleTimeout);
        Objects.requireNonNull(authenticator);
        Objects.requireNonNull(cookie);
        Objects.requireNonNull(readiness);
        Objects.requireNonNull(whitelist);
        if (bindAddresses.isEmpty()) throw new IllegalArgumentException("no RPC bind address");
        if (threads < 1) throw new IllegalArgumentException("rpcthreads must be at least 1");
        if (workQueueDepth < 1) throw new IllegalArgumentException("rpcworkqueue must be at least 1");
        if (maxBodyBytes < 1) throw new IllegalArgumentException("max body size must be positive");
    }

    public static Builder builder(RpcAuthenticator authenticator) {
        return new Builder(authenticator);
    }

    /**
     * bitcoind's choice of listening addresses: {@code -rpcbind} counts only together with
     * {@code -rpcallowip}; otherwise the server binds to loopback (::1 and 127.0.0.1) so a half
     * configuration never exposes RPC.
     *
     * @param rpcBind    "host" or "host:port" values; a missing port means {@code port}
     * @param rpcAllowIp the allow list as given
     */
    public static List<InetSocketAddress> bindAddresses(List<String> rpcBind, List<String> rpcAllowIp, int port) {
        List<InetSocketAddress> out = new ArrayList<>();
        if (rpcAllowIp.isEmpty() || rpcBind.isEmpty()) {
            out.add(new InetSocketAddress("::1", port));
            out.add(new InetSocketAddress("127.0.0.1", port));
            return out;
        }
        for (String bind : rpcBind) {
            out.add(HostPort.parse(bind, port));
        }
        return out;
    }

    /** Mutable builder with bitcoind's defaults. */
    public static final class Builder {
        private final RpcAuthenticator authenticator;
        private List<InetSocketAddress> bindAddresses = List.of(new InetSocketAddress("127.0.0.1", 0));
        private List<ClientSubnet> allowedClients = List.of();
        private int threads = DEFAULT_THREADS;
        private int workQueueDepth = DEFAULT_WORK_QUEUE;
        private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
        private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
        private Optional<AuthCookie> cookie = Optional.empty();
        private ReadinessProbe readiness = ReadinessProbe.ALWAYS_READY;
        private boolean readyDuringIbd;
        private RpcWhitelist whitelist = RpcWhitelist.NONE;

        private Builder(RpcAuthenticator authenticator) {
            this.authenticator = Objects.requireNonNull(authenticator);
        }

        public Builder bindAddresses(List<InetSocketAddress> v) { bindAddresses = v; return this; }
        public Builder allowedClients(List<ClientSubnet> v) { allowedClients = v; return this; }
        public Builder threads(int v) { threads = v; return this; }
        public Builder workQueueDepth(int v) { workQueueDepth = v; return this; }
        public Builder maxBodyBytes(int v) { maxBodyBytes = v; return this; }
        public Builder idleTimeout(Duration v) { idleTimeout = v; return this; }
        public Builder cookie(AuthCookie v) { cookie = Optional.of(v); return this; }
        public Builder readiness(ReadinessProbe v) { readiness = v; return this; }
        public Builder readyDuringIbd(boolean v) { readyDuringIbd = v; return this; }
        public Builder whitelist(RpcWhitelist v) { whitelist = v; return this; }

        public RpcServerConfig build() {
            return new RpcServerConfig(bindAddresses, allowedClients, threads, workQueueDepth, maxBodyBytes,
                    idleTimeout, authenticator, cookie, readiness, readyDuringIbd, whitelist);
        }
    }
}
