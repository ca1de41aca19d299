package dev.blocksmith.cli;

import picocli.CommandLine.Command;

/** The {@code blocksmith} launcher: one subcommand per tool. */
@Command(name = "blocksmith", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Blocksmith: a Bitcoin-compatible proof-of-work full node.",
        subcommands = {NodeCommand.class, CliCommand.class, MineCommand.class, GenesisCommand.class})
public final class BlocksmithCommand implements Runnable {
    @Override
    public void run() {
        System.err.println("Usage: blocksmith <node|cli|mine|genesis> [options]; blocksmith node -help for the node's options");
    }
}
