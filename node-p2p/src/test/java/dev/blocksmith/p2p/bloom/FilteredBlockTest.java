package dev.blocksmith.p2p.bloom;

import dev.blocksmith.core.crypto.Hashes;
import dev.blocksmith.core.primitives.Sha256Hash;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** BIP37's partial merkle tree, built as bitcoind's CPartialMerkleTree. */
class FilteredBlockTest {
    private static Sha256Hash h(int i) {
        byte[] b = new byte[32];
        b[0] = (byte) i;
        return Sha256Hash.wrap(b);
    }

    private static Sha256Hash pair(Sha256Hash l, Sha256Hash r) {
        byte[] both = new byte[64];
        System.arraycopy(l.bytes(), 0, both, 0, 32);
        System.arraycopy(r.bytes(), 0, both, 32, 32);
        return Hashes.hash256(both);
    }

    @Test
    void threeTransactionsWithTheMiddleOneMatched() {
        List<Sha256Hash> txids = List.of(h(0), h(1), h(2));
        FilteredBlock.PartialMerkleTree t = FilteredBlock.PartialMerkleTree.build(txids, new boolean[]{false, true, false});
        assertThat(t.transactions()).isEqualTo(3);
        // Depth first: root (1), left pair (1), leaf 0 (0), leaf 1 (1), right pair pruned (0).
        assertThat(t.flags()).containsExactly(0b01011);
        assertThat(t.hashes()).containsExactly(h(0), h(1), pair(h(2), h(2)));
    }

    @Test
    void nothingMatchedIsJustTheRoot() {
        List<Sha256Hash> txids = List.of(h(0), h(1), h(2));
        FilteredBlock.PartialMerkleTree t = FilteredBlock.PartialMerkleTree.build(txids, new boolean[3]);
        assertThat(t.flags()).containsExactly(0);
        assertThat(t.hashes()).containsExactly(pair(pair(h(0), h(1)), pair(h(2), h(2))));
    }

    @Test
    void aSingleTransactionBlock() {
        FilteredBlock.PartialMerkleTree t = FilteredBlock.PartialMerkleTree.build(List.of(h(9)), new boolean[]{true});
        assertThat(t.flags()).containsExactly(1);
        assertThat(t.hashes()).containsExactly(h(9));
    }
}
