package dev.blocksmith.rpc.methods;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A call as a method sees it: arguments already mapped to positions (named arguments included),
 * the argument count and declared JSON types already checked, plus who called and through which
 * endpoint. {@link #walletName()} is present when the call came in on {@code /wallet/<name>}.
 */
public final class RpcRequest {
    private final String method;
    private final ArrayNode params;
    private final List<RpcParamSpec> specs;
    private final Optional<String> walletName;
    private final String authUser;

    public RpcRequest(String method, ArrayNode params, List<RpcParamSpec> specs, Optional<String> walletName,
                      String authUser) {
        this.method = Objects.requireNonNull(method);
        this.params = params.deepCopy();
        this.specs = List.copyOf(specs);
        this.walletName = Objects.requireNonNull(walletName);
        this.authUser = Objects.requireNonNull(authUser);
    }

    public String method() {
        return method;
    }

    /**
     * The argument declared under this name (its primary name, as in {@link #params}'s declarations), however
     * the caller passed it: by position or by name ({@link ArgumentBinder} has already put named arguments in
     * their declared positions, as bitcoind's transformNamedArguments does). Absent or null, it reads as its
     * declared default (bitcoind's {@code RPCHelpMan::Arg}).
     *
     * @throws IllegalArgumentException if the method declares no such argument (a programming error)
     */
    public RpcParam arg(String name) {
        for (int i = 0; i < specs.size(); i++) {
            RpcParamSpec spec = specs.get(i);
            if (spec.name().equals(name)) {
                return new RpcParam(spec, i < params.size() ? params.get(i) : null);
            }
        }
        throw new IllegalArgumentException(method + " declares no argument " + name);
    }

    /**
     * The arguments in their positions, for the one method whose result is its argument list (echo);
     * every other method reads {@link #arg} by name.
     */
    public ArrayNode positionalArguments() {
        return params.deepCopy();
    }

    /** Wallet name from the {@code /wallet/<name>} endpoint, URL-decoded. */
    public Optional<String> walletName() {
        return walletName;
    }

    /** The authenticated user name (the cookie user is "__cookie__"). */
    public String authUser() {
        return authUser;
    }
}
