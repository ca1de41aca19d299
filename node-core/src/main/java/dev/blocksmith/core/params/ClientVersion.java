package dev.blocksmith.core.params;

/**
 * Blocksmith's version as a number, encoded as bitcoind's CLIENT_VERSION (major * 10000 + minor * 100 + patch): what
 * getnetworkinfo's "version" reports and what a wallet file records as the last client that opened it.
 */
public final class ClientVersion {
    /** 0.1.0. */
    public static final int NUMBER = 100;

    private ClientVersion() {
    }
}
