package dev.blocksmith.rpc.methods.control;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.methods.RpcCategory;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code echo} and {@code echojson}: return the arguments unchanged, for testing. They differ only
 * in the client: {@code blocksmith cli} parses echojson's arguments as JSON and echo's as strings.
 */
public final class EchoMethod implements RpcMethod {
    private static final List<RpcParamSpec> ARGS;

    static {
        List<RpcParamSpec> args = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            // bitcoind declares them strings but skips the type check: any value comes back as given.
            args.add(RpcParamSpec.optional("arg" + i, RpcParamType.STR, "").withoutTypeCheck());
        }
        ARGS = List.copyOf(args);
    }

    private final String name;

    private EchoMethod(String name) {
        this.name = name;
    }

    public static EchoMethod echo() {
        return new EchoMethod("echo");
    }

    public static EchoMethod echoJson() {
        return new EchoMethod("echojson");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public RpcCategory category() {
        return RpcCategory.HIDDEN;
    }

    @Override
    public List<RpcParamSpec> params() {
        return ARGS;
    }

    @Override
    public String description() {
        return """
                Simply echo back the input arguments. This command is for testing.

                The difference between echo and echojson is that echojson has argument conversion enabled in the \
                client-side table in blocksmith cli. There is no server-side difference.""";
    }

    @Override
    public String resultHelp() {
        return "any    (any) Returns whatever was passed in";
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        // bitcoind's echo carries a CHECK_NONFATAL on arg9, so tests can see how an internal bug is reported.
        JsonNode arg9 = request.arg("arg9").json();
        if (arg9.isTextual() && arg9.textValue().equals("trigger_internal_bug")) {
            throw RpcException.internalBug("request.params[9].get_str() != \"trigger_internal_bug\"", "EchoMethod.execute");
        }
        return request.positionalArguments();
    }
}
