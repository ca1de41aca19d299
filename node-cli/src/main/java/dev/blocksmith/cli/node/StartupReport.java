package dev.blocksmith.cli.node;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What the node logs about its configuration once debug.log is open, as bitcoind does: the configuration
 * file in use, every argument (sensitive values hidden), warnings about options, and the init warnings that
 * were also printed on stderr; and an init error bitcoind reports only once its debug.log is open
 * ({@code lateInitError}: the start fails after the network directory and debug.log exist).
 */
public record StartupReport(Optional<Path> configFile, List<String> argsLog, List<String> logLines, List<String> initWarnings,
                            Optional<String> lateInitError) {
    public static final StartupReport NONE = new StartupReport(Optional.empty(), List.of(), List.of(), List.of(), Optional.empty());
}
