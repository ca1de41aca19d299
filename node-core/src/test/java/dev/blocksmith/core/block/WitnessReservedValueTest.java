package dev.blocksmith.core.block;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blocksmith.core.params.Networks;
import java.util.List;
import org.junit.jupiter.api.Test;

class WitnessReservedValueTest {
    @Test
    void aBlockWithoutTransactionsIsLeftForItsOwnChecks() {
        Block empty = new Block(Networks.REGTEST.genesis().header(), List.of());
        assertThat(empty.withDefaultWitnessReservedValue()).isSameAs(empty);
    }

    @Test
    void aCoinbaseWithoutCommitmentIsLeftAsItIs() {
        Block genesis = Networks.REGTEST.genesis();
        assertThat(genesis.withDefaultWitnessReservedValue()).isSameAs(genesis);
    }
}
