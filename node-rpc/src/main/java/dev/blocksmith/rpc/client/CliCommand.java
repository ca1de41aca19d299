package dev.blocksmith.rpc.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.json.UniValueFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@code blocksmith cli METHOD ARGS...}: converts the arguments, calls the node and formats the
 * reply exactly like bitcoin-cli: a string result is printed raw, anything else as JSON indented by
 * two spaces, a null result prints nothing; an RPC error goes to stderr as
 * "error code: N\nerror message:\n..." with exit code |N|; client failures print "error: ..." and
 * exit with 1.
 */
public final class CliCommand {
    private final RpcClient client;
    private final CliArgumentConverter converter;

    public CliCommand(RpcClient client, CliArgumentConverter converter) {
        this.client = Objects.requireNonNull(client);
        this.converter = Objects.requireNonNull(converter);
    }

    /**
     * @param named {@code -named}: pass {@code name=value} arguments by name
     */
    public CliResult run(String method, List<String> args, boolean named) throws InterruptedException {
        try {
            if (named) return formatReply(client.callWithParamsJson(method, converter.namedJson(method, args)));
            return formatReply(client.call(method, converter.positional(method, args)));
        } catch (RpcClientException | IllegalArgumentException e) {
            return new CliResult(1, "", "error: " + e.getMessage() + "\n");
        }
    }

    /**
     * {@code blocksmith cli -generate ( nblocks maxtries )}: asks the wallet for a new address, mines
     * to it and prints {"address": ..., "blocks": [...]}, as bitcoin-cli -generate does.
     */
    public CliResult generate(List<String> args) throws InterruptedException {
        try {
            // bitcoin-cli asks for the address first: a wallet error (none loaded, none named) wins over bad arguments.
            ObjectNode newAddress = client.call("getnewaddress", RpcJson.array());
            if (isError(newAddress)) return formatReply(newAddress);
            if (args.size() > 2) {
                throw new IllegalArgumentException("too many arguments (maximum 2 for nblocks and maxtries)");
            }
            if (!args.isEmpty() && args.get(0).equals("0")) {
                throw new IllegalArgumentException("the first argument (number of blocks to generate, default: 1) "
                        + "must be an integer value greater than zero");
            }
            String address = newAddress.path("result").asText();
            List<String> full = new ArrayList<>();
            full.add(args.isEmpty() ? "1" : args.get(0));
            full.add(address);
            if (args.size() == 2) full.add(args.get(1));
            ObjectNode reply = client.call("generatetoaddress", converter.positional("generatetoaddress", full));
            // bitcoin-cli drops the error here and prints "blocks": null; reporting it is more useful.
            if (isError(reply)) return formatReply(reply);
            ObjectNode result = RpcJson.object();
            result.put("address", address);
            result.set("blocks", reply.path("result"));
            ObjectNode wrapped = RpcJson.object();
            wrapped.set("result", result);
            return formatReply(wrapped);
        } catch (RpcClientException | IllegalArgumentException e) {
            return new CliResult(1, "", "error: " + e.getMessage() + "\n");
        }
    }

    private static boolean isError(JsonNode reply) {
        JsonNode error = reply.path("error");
        return !error.isMissingNode() && !error.isNull();
    }

    /** bitcoin-cli's ParseResult/ParseError for one reply object. */
    public static CliResult formatReply(JsonNode reply) {
        JsonNode error = reply.path("error");
        if (error.isMissingNode() || error.isNull()) {
            JsonNode result = reply.path("result");
            if (result.isMissingNode() || result.isNull()) {
                return new CliResult(0, "", "");
            }
            String text = result.isTextual() ? result.textValue() : UniValueFormat.write(result, 2);
            return new CliResult(0, text + "\n", "");
        }
        String print;
        if (error.isObject()) {
            StringBuilder out = new StringBuilder();
            JsonNode code = error.path("code");
            JsonNode message = error.path("message");
            if (!code.isMissingNode() && !code.isNull()) {
                out.append("error code: ").append(code.isTextual() ? code.textValue() : code.toString()).append('\n');
            }
            if (message.isTextual()) {
                out.append("error message:\n").append(message.textValue());
            }
            if (code.isInt() && code.intValue() == RpcErrorCode.WALLET_NOT_SPECIFIED.code()) {
                out.append(" Or for the CLI, specify the \"-rpcwallet=<walletname>\" option before the command")
                        .append(" (run \"bitcoin-cli -h\" for help or \"bitcoin-cli listwallets\" to see which")
                        .append(" wallets are currently loaded).");
            }
            print = out.toString();
        } else {
            print = "error: " + error;
        }
        int exit = error.path("code").isIntegralNumber() ? Math.abs(error.path("code").intValue()) : 1;
        return new CliResult(exit, "", print.isEmpty() ? "" : print + "\n");
    }
}
