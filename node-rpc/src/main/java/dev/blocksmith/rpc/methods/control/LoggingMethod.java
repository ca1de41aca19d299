package dev.blocksmith.rpc.methods.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.JsonType;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.RpcCategory;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcParam;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import java.util.List;
import java.util.Map;

/**
 * {@code logging ( ["include_category",...] ["exclude_category",...] )}: turns debug categories on,
 * then off (so a category in both ends up off), and returns every category's state, as bitcoind.
 */
public final class LoggingMethod implements RpcMethod {
    private final LoggingControl control;

    public LoggingMethod(LoggingControl control) {
        this.control = control;
    }

    @Override public String name() { return "logging"; }
    @Override public RpcCategory category() { return RpcCategory.CONTROL; }

    @Override
    public List<RpcParamSpec> params() {
        return List.of(
                RpcParamSpec.optional("include", RpcParamType.ARR, "The categories to add to debug logging"),
                RpcParamSpec.optional("exclude", RpcParamType.ARR, "The categories to remove from debug logging"));
    }

    @Override
    public String description() {
        return "Gets and sets the logging configuration.\n"
                + "When called without an argument, returns the list of categories with status that are currently being debug logged or not.\n"
                + "When called with arguments, adds or removes categories from debug logging and return the lists above.\n"
                + "The arguments are evaluated in order \"include\", \"exclude\".\n"
                + "If an item is both included and excluded, it will thus end up being excluded.\n"
                + "The valid logging categories are: " + String.join(", ", control.categories().keySet()) + "\n"
                + "In addition, the following are available as category names with special meanings:\n"
                + "  - \"all\",  \"1\" : represent all logging categories.\n";
    }

    @Override
    public String resultHelp() {
        return """
                {                   (json object) keys are the logging categories, and values indicates its status
                  "category" : true|false,    (boolean) if being debug logged or not. false:inactive, true:active
                  ...
                }""";
    }

    @Override
    public List<HelpExample> examples() {
        return List.of(new HelpExample("\"[\\\"all\\\"]\" \"[\\\"http\\\"]\"", "[\"all\"], [\"libevent\"]"));
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        apply(request.arg("include"), true);
        apply(request.arg("exclude"), false);
        ObjectNode out = RpcJson.object();
        for (Map.Entry<String, Boolean> e : control.categories().entrySet()) out.put(e.getKey(), e.getValue());
        return out;
    }

    private void apply(RpcParam names, boolean enable) throws RpcException {
        if (names.isNull()) return;
        for (JsonNode n : names.asArray()) {
            if (!n.isTextual()) throw RpcException.typeError(JsonType.mismatchMessage(n, JsonType.STRING));
            if (!control.set(n.asText(), enable)) {
                throw RpcException.invalidParameter("unknown logging category " + n.asText());
            }
        }
    }
}
