package dev.blocksmith.core.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.params.Networks;
import dev.blocksmith.core.primitives.Hex;
import dev.blocksmith.core.store.MemoryKeyValueStore;
import dev.blocksmith.core.testing.RejectSpendsVerifier;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** BIP325 block signatures through block acceptance, with real default-signet blocks. */
class SignetChainTest {
    private static final long NOW = 1_700_000_000L;

    private static List<Block> blocks() throws Exception {
        try (InputStream in = SignetChainTest.class.getResourceAsStream("/signet/default-signet-blocks-1-3.hex")) {
            List<Block> out = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                if (!line.isBlank()) out.add(Block.fromHex(line.trim()));
            }
            return out;
        }
    }

    private static ChainManager open(NetworkParams params) {
        return ChainManager.open(params, new MemoryKeyValueStore(), new RejectSpendsVerifier(), ChainOptions.defaults(), () -> NOW);
    }

    @Test
    void theDefaultSignetAcceptsItsRealBlocks() throws Exception {
        ChainManager cm = open(Networks.SIGNET);
        for (Block b : blocks()) cm.processBlock(b);
        assertThat(cm.tip().height()).isEqualTo(3);
    }

    @Test
    void anotherChallengeRefusesThemAsBadSignetBlksigAndKeepsNoHeader() throws Exception {
        String twoOfTwo = "52" + Networks.DEFAULT_SIGNET_CHALLENGE.substring(2);
        ChainManager cm = open(Networks.signet(Optional.of(Hex.decode(twoOfTwo)), Optional.empty()));
        Block first = blocks().get(0);
        assertThatThrownBy(() -> cm.processBlock(first)).hasFieldOrPropertyWithValue("reason", "bad-signet-blksig");
        assertThat(cm.tip().height()).isZero();
        assertThat(cm.index(first.hash())).isEmpty();
        // Its header alone is acceptable: bitcoind checks the signature only with the block.
        cm.processHeader(first.header());
        assertThatThrownBy(() -> cm.processBlock(first)).hasFieldOrPropertyWithValue("reason", "bad-signet-blksig");
        assertThat(cm.tip().height()).isZero();
    }
}
