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

    /** Argument at a position; JSON null when the caller passed fewer arguments. */
    public RpcParam param(int index) {
        String name = index < specs.size() ? specs.get(index).name() : "arg" + index;
        JsonNode value = index < params.size() ? params.get(index) : null;
        return new RpcParam(name, value);
    }

    /** How many positional arguments the caller passed (trailing nulls from named calls included). */
    public int paramCount() {
        return params.size();
    }

    /** A copy of the positional arguments. */
    public ArrayNode params() {
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
