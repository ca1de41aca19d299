package dev.blocksmith.p2p.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blocksmith.core.primitives.Sha256Hash;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TxRequestTrackerTest {
    private static final long T = 1_000_000L;

    private static Sha256Hash hash(int n) {
        byte[] b = new byte[32];
        b[0] = (byte) n;
        b[1] = (byte) (n >> 8);
        return Sha256Hash.wrap(b);
    }

    private static List<Sha256Hash> due(TxRequestTracker t, long peer, long now) {
        return t.requestable(peer, now, new ArrayList<>()).stream().map(TxRequestTracker.Request::hash).toList();
    }

    @Test
    void anAnnouncementWaitsForItsTimeAndOnlyOnePeerIsAsked() {
        TxRequestTracker t = new TxRequestTracker(1, 2);
        t.receivedInv(1, hash(1), true, false, T + 2000);
        t.receivedInv(2, hash(1), true, false, T + 2000);
        assertThat(due(t, 1, T + 1999)).isEmpty();
        assertThat(due(t, 2, T + 1999)).isEmpty();
        List<Sha256Hash> one = due(t, 1, T + 2000);
        List<Sha256Hash> two = due(t, 2, T + 2000);
        // Exactly one of the two is the best announcer.
        assertThat(one.size() + two.size()).isEqualTo(1);
        long asked = one.isEmpty() ? 2 : 1;
        long other = 3 - asked;
        t.requested(asked, hash(1), T + 2000 + 60_000);
        assertThat(due(t, other, T + 2001)).isEmpty();
        assertThat(t.countInFlight(asked)).isEqualTo(1);
        // Unanswered for a minute: the request expires and the other peer is asked.
        List<TxRequestTracker.Expired> expired = new ArrayList<>();
        assertThat(t.requestable(other, T + 62_000, expired)).extracting(TxRequestTracker.Request::hash).containsExactly(hash(1));
        assertThat(expired).containsExactly(new TxRequestTracker.Expired(asked, hash(1), true));
    }

    @Test
    void notFoundAndDisconnectHandTheRequestToAnotherPeer() {
        TxRequestTracker t = new TxRequestTracker(3, 4);
        for (long p = 1; p <= 3; p++) t.receivedInv(p, hash(7), true, false, T);
        long first = firstDue(t, T, hash(7));
        t.requested(first, hash(7), T + 60_000);
        t.receivedResponse(first, hash(7));
        long second = firstDue(t, T + 1, hash(7));
        assertThat(second).isNotEqualTo(first);
        t.requested(second, hash(7), T + 60_001);
        t.disconnectedPeer(second);
        long third = firstDue(t, T + 2, hash(7));
        assertThat(third).isNotIn(first, second);
        // Once we have the transaction nobody is asked.
        t.forgetTxHash(hash(7));
        assertThat(t.size()).isZero();
    }

    private static long firstDue(TxRequestTracker t, long now, Sha256Hash h) {
        for (long p = 1; p <= 3; p++) if (due(t, p, now).contains(h)) return p;
        throw new AssertionError("nobody to ask for " + h);
    }

    @Test
    void preferredPeersAreAskedFirstWhenBothAreDue() {
        for (int seed = 0; seed < 20; seed++) {
            TxRequestTracker t = new TxRequestTracker(seed, seed * 31L);
            t.receivedInv(1, hash(seed), true, false, T);
            t.receivedInv(2, hash(seed), true, true, T);
            assertThat(due(t, 1, T)).isEmpty();
            assertThat(due(t, 2, T)).containsExactly(hash(seed));
        }
    }

    @Test
    void requestsComeInAnnouncementOrderAndAClockMovedBackDelaysAgain() {
        TxRequestTracker t = new TxRequestTracker(5, 6);
        for (int i = 10; i > 0; i--) t.receivedInv(1, hash(i), true, true, T);
        List<Sha256Hash> expected = new ArrayList<>();
        for (int i = 10; i > 0; i--) expected.add(hash(i));
        assertThat(due(t, 1, T)).isEqualTo(expected);
        assertThat(due(t, 1, T - 1)).isEmpty();
        // A repeated announcement changes nothing.
        t.receivedInv(1, hash(3), true, true, T + 100_000);
        assertThat(t.count(1)).isEqualTo(10);
        assertThat(due(t, 1, T)).hasSize(10);
    }

    @Test
    void completedHashesAreForgottenSoANewAnnouncementStartsAfresh() {
        TxRequestTracker t = new TxRequestTracker(7, 8);
        t.receivedInv(1, hash(9), false, true, T);
        t.requested(1, hash(9), T + 60_000);
        t.receivedResponse(1, hash(9));
        assertThat(t.tracks(hash(9))).isFalse();
        t.receivedInv(1, hash(9), false, true, T + 5);
        assertThat(t.requestable(1, T + 5, new ArrayList<>())).containsExactly(new TxRequestTracker.Request(hash(9), false));
    }
}
