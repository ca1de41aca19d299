package dev.blocksmith.cli;

import dev.blocksmith.cli.config.ConfigException;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.params.Networks;
import java.nio.file.Files;
import java.nio.file.Path;

/** Turns a {@code -chain} value into network parameters: a built-in name or a custom params file. */
public final class NetworkResolver {
    private NetworkResolver() {
    }

    public static NetworkParams resolve(String chain) throws ConfigException {
        var builtIn = Networks.byName(chain);
        if (builtIn.isPresent()) return builtIn.get();
        Path file = Path.of(chain);
        if (Files.isRegularFile(file)) {
            return CustomNetworks.load(file);
        }
        throw new ConfigException("Unknown chain '" + chain + "': use main, testnet4, signet, regtest, or the path of a params file");
    }
}
