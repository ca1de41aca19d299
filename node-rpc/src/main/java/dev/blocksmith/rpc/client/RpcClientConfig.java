package dev.blocksmith.rpc.client;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Connection settings of {@link RpcClient}, named after bitcoin-cli's options.
 *
 * @param host          {@code -rpcconnect}, default 127.0.0.1
 * @param port          {@code -rpcport}, default the network's RPC port
 * @param credentials   user/password or cookie file
 * @param wallet        {@code -rpcwallet}: calls go to {@code /wallet/<name>}
 * @param waitForServer {@code -rpcwait}: retry until the server answers and is out of warmup
 * @param waitTimeout   {@code -rpcwaittimeout}; zero waits forever
 * @param clientTimeout {@code -rpcclienttimeout} for one HTTP exchange; zero means none
 * @param configFile    the config file named in the "could not locate credentials" message
 */
public record RpcClientConfig(String host, int port, RpcCredentials credentials, Optional<String> wallet,
                              boolean waitForServer, Duration waitTimeout, Duration clientTimeout,
                              Optional<Path> configFile) {
    /** bitcoin-cli's DEFAULT_HTTP_CLIENT_TIMEOUT. */
    public static final Duration DEFAULT_CLIENT_TIMEOUT = Duration.ofSeconds(900);

    public RpcClientConfig {
        Objects.requireNonNull(host);
        Objects.requireNonNull(credentials);
        Objects.requireNonNull(wallet);
        Objects.requireNonNull(waitTimeout);
        Objects.requireNonNull(clientTimeout);
        Objects.requireNonNull(configFile);
        if (port < 1 || port > 65535) throw new IllegalArgumentException("invalid RPC port " + port);
    }

    public static RpcClientConfig of(String host, int port, RpcCredentials credentials) {
        return new RpcClientConfig(host, port, credentials, Optional.empty(), false, Duration.ZERO,
                DEFAULT_CLIENT_TIMEOUT, Optional.empty());
    }

    public RpcClientConfig withWallet(String name) {
        return new RpcClientConfig(host, port, credentials, Optional.of(name), waitForServer, waitTimeout,
                clientTimeout, configFile);
    }

    public RpcClientConfig withWait(Duration timeout) {
        return new RpcClientConfig(host, port, credentials, wallet, true, timeout, clientTimeout, configFile);
    }

    public RpcClientConfig withClientTimeout(Duration timeout) {
        return new RpcClientConfig(host, port, credentials, wallet, waitForServer, waitTimeout, timeout, configFile);
    }

    public RpcClientConfig withConfigFile(Path file) {
        return new RpcClientConfig(host, port, credentials, wallet, waitForServer, waitTimeout, clientTimeout,
                Optional.of(file));
    }
}
