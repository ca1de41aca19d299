package dev.blocksmith.rpc.auth;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Checks HTTP Basic credentials against the configured {@link RpcAuthEntry}s (cookie, rpcuser/
 * rpcpassword and every rpcauth line) the way bitcoind's RPCAuthorized does: the user name and the
 * HMAC of the password are compared in constant time, and every entry is tried.
 */
public final class RpcAuthenticator {
    private final List<RpcAuthEntry> entries;

    private RpcAuthenticator(List<RpcAuthEntry> entries) {
        this.entries = List.copyOf(entries);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * @param authorizationHeader the value of the Authorization header
     * @return the user name when the credentials are valid
     */
    public Optional<String> authenticate(String authorizationHeader) {
        if (authorizationHeader == null || !authorizationHeader.startsWith("Basic ")) {
            return Optional.empty();
        }
        String encoded = authorizationHeader.substring(6).strip();
        String userPass;
        try {
            userPass = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = userPass.indexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        String user = userPass.substring(0, colon);
        String pass = userPass.substring(colon + 1);
        boolean ok = false;
        for (RpcAuthEntry entry : entries) {
            if (!Secrets.constantTimeEquals(entry.user(), user)) continue;
            if (Secrets.constantTimeEquals(Secrets.hmacSha256Hex(entry.salt(), pass), entry.hmacHex())) {
                ok = true;
            }
        }
        return ok ? Optional.of(user) : Optional.empty();
    }

    public int entryCount() {
        return entries.size();
    }

    /** Collects credentials; bitcoind's rule is cookie when no rpcpassword is set, plus all rpcauth lines. */
    public static final class Builder {
        private final List<RpcAuthEntry> entries = new ArrayList<>();

        public Builder cookie(AuthCookie cookie) {
            entries.add(RpcAuthEntry.fromPassword(cookie.user(), cookie.password()));
            return this;
        }

        public Builder userPassword(String user, String password) {
            entries.add(RpcAuthEntry.fromPassword(user, password));
            return this;
        }

        /** Adds an {@code -rpcauth=user:salt$hash} line. */
        public Builder rpcAuth(String spec) {
            entries.add(RpcAuthEntry.parse(spec));
            return this;
        }

        public RpcAuthenticator build() {
            return new RpcAuthenticator(entries);
        }
    }
}
