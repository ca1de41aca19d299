package dev.blocksmith.p2p.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.p2p.peer.ConnectionType;
import java.math.BigInteger;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OutboundChainSyncTest {
    private static final long T = 1_000_000_000L;
    private static final long TIMEOUT = OutboundChainSync.CHAIN_SYNC_TIMEOUT_MILLIS;
    private static final long RESPONSE = OutboundChainSync.HEADERS_RESPONSE_MILLIS;
    private static final ConnectionType FULL = ConnectionType.OUTBOUND_FULL_RELAY;

    private static Sha256Hash hash(int n) {
        byte[] b = new byte[32];
        b[0] = (byte) n;
        return Sha256Hash.wrap(b);
    }

    /** Block {@code height} of a chain with work 2 per block. */
    private static OutboundChainSync.Work tip(int height) {
        return new OutboundChainSync.Work(hash(height), hash(height - 1), BigInteger.valueOf(2L * (height + 1)));
    }

    private static Optional<BigInteger> work(int height) {
        return Optional.of(BigInteger.valueOf(2L * (height + 1)));
    }

    @Test
    void aSilentPeerIsAskedOnceThenEvicted() {
        OutboundChainSync s = new OutboundChainSync();
        assertThat(s.consider(1, FULL, true, Optional.empty(), tip(10), T)).isInstanceOf(OutboundChainSync.Decision.Keep.class);
        assertThat(s.consider(1, FULL, true, Optional.empty(), tip(10), T + TIMEOUT)).isInstanceOf(OutboundChainSync.Decision.Keep.class);
        OutboundChainSync.Decision ask = s.consider(1, FULL, true, Optional.empty(), tip(10), T + TIMEOUT + 1);
        assertThat(ask).isEqualTo(new OutboundChainSync.Decision.AskHeaders(hash(9), hash(10)));
        assertThat(s.consider(1, FULL, true, Optional.empty(), tip(10), T + TIMEOUT + 1 + RESPONSE))
                .isInstanceOf(OutboundChainSync.Decision.Keep.class);
        assertThat(s.consider(1, FULL, true, Optional.empty(), tip(10), T + TIMEOUT + 2 + RESPONSE))
                .isInstanceOf(OutboundChainSync.Decision.Evict.class);
    }

    @Test
    void keepingUpWithTheOldTipStartsANewPeriod() {
        OutboundChainSync s = new OutboundChainSync();
        s.consider(1, FULL, true, work(9), tip(10), T);
        // Past the period the peer is asked; it answers with block 10, the benchmark, while our tip is now 12.
        assertThat(s.consider(1, FULL, true, work(9), tip(12), T + TIMEOUT + 1)).isInstanceOf(OutboundChainSync.Decision.AskHeaders.class);
        assertThat(s.consider(1, FULL, true, work(10), tip(12), T + TIMEOUT + 2)).isInstanceOf(OutboundChainSync.Decision.Keep.class);
        // A new period against block 12: no eviction after the response time, a question after the full period.
        assertThat(s.consider(1, FULL, true, work(10), tip(12), T + TIMEOUT + 2 + RESPONSE + 1)).isInstanceOf(OutboundChainSync.Decision.Keep.class);
        assertThat(s.consider(1, FULL, true, work(10), tip(12), T + 2 * TIMEOUT + 3))
                .isEqualTo(new OutboundChainSync.Decision.AskHeaders(hash(11), hash(12)));
    }

    @Test
    void catchingUpClearsThePeriod() {
        OutboundChainSync s = new OutboundChainSync();
        s.consider(1, FULL, true, work(9), tip(10), T);
        assertThat(s.consider(1, FULL, true, work(10), tip(10), T + 1)).isInstanceOf(OutboundChainSync.Decision.Keep.class);
        // Behind again later: a fresh 20 minutes from then.
        assertThat(s.consider(1, FULL, true, work(10), tip(11), T + TIMEOUT + 5)).isInstanceOf(OutboundChainSync.Decision.Keep.class);
        assertThat(s.consider(1, FULL, true, work(10), tip(11), T + 2 * TIMEOUT + 5)).isInstanceOf(OutboundChainSync.Decision.Keep.class);
        assertThat(s.consider(1, FULL, true, work(10), tip(11), T + 2 * TIMEOUT + 6)).isInstanceOf(OutboundChainSync.Decision.AskHeaders.class);
    }

    @Test
    void fourFullRelayPeersAtOurTipAreProtected() {
        OutboundChainSync s = new OutboundChainSync();
        for (long id = 1; id <= 5; id++) s.headersConnected(id, FULL, work(10), BigInteger.valueOf(22));
        s.headersConnected(6, ConnectionType.BLOCK_RELAY_ONLY, work(10), BigInteger.valueOf(22));
        s.headersConnected(7, FULL, work(9), BigInteger.valueOf(22));
        assertThat(s.isProtected(4)).isTrue();
        assertThat(s.isProtected(5)).isFalse();
        assertThat(s.isProtected(6)).isFalse();
        assertThat(s.isProtected(7)).isFalse();
        for (int round = 0; round < 3; round++) {
            assertThat(s.consider(1, FULL, true, work(10), tip(20), T + round * (TIMEOUT + RESPONSE + 1)))
                    .isInstanceOf(OutboundChainSync.Decision.Keep.class);
        }
        // A protected peer leaving frees its slot.
        s.disconnected(1);
        s.headersConnected(5, FULL, work(10), BigInteger.valueOf(22));
        assertThat(s.isProtected(5)).isTrue();
    }

    @Test
    void onlyOutboundPeersWeSyncWithAreConsidered() {
        OutboundChainSync s = new OutboundChainSync();
        for (ConnectionType type : new ConnectionType[] {ConnectionType.INBOUND, ConnectionType.MANUAL, ConnectionType.FEELER,
                ConnectionType.ADDR_FETCH}) {
            s.consider(2, type, true, Optional.empty(), tip(10), T);
            assertThat(s.consider(2, type, true, Optional.empty(), tip(10), T + 10 * TIMEOUT)).isInstanceOf(OutboundChainSync.Decision.Keep.class);
        }
        s.consider(3, FULL, false, Optional.empty(), tip(10), T);
        assertThat(s.consider(3, FULL, false, Optional.empty(), tip(10), T + 10 * TIMEOUT)).isInstanceOf(OutboundChainSync.Decision.Keep.class);
        s.consider(4, ConnectionType.BLOCK_RELAY_ONLY, true, Optional.empty(), tip(10), T);
        assertThat(s.consider(4, ConnectionType.BLOCK_RELAY_ONLY, true, Optional.empty(), tip(10), T + TIMEOUT + 1))
                .isInstanceOf(OutboundChainSync.Decision.AskHeaders.class);
    }
}
