package dev.blocksmith.rpc.methods;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.blocksmith.rpc.json.RpcJson;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One declared argument of a method: its name (with aliases, e.g. {@code verbosity|verbose}), type,
 * whether it is required, and its default. This declaration is the single source of the argument:
 * the server maps named arguments to positions with it, checks the argument count and JSON types
 * before the method runs, renders help from it, and {@link RpcRequest#arg} reads the argument by
 * this name and applies this default.
 *
 * <p>Defaults come in bitcoind's three kinds (RPCArg's m_fallback): a literal JSON value
 * ({@link #withDefault}, RPCArg::Default) that the accessors return when the argument is absent;
 * a described default the method computes itself ({@link #withHint}, RPCArg::DefaultHint, e.g.
 * "set by -addresstype"); or none ({@link #optional}, RPCArg::Optional::OMITTED), where absence has
 * its own meaning.
 *
 * @param names        primary name first, then aliases, joined by '|' as in bitcoind
 * @param type         declared type
 * @param required     whether callers must pass it
 * @param defaultValue the literal default the accessors apply when the argument is absent or null
 * @param defaultHint  the default as help shows it: the literal's JSON text, or the description of a
 *                     computed default ("all commands")
 * @param hidden       kept out of help (bitcoind's RPCArgOptions.hidden), still accepted
 * @param description  the help text for this argument
 * @param skipTypeCheck whether the server leaves the JSON type to the method although a type is declared (bitcoind's
 *                     RPCArgOptions.skip_type_check, e.g. echo's string arguments that take any value)
 * @param namedOptions for an options object taking its keys as named arguments too (bitcoind's OBJ_NAMED_PARAMS,
 *     as send's and sendall's): those keys with their types, in declaration order; empty otherwise
 * @param synopsis     how the help's first line writes the argument where bitcoind chose its own words
 *     (RPCArgOptions.oneline_description, e.g. getblockstats' "stats"); empty for the form its type gives
 */
public record RpcParamSpec(String names, RpcParamType type, boolean required, Optional<JsonNode> defaultValue,
                           Optional<String> defaultHint, boolean hidden, String description, boolean skipTypeCheck,
                           List<NamedOption> namedOptions, Optional<String> synopsis) {

    /**
     * One key of an options object that callers may also pass as a named argument (an inner argument of bitcoind's
     * OBJ_NAMED_PARAMS). A key that is also a positional argument of the method (send's fee_rate, bitcoind's
     * also_positional) is taken by that argument first, as in bitcoind's transformNamedArguments.
     */
    public record NamedOption(String name, RpcParamType type) {
        public NamedOption {
            Objects.requireNonNull(name);
            Objects.requireNonNull(type);
        }
    }

    public RpcParamSpec {
        Objects.requireNonNull(names);
        Objects.requireNonNull(type);
        Objects.requireNonNull(defaultValue);
        Objects.requireNonNull(defaultHint);
        Objects.requireNonNull(description);
        Objects.requireNonNull(synopsis);
        if (names.isEmpty()) throw new IllegalArgumentException("parameter needs a name");
        if (required && (defaultValue.isPresent() || defaultHint.isPresent())) {
            throw new IllegalArgumentException(names + ": a required parameter has no default");
        }
        if (defaultValue.isPresent() && defaultValue.get().isNull()) {
            throw new IllegalArgumentException(names + ": a null default is no default; declare it optional");
        }
        defaultValue = defaultValue.map(JsonNode::deepCopy);
        namedOptions = List.copyOf(namedOptions);
    }

    /** The literal default, a copy (JSON trees are mutable). */
    @Override
    public Optional<JsonNode> defaultValue() {
        return defaultValue.<JsonNode>map(JsonNode::deepCopy);
    }

    /** The same options argument, its keys accepted as named arguments (bitcoind's OBJ_NAMED_PARAMS). */
    public RpcParamSpec withNamedOptions(List<NamedOption> keys) {
        return new RpcParamSpec(names, type, required, defaultValue, defaultHint, hidden, description, skipTypeCheck, keys, synopsis);
    }

    public static RpcParamSpec required(String names, RpcParamType type, String description) {
        return new RpcParamSpec(names, type, true, Optional.empty(), Optional.empty(), false, description, false, List.of(), Optional.empty());
    }

    /** An optional argument whose absence the method handles (bitcoind's Optional::OMITTED). */
    public static RpcParamSpec optional(String names, RpcParamType type, String description) {
        return new RpcParamSpec(names, type, false, Optional.empty(), Optional.empty(), false, description, false, List.of(), Optional.empty());
    }

    /** An optional argument with a literal default (bitcoind's RPCArg::Default); help shows its JSON text. */
    public static RpcParamSpec withDefault(String names, RpcParamType type, JsonNode value, String description) {
        return new RpcParamSpec(names, type, false, Optional.of(value), Optional.of(RpcJson.write(value)), false,
                description, false, List.of(), Optional.empty());
    }

    public static RpcParamSpec withDefault(String names, RpcParamType type, long value, String description) {
        return withDefault(names, type, LongNode.valueOf(value), description);
    }

    public static RpcParamSpec withDefault(String names, RpcParamType type, boolean value, String description) {
        return withDefault(names, type, BooleanNode.valueOf(value), description);
    }

    /** A literal string default; help shows it quoted, as bitcoind does ({@code default="unset"}). */
    public static RpcParamSpec withDefaultText(String names, RpcParamType type, String value, String description) {
        return withDefault(names, type, TextNode.valueOf(value), description);
    }

    /**
     * An optional argument whose default the method works out itself, described for help (bitcoind's
     * RPCArg::DefaultHint, e.g. "set by -addresstype"); the {@code ...Or} accessors supply it.
     */
    public static RpcParamSpec withHint(String names, RpcParamType type, String hint, String description) {
        return new RpcParamSpec(names, type, false, Optional.empty(), Optional.of(hint), false, description, false, List.of(), Optional.empty());
    }

    /**
     * The same literal default, described differently in help (bitcoind declares some literal defaults as a
     * DefaultHint with more words, e.g. verifychain's "3, range=0-4").
     */
    public RpcParamSpec shownAs(String hint) {
        if (defaultValue.isEmpty()) throw new IllegalStateException(names + " has no literal default to describe");
        return new RpcParamSpec(names, type, required, defaultValue, Optional.of(hint), hidden, description, skipTypeCheck, namedOptions, synopsis);
    }

    /** The same argument, its JSON type left to the method (bitcoind's skip_type_check). */
    public RpcParamSpec withoutTypeCheck() {
        return new RpcParamSpec(names, type, required, defaultValue, defaultHint, hidden, description, true, namedOptions, synopsis);
    }

    /** The same argument, written as {@code text} in the help's first line (bitcoind's oneline_description). */
    public RpcParamSpec inSynopsisAs(String text) {
        return new RpcParamSpec(names, type, required, defaultValue, defaultHint, hidden, description, skipTypeCheck,
                namedOptions, Optional.of(text));
    }

    public RpcParamSpec asHidden() {
        return new RpcParamSpec(names, type, required, defaultValue, defaultHint, true, description, skipTypeCheck, namedOptions, synopsis);
    }

    /** Whether the method computes this argument's default itself (a described, not literal, default). */
    public boolean computedDefault() {
        return defaultHint.isPresent() && defaultValue.isEmpty();
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
