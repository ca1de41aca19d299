package dev.blocksmith.cli;

import picocli.CommandLine;

/** Version string shown by {@code --version} and the P2P user agent. */
public final class Version implements CommandLine.IVersionProvider {
    public static final String VERSION = "0.1.0";
    /** The client's name where bitcoind's texts print theirs (bitcoin-cli -version, -netinfo). */
    public static final String CLIENT_NAME = "Blocksmith";

    @Override
    public String[] getVersion() {
        return new String[] {"Blocksmith " + VERSION};
    }
}
