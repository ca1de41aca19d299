package dev.blocksmith.rpc.auth;

import java.util.Objects;

/**
 * One accepted credential in bitcoind's {@code -rpcauth} form: a user name, a salt and the hex
 * HMAC-SHA256 of the password keyed with the salt. Plain {@code -rpcuser/-rpcpassword} and the
 * cookie are stored the same way (with a fresh random salt), so no plain password stays in memory
 * and every check costs the same.
 */
public record RpcAuthEntry(String user, String salt, String hmacHex) {
    public RpcAuthEntry {
        Objects.requireNonNull(user);
        Objects.requireNonNull(salt);
        Objects.requireNonNull(hmacHex);
    }

    /**
     * Parses {@code user:salt$hash} exactly as bitcoind splits it: on ':' first, then the last field
     * on '$'; anything but two and two fields is rejected.
     *
     * @throws IllegalArgumentException "Invalid -rpcauth argument." like bitcoind's startup error
     */
    public static RpcAuthEntry parse(String spec) {
        String[] fields = spec.split(":", -1);
        String[] saltHash = fields[fields.length - 1].split("\\$", -1);
        if (fields.length != 2 || saltHash.length != 2) {
            throw new IllegalArgumentException("Invalid -rpcauth argument.");
        }
        return new RpcAuthEntry(fields[0], saltHash[0], saltHash[1]);
    }

    /** Hashes a plain password under a random 16-byte hex salt. */
    public static RpcAuthEntry fromPassword(String user, String password) {
        String salt = Secrets.randomHex(16);
        return new RpcAuthEntry(user, salt, Secrets.hmacSha256Hex(salt, password));
    }

    /** The {@code -rpcauth} line for this entry (what bitcoind's share/rpcauth script prints). */
    public String toConfigValue() {
        return user + ":" + salt + "$" + hmacHex;
    }
}
