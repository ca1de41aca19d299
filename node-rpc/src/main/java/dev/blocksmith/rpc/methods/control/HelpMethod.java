package dev.blocksmith.rpc.methods.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.MethodRegistry;
import dev.blocksmith.rpc.methods.RpcCategory;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import java.util.Comparator;
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

    /** The undocumented help argument that answers with every method's argument map (bitcoind's dumpArgMap). */
    static final String DUMP_CONVERSIONS = "dump_all_command_conversions";

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        String command = request.arg("command").asStringOr("");
        if (command.equals(DUMP_CONVERSIONS)) return argumentMap();
        return TextNode.valueOf(command.isEmpty() ? listAll() : helpFor(command));
    }

    /**
     * bitcoind's CRPCTable::dumpArgMap, read from the declarations: for every method (hidden ones too), each
     * argument name and alias, and each key of an options object that takes named arguments, as
     * [method, position, name, is-a-string]. bitcoin-cli's table of arguments it parses as JSON must name
     * exactly the ones that are not strings (rpc_help checks both against each other).
     */
    private ArrayNode argumentMap() {
        ArrayNode out = RpcJson.array();
        List<RpcMethod> byName = registry.methods().stream().sorted(Comparator.comparing(RpcMethod::name)).toList();
        for (RpcMethod m : byName) {
            List<RpcParamSpec> params = m.params();
            for (int i = 0; i < params.size(); i++) {
                RpcParamSpec p = params.get(i);
                for (String name : p.allNames()) {
                    out.add(entry(m.name(), i, name, p.type()));
                    for (RpcParamSpec.NamedOption option : p.namedOptions()) {
                        out.add(entry(m.name(), i, option.name(), option.type()));
                    }
                }
            }
        }
        return out;
    }

    private static ArrayNode entry(String method, int position, String name, RpcParamType type) {
        ArrayNode e = RpcJson.array();
        e.add(method).add(position).add(name).add(type == RpcParamType.STR || type == RpcParamType.STR_HEX);
        return e;
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
