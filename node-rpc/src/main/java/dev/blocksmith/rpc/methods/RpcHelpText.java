package dev.blocksmith.rpc.methods;

import java.util.List;

/**
 * Renders method help in bitcoind's layout: a synopsis line ("getblock \"blockhash\" ( verbosity )"),
 * the description, numbered arguments, the result and examples. {@code help} with no argument lists
 * only the synopsis lines.
 */
public final class RpcHelpText {
    /** The default RPC port in the curl example, as bitcoind's help uses the mainnet port. */
    private static final String EXAMPLE_URL = "http://127.0.0.1:8332/";

    private RpcHelpText() {}

    public static String render(RpcMethod method) {
        StringBuilder out = new StringBuilder();
        out.append(synopsis(method)).append("\n\n");
        out.append(method.description().strip()).append('\n');
        List<RpcParamSpec> visible = method.params().stream().filter(p -> !p.hidden()).toList();
        if (!visible.isEmpty()) {
            out.append("\nArguments:\n");
            for (int i = 0; i < visible.size(); i++) {
                RpcParamSpec p = visible.get(i);
                out.append(i + 1).append(". ").append(p.name()).append("    (").append(p.type().helpName());
                if (p.required()) {
                    out.append(", required");
                } else if (p.defaultHint().isPresent()) {
                    out.append(", optional, default=").append(p.defaultHint().get());
                } else {
                    out.append(", optional");
                }
                out.append(") ").append(p.description()).append('\n');
            }
        }
        out.append("\nResult:\n").append(method.resultHelp().strip()).append('\n');
        out.append("\nExamples:\n");
        for (RpcMethod.HelpExample example : method.examples()) {
            String args = example.cliArgs().isEmpty() ? "" : " " + example.cliArgs();
            out.append("> blocksmith cli ").append(method.name()).append(args).append('\n');
            // A command-line example only (bitcoind's HelpExampleCli alone).
            if (example.jsonParams() == null) continue;
            out.append("> curl --user myusername --data-binary '{\"jsonrpc\": \"2.0\", \"id\": \"curltest\", \"method\": \"")
                    .append(method.name()).append("\", \"params\": ").append(example.jsonParams())
                    .append("}' -H 'content-type: application/json' ").append(EXAMPLE_URL).append('\n');
        }
        return out.toString().stripTrailing();
    }

    /**
     * The one-line usage: string arguments quoted, optional arguments from the first optional one
     * on grouped in "( ... )".
     */
    public static String synopsis(RpcMethod method) {
        StringBuilder out = new StringBuilder(method.name());
        boolean inOptional = false;
        for (RpcParamSpec p : method.params()) {
            if (p.hidden()) continue;
            if (!p.required() && !inOptional) {
                out.append(" (");
                inOptional = true;
            }
            out.append(' ').append(oneLine(p));
        }
        if (inOptional) out.append(" )");
        return out.toString();
    }

    private static String oneLine(RpcParamSpec p) {
        if (p.synopsis().isPresent()) return p.synopsis().get();
        return switch (p.type()) {
            case STR, STR_HEX -> "\"" + p.name() + "\"";
            case ARR -> "[" + p.name() + ",...]";
            case OBJ, OBJ_USER_KEYS -> "{" + p.name() + "}";
            default -> p.name();
        };
    }
}
