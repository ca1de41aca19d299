package dev.blocksmith.p2p.peer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EvictionTest {
    /** A localhost inbound peer as Core's p2p_eviction.py makes them: one network group, relaying transactions. */
    private static Eviction.Candidate peer(long id, long minPing, long lastBlock, long lastTx) {
        return new Eviction.Candidate(id, 1000 + id, minPing, lastBlock, lastTx, true, true, false, 7, false, true, "ipv4");
    }

    @Test
    void theProtectedPeersOfCoresEvictionTestStay() {
        // p2p_eviction.py: 4 peers that sent blocks, 5 slow ones, 4 that sent transactions (slow), 8 fast ones.
        List<Eviction.Candidate> c = new ArrayList<>();
        long id = 0;
        for (int i = 0; i < 4; i++) c.add(peer(id++, 100_000 + i, 5000 + i, 0));
        for (int i = 0; i < 5; i++) c.add(peer(id++, 100_500 + i, 0, 0));
        for (int i = 0; i < 4; i++) c.add(peer(id++, 101_000 + i, 0, 6000 + i));
        for (int i = 0; i < 8; i++) c.add(peer(id++, 300 + i, 0, 0));
        Set<Long> protectedIds = new java.util.HashSet<>(Set.of(0L, 1L, 2L, 3L, 9L, 10L, 11L, 12L));
        for (long f = 13; f < 21; f++) protectedIds.add(f);
        for (int round = 0; round < 20; round++) {
            java.util.Collections.shuffle(c, new java.util.Random(round));
            Optional<Eviction.Candidate> evicted = Eviction.select(c);
            assertThat(evicted).isPresent();
            assertThat(protectedIds).doesNotContain(evicted.get().id());
        }
    }

    /**
     * 25 peers: 4 in groups of their own keyed last (protected by netgroup), 8 fast (4-11), 4 that sent transactions
     * (12-15), 4 that sent blocks (16-19), and 5 plain ones (20-24, oldest first), of which ratio protection keeps the
     * 2 oldest.
     */
    private static List<Eviction.Candidate> crowd(long preferEvictId, long groupOf24) {
        List<Eviction.Candidate> c = new ArrayList<>();
        for (long id = 0; id < 25; id++) {
            long ping = id >= 4 && id < 12 ? 100 + id : Long.MAX_VALUE;
            long tx = id >= 12 && id < 16 ? 5000 + id : 0;
            long block = id >= 16 && id < 20 ? 6000 + id : 0;
            long group = id < 4 ? 1000 + id : id == 24 ? groupOf24 : 1;
            c.add(new Eviction.Candidate(id, 1000 + id, ping, block, tx, true, true, false, group, id == preferEvictId, false, "ipv4"));
        }
        return c;
    }

    @Test
    void theYoungestOfTheLargestGroupGoes() {
        assertThat(Eviction.select(crowd(-1, 1))).map(Eviction.Candidate::id).contains(24L);
        // Peer 24 alone in its group: the largest group is the other plain peers', whose youngest is 23.
        assertThat(Eviction.select(crowd(-1, 77))).map(Eviction.Candidate::id).contains(23L);
    }

    @Test
    void discouragedPeersGoFirstButAgeProtectionComesBefore() {
        assertThat(Eviction.select(crowd(22, 1))).map(Eviction.Candidate::id).contains(22L);
        // The oldest plain peer is protected by age even when discouraged.
        assertThat(Eviction.select(crowd(20, 1))).map(Eviction.Candidate::id).contains(24L);
    }

    @Test
    void nothingIsEvictedWhenAllAreProtected() {
        assertThat(Eviction.select(crowd(-1, 1).subList(0, 20))).isEmpty();
    }
}
