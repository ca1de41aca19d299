package dev.blocksmith.core.chain;

import dev.blocksmith.core.primitives.Sha256Hash;
import java.util.ArrayList;
import java.util.List;

/**
 * The blocks of the current best chain by height. Mutated only by the chain writer; readers take
 * {@link ChainTip} snapshots instead of holding on to this.
 */
final class ActiveChain {
    private final List<BlockIndex> blocks = new ArrayList<>();

    synchronized BlockIndex tip() {
        return blocks.isEmpty() ? null : blocks.get(blocks.size() - 1);
    }

    synchronized int height() {
        return blocks.size() - 1;
    }

    synchronized BlockIndex at(int height) {
        return height < 0 || height >= blocks.size() ? null : blocks.get(height);
    }

    synchronized boolean contains(BlockIndex idx) {
        return idx != null && at(idx.height()) == idx;
    }

    /** Makes {@code tip} the tip, rewriting the by-height list back to the fork point. */
    synchronized void setTip(BlockIndex tip) {
        if (tip == null) {
            blocks.clear();
            return;
        }
        while (blocks.size() > tip.height() + 1) blocks.remove(blocks.size() - 1);
        while (blocks.size() < tip.height() + 1) blocks.add(null);
        for (BlockIndex b = tip; b != null && blocks.get(b.height()) != b; b = b.prev()) {
            blocks.set(b.height(), b);
        }
    }

    /** The last block shared by this chain and the branch ending at {@code idx}. */
    synchronized BlockIndex findFork(BlockIndex idx) {
        if (idx == null) return null;
        BlockIndex b = idx.height() > height() ? idx.ancestor(height()) : idx;
        while (b != null && !contains(b)) b = b.prev();
        return b;
    }

    /** Block locator: the last 10 blocks, then exponentially sparser, always ending with genesis. */
    synchronized List<Sha256Hash> locator(BlockIndex from) {
        List<Sha256Hash> out = new ArrayList<>();
        int step = 1;
        BlockIndex b = from;
        while (b != null) {
            out.add(b.hash());
            if (b.height() == 0) break;
            int h = Math.max(b.height() - step, 0);
            b = contains(b) ? at(h) : b.ancestor(h);
            if (out.size() > 10) step *= 2;
        }
        return out;
    }
}
