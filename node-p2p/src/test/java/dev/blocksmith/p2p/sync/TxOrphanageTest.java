package dev.blocksmith.p2p.sync;

import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.core.tx.TxOut;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** bitcoind 30's orphanage: no fixed count, announcers, erasure by peer and by block, DoS-score trimming. */
class TxOrphanageTest {
    private static Transaction spending(Sha256Hash parent, int index, int tag) {
        return new Transaction(2, List.of(new TxIn(new OutPoint(parent, index), Script.of(new byte[]{0x51}), TxIn.SEQUENCE_FINAL)),
                List.of(new TxOut(1000 + tag, Script.of(new byte[]{0x51}))), 0);
    }

    private static Sha256Hash hash(int n) {
        return Sha256Hash.fromHex(String.format("%064x", n + 1));
    }

    @Test
    void keepsMoreThanAHundredOrphansFromOnePeer() {
        TxOrphanage o = new TxOrphanage();
        for (int i = 0; i < 101; i++) o.add(spending(hash(i), 333, i), 0);
        o.limit();
        assertThat(o.size()).isEqualTo(101);
        assertThat(o.latencyScore()).isEqualTo(101);
    }

    @Test
    void anOrphanStaysWhileSomeAnnouncerIsConnected() {
        TxOrphanage o = new TxOrphanage();
        Transaction shared = spending(hash(1), 0, 1);
        Transaction onlyA = spending(hash(2), 0, 2);
        assertThat(o.add(shared, 7)).isTrue();
        assertThat(o.add(shared, 8)).isFalse(); // a second announcer, not a second orphan
        o.add(onlyA, 7);
        assertThat(o.view()).filteredOn(v -> v.tx().equals(shared)).singleElement()
                .satisfies(v -> assertThat(v.fromPeers()).containsExactly(7L, 8L));
        o.eraseForPeer(7);
        assertThat(o.contains(shared.wtxid())).isTrue();
        assertThat(o.contains(onlyA.wtxid())).isFalse();
        o.eraseForPeer(8);
        assertThat(o.size()).isZero();
        assertThat(o.latencyScore()).isZero();
    }

    @Test
    void aBlockRemovesOrphansItIncludesOrConflictsWith() {
        TxOrphanage o = new TxOrphanage();
        Sha256Hash parent = hash(9);
        Transaction included = spending(parent, 0, 1);
        Transaction conflicting = spending(parent, 1, 2);
        Transaction unrelated = spending(hash(10), 0, 3);
        o.add(included, 1);
        o.add(conflicting, 1);
        o.add(unrelated, 1);
        Transaction doubleSpend = spending(parent, 1, 99);
        o.eraseForBlock(List.of(included, doubleSpend));
        assertThat(o.view()).extracting(TxRelay.OrphanView::tx).containsExactly(unrelated);
    }

    @Test
    void childrenOfAParentAreFoundByItsOutputs() {
        TxOrphanage o = new TxOrphanage();
        Transaction parent = spending(hash(3), 0, 0);
        Transaction child = spending(parent.txid(), 0, 1);
        o.add(child, 4);
        assertThat(o.childrenOf(parent)).singleElement().satisfies(c -> {
            assertThat(c.tx()).isEqualTo(child);
            assertThat(c.peer()).isEqualTo(4);
        });
    }

    @Test
    void oneParentOneChildCandidatesComeFromTheSamePeerNewestFirst() {
        TxOrphanage o = new TxOrphanage();
        Transaction parent = spending(hash(5), 0, 0);
        Transaction older = spending(parent.txid(), 0, 1);
        Transaction newer = spending(parent.txid(), 0, 2);
        Transaction otherPeers = spending(parent.txid(), 0, 3);
        o.add(older, 4);
        o.add(otherPeers, 5);
        o.add(newer, 4);
        // Only peer 4's own children are candidates for a package with the parent peer 4 sent.
        assertThat(o.childrenFromSamePeer(parent, 4)).containsExactly(newer, older);
        assertThat(o.childrenFromSamePeer(parent, 5)).containsExactly(otherPeers);
        assertThat(o.childrenFromSamePeer(parent, 6)).isEmpty();
    }

    @Test
    void overTheGlobalScoreTheMostDemandingPeerLosesItsOldestFirst() {
        TxOrphanage o = new TxOrphanage();
        List<Transaction> spam = new ArrayList<>();
        // Peer 2 holds a few orphans; peer 1 floods past the global limit of 3000 announcements.
        Transaction modest = spending(hash(100_000), 0, 0);
        o.add(modest, 2);
        for (int i = 0; i < TxOrphanage.MAX_GLOBAL_LATENCY_SCORE + 10; i++) {
            Transaction t = spending(hash(i), 0, i);
            spam.add(t);
            o.add(t, 1);
        }
        o.limit();
        assertThat(o.latencyScore()).isLessThanOrEqualTo(TxOrphanage.MAX_GLOBAL_LATENCY_SCORE);
        assertThat(o.contains(modest.wtxid())).isTrue();
        assertThat(o.contains(spam.get(0).wtxid())).isFalse();
        assertThat(o.contains(spam.get(spam.size() - 1).wtxid())).isTrue();
    }
}
