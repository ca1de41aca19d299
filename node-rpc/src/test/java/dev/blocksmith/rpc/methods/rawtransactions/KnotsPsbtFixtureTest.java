package dev.blocksmith.rpc.methods.rawtransactions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.blocksmith.core.params.Networks;
import dev.blocksmith.core.testsupport.VectorReport;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcRequest;
import dev.blocksmith.rpc.schema.OpenRpcSchema;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * PSBTs made, signed and combined by bitcoind (Knots 29.4 fixtures, psbt/README.md): decodepsbt,
 * analyzepsbt and finalizepsbt here must print exactly what bitcoind printed for each, combinepsbt must
 * give bitcoind's bytes, and every result must fit bitcoind 30's OpenRPC schema.
 */
class KnotsPsbtFixtureTest {
    private final RpcMethod decode = new DecodePsbtMethod(Networks.REGTEST);
    private final RpcMethod analyze = new AnalyzePsbtMethod();
    private final RpcMethod finalize = new FinalizePsbtMethod();
    private final RpcMethod combine = new CombinePsbtMethod();

    static JsonNode resource(String name) {
        try (InputStream in = KnotsPsbtFixtureTest.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalArgumentException("missing " + name);
            return RpcJson.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)).orElseThrow();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode call(RpcMethod m, Object... params) throws RpcException {
        ArrayNode args = RpcJson.array();
        for (Object p : params) args.add(RpcJson.mapper().valueToTree(p));
        return m.execute(new RpcRequest(m.name(), args, m.params(), Optional.empty(), "test"));
    }

    private void compare(VectorReport report, String label, String method, JsonNode ours, JsonNode bitcoind) {
        String a = RpcJson.write(ours);
        String b = RpcJson.write(bitcoind);
        report.check(a.equals(b), label + " " + method + "\n  ours:     " + a + "\n  bitcoind: " + b);
        List<String> schema = OpenRpcSchema.validateResult(method, ours);
        report.check(schema.isEmpty(), label + " " + method + " schema: " + schema);
    }

    @Test
    void flowsMatchBitcoind() throws Exception {
        JsonNode root = resource("/psbt/knots/flows.json");
        VectorReport report = new VectorReport("psbt/knots/flows.json");
        Map<String, String> byName = new HashMap<>();
        for (JsonNode c : root.get("psbts")) {
            String name = c.get("name").asText();
            String psbt = c.get("psbt").asText();
            byName.put(name, psbt);
            compare(report, name, "decodepsbt", call(decode, psbt), c.get("decodepsbt"));
            compare(report, name, "analyzepsbt", call(analyze, psbt), c.get("analyzepsbt"));
            compare(report, name, "finalizepsbt", call(finalize, psbt), c.get("finalizepsbt"));
            compare(report, name, "finalizepsbt", call(finalize, psbt, false), c.get("finalizepsbt_noextract"));
        }
        for (JsonNode c : root.get("combined")) {
            List<String> inputs = RpcJson.mapper().convertValue(c.get("inputs"), RpcJson.mapper().getTypeFactory()
                    .constructCollectionType(List.class, String.class));
            JsonNode ours = call(combine, inputs.stream().map(byName::get).toList());
            compare(report, c.get("name").asText(), "combinepsbt", ours, c.get("combinepsbt"));
        }
        report.finish();
    }

    @Test
    void everyFieldPsbtDecodesAsBitcoindDecodesIt() throws Exception {
        JsonNode root = resource("/psbt/knots/every-field.json");
        VectorReport report = new VectorReport("psbt/knots/every-field.json");
        String psbt = root.get("psbt").asText();
        compare(report, "every field", "decodepsbt", call(decode, psbt), root.get("decodepsbt"));
        compare(report, "every field", "analyzepsbt", call(analyze, psbt), root.get("analyzepsbt"));
        compare(report, "every field", "combinepsbt", call(combine, List.of(psbt)), root.get("combinepsbt"));
        report.finish();
    }

    @Test
    void bipVectorsDecodeAsBitcoindDecodesThem() throws Exception {
        JsonNode root = resource("/psbt/knots/bip-vectors-decoded.json");
        VectorReport report = new VectorReport("psbt/knots/bip-vectors-decoded.json");
        for (JsonNode c : root.get("cases")) {
            String label = c.get("file").asText() + ": " + c.get("description").asText();
            compare(report, label, "decodepsbt", call(decode, c.get("psbt").asText()), c.get("decodepsbt"));
            compare(report, label, "analyzepsbt", call(analyze, c.get("psbt").asText()), c.get("analyzepsbt"));
        }
        report.finish();
        assertThat(root.get("cases")).isNotEmpty();
    }
}
