package dev.blocksmith.rpc.methods.blockchain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.core.chain.ChainOptions;
import dev.blocksmith.core.params.Networks;
import dev.blocksmith.core.store.MemoryKeyValueStore;
import dev.blocksmith.core.testing.RejectSpendsVerifier;
import dev.blocksmith.core.testing.TestBlocks;
import dev.blocksmith.rpc.RpcErrorCode;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InvalidateBlockMethodTest {
    private static void call(RpcMethod m, String hash) throws RpcException {
        ArrayNode args = RpcJson.array();
        args.add(hash);
        assertThat(m.execute(new RpcRequest(m.name(), args, m.params(), Optional.empty(), "test")).isNull()).isTrue();
    }

    @Test
    void invalidateMovesTheTipOffAndReconsiderRestoresIt() throws Exception {
        ChainManager chain = ChainManager.open(Networks.REGTEST, new MemoryKeyValueStore(), new RejectSpendsVerifier(),
                ChainOptions.defaults(), () -> 1_700_000_000L);
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Block b = TestBlocks.nextBlock(Networks.REGTEST, chain.tip().index(), TestBlocks.p2wpkhScript(1), List.of(), 0, i);
            chain.processBlock(b);
            blocks.add(b);
        }
        long before = chain.utxoStats().txouts();
        call(InvalidateBlockMethod.invalidate(chain), blocks.get(2).hash().toHex());
        assertThat(chain.tip().height()).isEqualTo(2);
        assertThat(chain.utxoStats().txouts()).isEqualTo(2);
        call(InvalidateBlockMethod.reconsider(chain), blocks.get(2).hash().toHex());
        assertThat(chain.tip().hash()).isEqualTo(blocks.get(4).hash());
        assertThat(chain.utxoStats().txouts()).isEqualTo(before);
        assertThatThrownBy(() -> call(InvalidateBlockMethod.invalidate(chain), "11".repeat(32)))
                .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.code()).isEqualTo(RpcErrorCode.INVALID_ADDRESS_OR_KEY));
    }
}
