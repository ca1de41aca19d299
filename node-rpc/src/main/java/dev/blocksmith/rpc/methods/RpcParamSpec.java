package dev.blocksmith.rpc.methods;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One declared argument of a method: its name (with aliases, e.g. {@code verbosity|verbose}), type,
 * whether it is required, and its default as help shows it. The server uses the declarations to map
 * named arguments to positions, to check the argument count and JSON types before the method runs,
 * and to render help.
 *
 * @param names       primary name first, then aliases, joined by '|' as in bitcoind
 * @param type        declared type
 * @param required    whether callers must pass it
 * @param defaultHint the default as shown in help ("1", "false", "all commands"), if any
 * @param hidden      kept out of help (bitcoind's RPCArgOptions.hidden), still accepted
 * @param description the help text for this argument
 * @param namedOptions for an options object taking its keys as named arguments too (bitcoind's OBJ_NAMED_PARAMS,
 *     as send's and sendall's): those keys, in declaration order; empty otherwise
 */
public record RpcParamSpec(String names, RpcParamType type, boolean required, Optional<String> defaultHint,
                           boolean hidden, String description, List<String> namedOptions) {

    public RpcParamSpec {
        Objects.requireNonNull(names);
        Objects.requireNonNull(type);
        Objects.requireNonNull(defaultHint);
        Objects.requireNonNull(description);
        if (names.isEmpty()) throw new IllegalArgumentException("parameter needs a name");
        namedOptions = List.copyOf(namedOptions);
    }

    public RpcParamSpec(String names, RpcParamType type, boolean required, Optional<String> defaultHint, boolean hidden, String description) {
        this(names, type, required, defaultHint, hidden, description, List.of());
    }

    /** The same options argument, its keys accepted as named arguments (bitcoind's OBJ_NAMED_PARAMS). */
    public RpcParamSpec withNamedOptions(List<String> keys) {
        return new RpcParamSpec(names, type, required, defaultHint, hidden, description, keys);
    }

    public static RpcParamSpec required(String names, RpcParamType type, String description) {
        return new RpcParamSpec(names, type, true, Optional.empty(), false, description);
    }

    /** An optional argument whose absence the method handles (bitcoind's Optional::OMITTED). */
    public static RpcParamSpec optional(String names, RpcParamType type, String description) {
        return new RpcParamSpec(names, type, false, Optional.empty(), false, description);
    }

    /** An optional argument with a default shown in help. */
    public static RpcParamSpec withDefault(String names, RpcParamType type, String defaultHint, String description) {
        return new RpcParamSpec(names, type, false, Optional.of(defaultHint), false, description);
    }

    public RpcParamSpec asHidden() {
        return new RpcParamSpec(names, type, required, defaultHint, true, description, namedOptions);
    }

    /** Primary name (first of the aliases). */
    public String name() {
        int bar = names.indexOf('|');
        return bar < 0 ? names : names.substring(0, bar);
    }

    public List<String> allNames() {
        return Arrays.asList(names.split("\\|"));
    }
}
