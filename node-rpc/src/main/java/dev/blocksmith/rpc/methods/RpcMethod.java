package dev.blocksmith.rpc.methods;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blocksmith.rpc.RpcException;
import java.util.List;

/**
 * One JSON-RPC method. Implementations are small classes, one per method, registered in a
 * {@link MethodRegistry}. {@link #execute} runs on an RPC worker thread, never on the network event
 * loop, and may block on chain or wallet state.
 */
public interface RpcMethod {
    /** The method name clients call, e.g. "getblockcount". */
    String name();

    RpcCategory category();

    /**
     * Declared arguments in positional order. The server maps named arguments onto them, rejects
     * calls with too few or too many arguments (replying with this method's help, as bitcoind does)
     * and rejects arguments of the wrong JSON type before {@link #execute} runs.
     */
    default List<RpcParamSpec> params() {
        return List.of();
    }

    /** What the method does: the paragraph after the synopsis line in help. */
    String description();

    /** The "Result:" section of help, in bitcoind's notation. */
    String resultHelp();

    /** Example argument lists for help, each as bitcoin-cli style words and as a JSON params array. */
    default List<HelpExample> examples() {
        return List.of(new HelpExample("", "[]"));
    }

    JsonNode execute(RpcRequest request) throws RpcException;

    /** Full help text as {@code help <name>} prints it. */
    default String help() {
        return RpcHelpText.render(this);
    }

    /**
     * One usage example.
     *
     * @param cliArgs    arguments as typed after the method name on the command line
     * @param jsonParams the same arguments as a JSON array for the curl example; null for a command-line example only
     */
    record HelpExample(String cliArgs, String jsonParams) {}
}
