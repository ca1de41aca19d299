package dev.blocksmith.rpc.methods.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.methods.MethodRegistry;
import dev.blocksmith.rpc.methods.RpcCategory;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import java.util.List;
import java.util.Optional;

/** {@code help ( "command" )}: all methods by category, or the full help of one. */
public final class HelpMethod implements RpcMethod {
    private final MethodRegistry registry;

    public HelpMethod(MethodRegistry registry) {
        this.registry = registry;
    }

    @Override
    public String name() {
        return "help";
    }

    @Override
    public RpcCategory category() {
        return RpcCategory.CONTROL;
    }

    @Override
    public List<RpcParamSpec> params() {
        return List.of(RpcParamSpec.withHint("command", RpcParamType.STR, "all commands", "The command to get help on"));
    }

    @Override
    public String description() {
        return "List all commands, or get help for a specified command.";
    }

    @Override
    public String resultHelp() {
        return "\"str\"    (string) The help text";
    }

    @Override
    public List<HelpExample> examples() {
        return List.of(new HelpExample("", "[]"), new HelpExample("getblockcount", "[\"getblockcount\"]"));
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        String command = request.arg("command").asStringOr("");
        return TextNode.valueOf(command.isEmpty() ? listAll() : helpFor(command));
    }

    private String helpFor(String command) {
        // Asked for by name, even hidden methods show their help.
        Optional<RpcMethod> method = registry.find(command);
        return method.map(RpcMethod::help).orElse("help: unknown command: " + command);
    }

    private String listAll() {
        StringBuilder out = new StringBuilder();
        RpcCategory current = null;
        for (RpcMethod m : registry.methods()) {
            if (m.category() == RpcCategory.HIDDEN) continue;
            if (m.category() != current) {
                if (current != null) out.append('\n');
                current = m.category();
                out.append(current.heading()).append('\n');
            }
            String help = m.help();
            int nl = help.indexOf('\n');
            out.append(nl < 0 ? help : help.substring(0, nl)).append('\n');
        }
        return out.isEmpty() ? "" : out.substring(0, out.length() - 1);
    }
}
