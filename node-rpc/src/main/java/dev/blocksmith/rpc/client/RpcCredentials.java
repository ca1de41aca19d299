package dev.blocksmith.rpc.client;

import dev.blocksmith.rpc.auth.AuthCookie;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How the client logs in: {@code -rpcuser}/{@code -rpcpassword}, or, when no password is given, the
 * node's cookie file (read at each call, because the node writes a new one at every start).
 */
public sealed interface RpcCredentials {
    /** The "user:password" to send, or empty when none could be found. */
    Optional<String> userColonPassword();

    record UserPassword(String user, String password) implements RpcCredentials {
        public UserPassword {
            Objects.requireNonNull(user);
            Objects.requireNonNull(password);
        }

        @Override
        public Optional<String> userColonPassword() {
            return Optional.of(user + ":" + password);
        }
    }

    /** {@code -norpccookiefile} and no password: nothing to send. */
    record NoCookie() implements RpcCredentials {
        @Override
        public Optional<String> userColonPassword() {
            return Optional.empty();
        }
    }

    record CookieFile(Path file) implements RpcCredentials {
        public CookieFile {
            Objects.requireNonNull(file);
        }

        @Override
        public Optional<String> userColonPassword() {
            return AuthCookie.readUserPass(file);
        }
    }
}
