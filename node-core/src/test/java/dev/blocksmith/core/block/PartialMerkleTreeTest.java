package dev.blocksmith.core.block;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blocksmith.core.primitives.ByteReader;
import dev.blocksmith.core.primitives.ByteWriter;
import dev.blocksmith.core.primitives.Sha256Hash;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** BIP37 partial merkle trees, checked as bitcoind's pmt_tests do: build, serialize, extract, compare roots. */
class PartialMerkleTreeTest {
    private static List<Sha256Hash> txids(Random rnd, int n) {
        List<Sha256Hash> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] b = new byte[32];
            rnd.nextBytes(b);
            out.add(Sha256Hash.wrap(b));
        }
        return out;
    }

    private static PartialMerkleTree roundTrip(PartialMerkleTree t) {
        ByteWriter w = new ByteWriter();
        t.write(w);
        return PartialMerkleTree.read(new ByteReader(w.toByteArray()));
    }

    @Test
    void everySizeAndMatchDensityRecomputesTheRootAndTheMatches() {
        Random rnd = new Random(37);
        for (int n : new int[] {1, 4, 7, 17, 56, 100, 127, 256, 312, 513, 1000, 4095}) {
            List<Sha256Hash> txids = txids(rnd, n);
            Sha256Hash root = MerkleTree.root(txids);
            for (int density = 0; density < 8; density++) {
                BitSet matches = new BitSet();
                List<Sha256Hash> expected = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    if (rnd.nextInt(1 << density) == 0) {
                        matches.set(i);
                        expected.add(txids.get(i));
                    }
                }
                PartialMerkleTree built = PartialMerkleTree.build(txids, matches);
                PartialMerkleTree read = roundTrip(built);
                PartialMerkleTree.Extraction e = read.extract().orElseThrow();
                assertThat(e.root()).isEqualTo(root);
                assertThat(e.matches()).isEqualTo(expected);
                assertThat(e.positions()).containsExactlyElementsOf(matches.stream().boxed().toList());
                // A flipped flag bit must change what the proof commits to, never recompute the root.
                int bit = rnd.nextInt(built.bitCount()); // a used bit, not byte padding
                BitSet flipped = (BitSet) read.bits().clone();
                flipped.flip(bit);
                PartialMerkleTree bad = new PartialMerkleTree(read.transactionCount(), read.hashes(), flipped, read.bitCount());
                bad.extract().ifPresent(x -> assertThat(x.root().equals(root) && x.matches().equals(expected)).isFalse());
            }
        }
    }

    @Test
    void aDuplicatedRightBranchIsRefused() {
        // CVE-2012-2459: six transactions whose last two are identical would share the root of five.
        List<Sha256Hash> txids = txids(new Random(1), 5);
        List<Sha256Hash> six = new ArrayList<>(txids);
        six.add(txids.get(4));
        BitSet all = new BitSet();
        all.set(0, 6);
        assertThat(PartialMerkleTree.build(six, all).extract()).isEmpty();
    }

    @Test
    void malformedTreesAreRefused() {
        List<Sha256Hash> txids = txids(new Random(2), 9);
        BitSet one = new BitSet();
        one.set(3);
        PartialMerkleTree t = PartialMerkleTree.build(txids, one);
        assertThat(new PartialMerkleTree(0, t.hashes(), t.bits(), t.bitCount()).extract()).isEmpty();
        assertThat(new PartialMerkleTree(9, t.hashes().subList(1, t.hashes().size()), t.bits(), t.bitCount()).extract()).isEmpty();
        List<Sha256Hash> extra = new ArrayList<>(t.hashes());
        extra.add(Sha256Hash.ZERO);
        assertThat(new PartialMerkleTree(9, extra, t.bits(), t.bitCount()).extract()).isEmpty();
        assertThat(new PartialMerkleTree(9, t.hashes(), t.bits(), t.bitCount() + 8).extract()).isEmpty();
        assertThat(new PartialMerkleTree(PartialMerkleTree.MAX_TRANSACTIONS + 1, t.hashes(), t.bits(), t.bitCount())
                .extract()).isEmpty();
    }
}
