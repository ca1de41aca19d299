package dev.blocksmith.p2p.peer;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceFlagsTest {
    /** bitcoind's serviceFlagsToStr, as rpc_net checks it for a peer offering bits 4 and 63. */
    @Test
    void namesEverySetBitInOrderUnknownOnesByNumber() {
        assertThat(ServiceFlags.names((1L << 4) | (1L << 63))).containsExactly("UNKNOWN[2^4]", "UNKNOWN[2^63]");
        assertThat(ServiceFlags.names(ServiceFlags.NODE_NETWORK | ServiceFlags.NODE_WITNESS | ServiceFlags.NODE_P2P_V2 | (1L << 24)))
                .containsExactly("NETWORK", "WITNESS", "P2P_V2", "UNKNOWN[2^24]");
        assertThat(ServiceFlags.names(0)).isEmpty();
    }
}
