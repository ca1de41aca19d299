package dev.blocksmith.cli;

import picocli.CommandLine;

/** Version string shown by {@code --version} and the P2P user agent. */
public final class Version implements CommandLine.IVersionProvider {
    public static final String VERSION = "0.1.0";
    /** The client's name where bitcoind's texts print theirs (bitcoin-cli -version, -netinfo). */
    public static final String CLIENT_NAME = "Blocksmith";

    @Override
    public String[] getVersion() {
        // bitcoind's first line is "Bitcoin Core daemon version v30.0.0"; scripts look for "version".
        return new String[] {CLIENT_NAME + " version v" + VERSION};
    }
}
