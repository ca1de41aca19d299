package dev.blocksmith.rpc.methods.mining;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.core.chain.ChainOptions;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.params.Networks;
import dev.blocksmith.core.primitives.Amount;
import dev.blocksmith.core.primitives.Hex;
import dev.blocksmith.core.store.MemoryKeyValueStore;
import dev.blocksmith.core.testing.RejectSpendsVerifier;
import dev.blocksmith.miner.BlockGenerator;
import dev.blocksmith.miner.template.BlockTemplateBuilder;
import dev.blocksmith.miner.template.TransactionSource;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.MethodRegistry;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcRequest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** getblocktemplate, getmininginfo on a custom signet, as bitcoind's. */
class SignetTemplateTest {
    private final NetworkParams params = Networks.signet(Optional.of(Hex.decode("51")), Optional.empty());
    private final ChainManager chain = ChainManager.open(params, new MemoryKeyValueStore(), new RejectSpendsVerifier(),
            ChainOptions.defaults(), () -> System.currentTimeMillis() / 1000);
    private final MethodRegistry registry = new MethodRegistry();

    SignetTemplateTest() {
        BlockTemplateBuilder templates = new BlockTemplateBuilder(chain, TransactionSource.empty(), BlockTemplateBuilder.DEFAULT_BLOCK_MAX_WEIGHT);
        MiningMethods.register(registry, new MiningContext(chain, templates, new BlockGenerator(chain, templates), () -> 0, () -> 0,
                txid -> Optional.empty()), Amount.ofSats(1));
    }

    private JsonNode call(String method, Object... params) throws RpcException {
        RpcMethod m = registry.find(method).orElseThrow();
        ArrayNode arr = RpcJson.array();
        for (Object p : params) arr.add(RpcJson.mapper().valueToTree(p));
        return m.execute(new RpcRequest(method, arr, m.params(), Optional.empty(), "test"));
    }

    @Test
    void theTemplateNeedsTheSignetRuleAndCarriesTheChallenge() throws Exception {
        assertThatThrownBy(() -> call("getblocktemplate", Map.of("rules", List.of("segwit"))))
                .hasMessageContaining("getblocktemplate must be called with the signet rule set (call with {\"rules\": [\"segwit\", \"signet\"]})");
        JsonNode t = call("getblocktemplate", Map.of("rules", List.of("segwit", "signet")));
        assertThat(t.get("rules").toString()).contains("\"!signet\"");
        assertThat(t.get("signet_challenge").asText()).isEqualTo("51");
        JsonNode info = call("getmininginfo");
        assertThat(info.get("chain").asText()).isEqualTo("signet");
        assertThat(info.get("signet_challenge").asText()).isEqualTo("51");
    }
}
