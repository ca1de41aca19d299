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

    /** bitcoind's GetDesirableServiceFlags: a limited peer is enough only while our tip is under 144 blocks old. */
    @Test
    void limitedPeersAreDesirableOnlyNearTheTip() {
        long limited = ServiceFlags.NODE_NETWORK_LIMITED | ServiceFlags.NODE_WITNESS;
        long full = ServiceFlags.NODE_NETWORK | ServiceFlags.NODE_WITNESS;
        assertThat(ServiceFlags.desirable(limited, 143)).isEqualTo(limited);
        assertThat(ServiceFlags.desirable(limited, 144)).isEqualTo(full);
        assertThat(ServiceFlags.desirable(ServiceFlags.NODE_WITNESS, 0)).isEqualTo(full);
        assertThat(ServiceFlags.desirable(0, 0)).isEqualTo(full);
    }
}
