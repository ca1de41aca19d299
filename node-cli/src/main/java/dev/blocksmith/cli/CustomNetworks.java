package dev.blocksmith.cli;

import dev.blocksmith.cli.config.ConfigException;
import dev.blocksmith.core.params.NetworkParams;
import java.nio.file.Path;

/** Loads a custom network from its params file (the format is documented in docs/custom-networks.md). */
public final class CustomNetworks {
    private CustomNetworks() {
    }

    public static NetworkParams load(Path file) throws ConfigException {
        throw new ConfigException("Custom network params files are not supported by this build yet: " + file);
    }
}
