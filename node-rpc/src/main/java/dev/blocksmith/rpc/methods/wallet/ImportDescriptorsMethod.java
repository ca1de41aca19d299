package dev.blocksmith.rpc.methods.wallet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.JsonType;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.RpcParam;
import dev.blocksmith.rpc.methods.RpcParamSpec;
import dev.blocksmith.rpc.methods.RpcParamType;
import dev.blocksmith.rpc.methods.RpcRequest;
import dev.blocksmith.wallet.Wallet;
import dev.blocksmith.wallet.WalletManager;
import dev.blocksmith.wallet.imports.DescriptorImportRequest;
import dev.blocksmith.wallet.imports.DescriptorImportResult;
import dev.blocksmith.wallet.imports.ImportRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@code importdescriptors [{"desc","active","range","next_index","timestamp","internal","label"},...]}: one
 * result per request, {@code {success, warnings?, error?}}, then a rescan from the earliest timestamp of those
 * that succeeded. The JSON types of every request are checked first (bitcoind's type errors end the call),
 * so a malformed call imports nothing; checks that need the descriptor are per request, as bitcoind's.
 */
public final class ImportDescriptorsMethod extends WalletMethod {
    public ImportDescriptorsMethod(WalletManager manager) {
        super(manager);
    }

    @Override
    public String name() {
        return "importdescriptors";
    }

    @Override
    public List<RpcParamSpec> params() {
        return List.of(RpcParamSpec.required("requests", RpcParamType.ARR, "Data to be imported"));
    }

    @Override
    public String description() {
        return "Import descriptors. This will trigger a rescan of the blockchain based on the earliest timestamp of all descriptors being imported. Requires a new wallet backup.\n\n"
                + "Note: This call can take over an hour to complete if using an early timestamp; during that time, other rpc calls\n"
                + "may report that the imported keys, addresses or scripts exist but related transactions are still missing.";
    }

    @Override
    public String resultHelp() {
        return "[                              (json array) Response is an array with the same size as the input that has the execution result\n  {                            (json object)\n    \"success\" : true|false,    (boolean)\n    \"warnings\" : [             (json array, optional)\n      \"str\",                  (string)\n      ...\n    ],\n    \"error\" : {                (json object, optional)\n      \"code\" : n,              (numeric) JSONRPC error code\n      \"message\" : \"str\"        (string) JSONRPC error message\n    }\n  },\n  ...\n]";
    }

    @Override
    public List<HelpExample> examples() {
        return List.of(new HelpExample("'[{ \"desc\": \"<my descriptor>\", \"timestamp\":1455191478, \"internal\": true }]'",
                "[[{\"desc\": \"<my descriptor>\", \"timestamp\":1455191478, \"internal\": true}]]"));
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        Wallet w = WalletRpc.wallet(manager, request);
        List<DescriptorImportRequest> requests = new ArrayList<>();
        for (JsonNode r : request.arg("requests").asArray()) requests.add(decode(r));
        List<DescriptorImportResult> results = WalletRpc.call(() -> w.importDescriptors(requests, manager.chain(), manager.broadcaster()));
        ArrayNode out = RpcJson.array();
        for (DescriptorImportResult r : results) {
            ObjectNode o = out.addObject();
            o.put("success", r.success());
            if (r.error().isPresent()) {
                RpcException e = WalletRpc.toRpc(r.error().get());
                ObjectNode err = o.putObject("error");
                err.put("code", e.code().code());
                err.put("message", e.getMessage());
            }
            if (!r.warnings().isEmpty()) {
                ArrayNode warnings = o.putArray("warnings");
                r.warnings().forEach(warnings::add);
            }
        }
        return out;
    }

    /** One request's fields with bitcoind's type errors (which abort the whole call). */
    private static DescriptorImportRequest decode(JsonNode r) throws RpcException {
        JsonNode ts = r.path("timestamp");
        OptionalLong timestamp;
        if (ts.isMissingNode()) {
            throw RpcException.typeError("Missing required timestamp field for key");
        } else if (ts.isNumber()) {
            timestamp = OptionalLong.of(new RpcParam("timestamp", ts).asLong());
        } else if (ts.isTextual() && ts.textValue().equals("now")) {
            timestamp = OptionalLong.empty();
        } else {
            throw RpcException.typeError("Expected number or \"now\" timestamp value for key. got type " + JsonType.of(ts).uniValueName());
        }
        Optional<String> desc = r.has("desc") ? Optional.of(typed(r.get("desc"), JsonType.STRING).textValue()) : Optional.empty();
        boolean active = r.has("active") && typed(r.get("active"), JsonType.BOOL).booleanValue();
        Optional<String> label = r.has("label") ? Optional.of(typed(r.get("label"), JsonType.STRING).textValue()) : Optional.empty();
        Optional<Boolean> internal = r.has("internal") ? Optional.of(typed(r.get("internal"), JsonType.BOOL).booleanValue()) : Optional.empty();
        OptionalLong next = r.has("next_index") ? OptionalLong.of(new RpcParam("next_index", typed(r.get("next_index"), JsonType.NUMBER)).asLong())
                : OptionalLong.empty();
        Optional<ImportRange> range = r.has("range") ? Optional.of(range(r.get("range"))) : Optional.empty();
        return new DescriptorImportRequest(desc, active, range, next, timestamp, internal, label);
    }

    private static JsonNode typed(JsonNode v, JsonType type) throws RpcException {
        if (JsonType.of(v) != type) throw RpcException.typeError(JsonType.mismatchMessage(v, type));
        return v;
    }

    /** bitcoind's ParseDescriptorRange shapes: {@code end} or {@code [begin, end]}. */
    private static ImportRange range(JsonNode v) throws RpcException {
        if (v.isNumber()) return new ImportRange.Given(0, new RpcParam("range", v).asLong(), false);
        if (v.isArray() && v.size() == 2 && v.get(0).isNumber() && v.get(1).isNumber()) {
            return new ImportRange.Given(new RpcParam("range", v.get(0)).asLong(), new RpcParam("range", v.get(1)).asLong());
        }
        return new ImportRange.Malformed();
    }
}
