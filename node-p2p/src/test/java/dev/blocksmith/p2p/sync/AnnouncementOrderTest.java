package dev.blocksmith.p2p.sync;

import dev.blocksmith.core.mempool.RelayInfo;
import dev.blocksmith.core.primitives.Sha256Hash;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** bitcoind's CompareDepthAndScore as the order of one trickle's announcements. */
class AnnouncementOrderTest {
    private static TxRelay.Candidate candidate(String hashByte, long modifiedFee, int vsize, long ancestors) {
        return new TxRelay.Candidate(Sha256Hash.fromHex(hashByte.repeat(32)),
                new RelayInfo(null, modifiedFee, modifiedFee, vsize, ancestors, 1));
    }

    @Test
    void fewerAncestorsFirstThenHigherFeeRateThenHash() {
        TxRelay.Candidate child = candidate("01", 100_000, 100, 2);    // 1000 sat/vB but a child
        TxRelay.Candidate cheap = candidate("02", 100, 100, 1);        // 1 sat/vB
        TxRelay.Candidate rich = candidate("03", 5_000, 100, 1);       // 50 sat/vB
        TxRelay.Candidate richTwinB = candidate("05", 10_000, 200, 1); // also 50 sat/vB
        TxRelay.Candidate richTwinA = candidate("04", 10_000, 200, 1);
        List<TxRelay.Candidate> all = new ArrayList<>(List.of(child, cheap, richTwinB, rich, richTwinA));
        all.sort(TxRelay.Candidate.ANNOUNCEMENT_ORDER);
        assertThat(all).containsExactly(rich, richTwinA, richTwinB, cheap, child);
    }
}
