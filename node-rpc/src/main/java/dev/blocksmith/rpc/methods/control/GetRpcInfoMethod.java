package dev.blocksmith.rpc.methods.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.RpcCategory;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcRequest;
import dev.blocksmith.rpc.server.ActiveCommands;
import java.nio.file.Path;
import java.util.Objects;

/** {@code getrpcinfo}: calls in progress (with their running time in microseconds) and the log path. */
public final class GetRpcInfoMethod implements RpcMethod {
    private final ActiveCommands activeCommands;
    private final Path logPath;

    public GetRpcInfoMethod(ActiveCommands activeCommands, Path logPath) {
        this.activeCommands = Objects.requireNonNull(activeCommands);
        this.logPath = Objects.requireNonNull(logPath);
    }

    @Override
    public String name() {
        return "getrpcinfo";
    }

    @Override
    public RpcCategory category() {
        return RpcCategory.CONTROL;
    }

    @Override
    public String description() {
        return "Returns details of the RPC server.";
    }

    @Override
    public String resultHelp() {
        return """
                {                       (json object)
                  "active_commands" : [ (json array) All active commands
                    {                   (json object) Information about an active command
                      "method" : "str", (string) The name of the RPC command
                      "duration" : n    (numeric) The running time in microseconds
                    },
                    ...
                  ],
                  "logpath" : "str"     (string) The complete file path to the debug log
                }""";
    }

    @Override
    public JsonNode execute(RpcRequest request) {
        ArrayNode active = RpcJson.array();
        for (ActiveCommands.Snapshot s : activeCommands.snapshot()) {
            ObjectNode entry = active.addObject();
            entry.put("method", s.method());
            entry.put("duration", s.duration().toNanos() / 1_000);
        }
        ObjectNode result = RpcJson.object();
        result.set("active_commands", active);
        result.put("logpath", logPath.toAbsolutePath().toString());
        return result;
    }
}
