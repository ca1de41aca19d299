package dev.blocksmith.rpc.methods;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.JsonType;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.json.UniValueFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns the {@code params} of a request into the positional arguments a method reads, with
 * bitcoind's rules: named arguments are mapped by declared name (bitcoind's transformNamedArguments,
 * including the {@code "args"} key for leading positional values), then the argument count and each
 * argument's JSON type are checked (RPCHelpMan::HandleRequest).
 */
public final class ArgumentBinder {
    private ArgumentBinder() {}

    /**
     * @param params the request's params: an array (positional) or an object (named)
     * @throws RpcException -8 for unknown or doubly given named arguments, -1 with the method's help
     *                      for a wrong argument count, -3 listing every argument of the wrong type
     */
    public static ArrayNode bind(RpcMethod method, JsonNode params) throws RpcException {
        ArrayNode positional = params.isObject() ? fromNamed(method.params(), (ObjectNode) params) : (ArrayNode) params;
        checkCount(method, positional.size());
        checkTypes(method.params(), positional);
        return positional;
    }

    static ArrayNode fromNamed(List<RpcParamSpec> specs, ObjectNode named) throws RpcException {
        Map<String, JsonNode> remaining = new LinkedHashMap<>();
        named.properties().forEach(e -> remaining.put(e.getKey(), e.getValue()));

        ArrayNode out = RpcJson.array();
        // Arguments left out before one that is given become JSON nulls; trailing ones are left off
        // entirely, because some methods act on the number of arguments passed.
        int hole = 0;
        int initialHole = 0;
        String firstGiven = null;
        for (RpcParamSpec spec : specs) {
            // bitcoind's OBJ_NAMED_PARAMS: keys of the options object given as named arguments are gathered into it.
            ObjectNode options = RpcJson.object();
            for (RpcParamSpec.NamedOption option : spec.namedOptions()) {
                String key = option.name();
                if (remaining.containsKey(key)) options.set(key, remaining.remove(key));
            }
            Optional<String> found = spec.allNames().stream().filter(remaining::containsKey).findFirst();
            if (found.isPresent() || !options.isEmpty()) {
                for (int i = 0; i < hole; i++) out.add(NullNode.getInstance());
                hole = 0;
                if (firstGiven == null) firstGiven = spec.names();
                if (found.isPresent() && !options.isEmpty()) {
                    throw RpcException.invalidParameter("Parameter " + found.get() + " conflicts with parameter " + options.fieldNames().next());
                }
                out.add(found.isPresent() ? remaining.remove(found.get()) : options);
            } else {
                hole++;
                if (out.isEmpty()) initialHole = hole;
            }
        }
        JsonNode args = remaining.remove("args");
        if (args != null && args.isArray()) {
            if (initialHole < args.size() && firstGiven != null) {
                throw RpcException.invalidParameter(
                        "Parameter " + firstGiven + " specified twice both as positional and named argument");
            }
            ArrayNode merged = ((ArrayNode) args).deepCopy();
            for (int i = merged.size(); i < out.size(); i++) merged.add(out.get(i));
            out = merged;
        }
        if (!remaining.isEmpty()) {
            throw RpcException.invalidParameter("Unknown named parameter " + remaining.keySet().iterator().next());
        }
        return out;
    }

    private static void checkCount(RpcMethod method, int count) throws RpcException {
        List<RpcParamSpec> specs = method.params();
        int required = 0;
        for (int i = specs.size(); i > 0; i--) {
            if (specs.get(i - 1).required()) {
                required = i;
                break;
            }
        }
        if (count < required || count > specs.size()) {
            // bitcoind answers a wrong argument count with the method's help text as a -1 error.
            throw RpcException.misc(method.help());
        }
    }

    private static void checkTypes(List<RpcParamSpec> specs, ArrayNode args) throws RpcException {
        ObjectNode mismatches = RpcJson.object();
        for (int i = 0; i < specs.size(); i++) {
            RpcParamSpec spec = specs.get(i);
            JsonNode value = i < args.size() ? args.get(i) : NullNode.getInstance();
            if (!spec.required() && value.isNull()) continue;
            if (spec.skipTypeCheck()) continue;
            Optional<JsonType> expected = spec.type().expectedJsonType();
            if (expected.isEmpty() || JsonType.of(value) == expected.get()) continue;
            mismatches.put("Position " + (i + 1) + " (" + spec.names() + ")",
                    JsonType.mismatchMessage(value, expected.get()));
        }
        if (!mismatches.isEmpty()) {
            throw RpcException.typeError("Wrong type passed:\n" + UniValueFormat.write(mismatches, 4));
        }
    }
}
