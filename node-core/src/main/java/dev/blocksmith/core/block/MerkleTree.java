package dev.blocksmith.core.block;

import dev.blocksmith.core.crypto.Hashes;
import dev.blocksmith.core.primitives.Sha256Hash;
import java.util.List;

/** Bitcoin's merkle tree over txids or wtxids, with Core's mutation detection. */
public final class MerkleTree {
    private MerkleTree() {
    }

    /** Root and whether the tree was "mutated". */
    public record Result(Sha256Hash root, boolean mutated) {
    }

    /**
     * Computes the root. {@code mutated} is set when two identical adjacent hashes are paired at any
     * level (CVE-2012-2459): duplicating the last transactions of a block yields the same root, so a
     * block with such a pair is rejected as "bad-txns-duplicate" before it can poison the index.
     */
    public static Result compute(List<Sha256Hash> leaves) {
        if (leaves.isEmpty()) return new Result(Sha256Hash.ZERO, false);
        int n = leaves.size();
        byte[][] level = new byte[n + 1][]; // one spare slot: an odd level duplicates its last hash
        for (int i = 0; i < n; i++) level[i] = leaves.get(i).bytes();
        boolean mutated = false;
        byte[] buf = new byte[64];
        while (n > 1) {
            for (int i = 0; i + 1 < n; i += 2) {
                if (java.util.Arrays.equals(level[i], level[i + 1])) mutated = true;
            }
            if ((n & 1) != 0) {
                level[n] = level[n - 1];
                n++;
            }
            int m = n / 2;
            for (int i = 0; i < m; i++) {
                System.arraycopy(level[2 * i], 0, buf, 0, 32);
                System.arraycopy(level[2 * i + 1], 0, buf, 32, 32);
                level[i] = Hashes.sha256d(buf);
            }
            n = m;
        }
        return new Result(Sha256Hash.wrapOwned(level[0]), mutated);
    }

    public static Sha256Hash root(List<Sha256Hash> leaves) {
        return compute(leaves).root();
    }
}
