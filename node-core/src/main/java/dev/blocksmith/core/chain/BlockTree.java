package dev.blocksmith.core.chain;

import dev.blocksmith.core.block.BlockHeader;
import dev.blocksmith.core.consensus.ValidationException;
import dev.blocksmith.core.primitives.Sha256Hash;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tree of every known header (bitcoind's BlockManager::m_block_index with ChainstateManager's candidate set and
 * best header): which blocks could become the tip, in which order of preference, and which are known invalid. It
 * reads and writes no storage: operations that change entries return them, and the caller writes them through
 * {@link ChainDb}. Mutated under the chain lock only; {@link #get}, {@link #size()} and {@link #bestHeader()} may be
 * read without it.
 */
final class BlockTree {
    private final Map<Sha256Hash, BlockIndex> entries = new ConcurrentHashMap<>();
    /**
     * Blocks with data whose every ancestor has data, not failed, at least as good as the tip (bitcoind's
     * setBlockIndexCandidates): most work first, then the one whose data came first (lowest sequence id).
     */
    private final TreeSet<BlockIndex> candidates = new TreeSet<>(
            Comparator.comparing(BlockIndex::chainWork).reversed().thenComparingLong(BlockIndex::sequenceId)
                    .thenComparing(BlockIndex::hash));
    /** Blocks with data waiting for an ancestor's data, keyed by that ancestor (bitcoind's m_blocks_unlinked). */
    private final Map<BlockIndex, List<BlockIndex>> unlinked = new HashMap<>();
    /** Why blocks failed, so whoever submits one again is told the same reason. */
    private final Map<Sha256Hash, ValidationException> failures = new ConcurrentHashMap<>();
    private volatile BlockIndex bestHeader;
    private long nextSequenceId = 1;
    /** preciousblock's counter: each call ranks its block before the previous one (bitcoind's nBlockReverseSequenceId). */
    private long nextPreciousSequenceId = -1;
    /** The tip's work at the last preciousblock; a longer chain since then resets the counter. */
    private BigInteger lastPreciousChainWork = BigInteger.ZERO;

    // ---------------------------------------------------------------- entries

    Optional<BlockIndex> get(Sha256Hash hash) {
        return Optional.ofNullable(entries.get(hash));
    }

    /** The entry of {@code hash}, or null (for the lookups that take a function, as assumevalid's). */
    BlockIndex getOrNull(Sha256Hash hash) {
        return entries.get(hash);
    }

    int size() {
        return entries.size();
    }

    /** Every entry (a live view: iterate under the chain lock). */
    Collection<BlockIndex> all() {
        return entries.values();
    }

    /** The known header with the most work that is not known invalid (bitcoind's m_best_header). */
    BlockIndex bestHeader() {
        return bestHeader;
    }

    /** Genesis, the root, which is valid, has data and is the first candidate. */
    BlockIndex addGenesis(BlockHeader header, int status, int txCount) {
        BlockIndex g = new BlockIndex(header, null, status, txCount, 0);
        entries.put(g.hash(), g);
        bestHeader = g;
        candidates.add(g);
        return g;
    }

    /** A new header whose parent is {@code prev} (bitcoind's AddToBlockIndex); the caller checked it. */
    BlockIndex addHeader(BlockHeader header, BlockIndex prev) {
        BlockIndex idx = new BlockIndex(header, prev, BlockStatus.VALID_HEADER, 0, nextSequenceId++);
        entries.put(idx.hash(), idx);
        raiseBestHeader(idx);
        return idx;
    }

    /**
     * Builds the entries of the stored block index, parents before children; an entry whose parent is missing is
     * skipped and returned (bitcoind's LoadBlockIndex). Entries already present are kept.
     */
    List<BlockIndex.Stored> load(Collection<BlockIndex.Stored> stored) {
        List<BlockIndex.Stored> byHeight = new ArrayList<>(stored);
        byHeight.sort(Comparator.comparingInt(BlockIndex.Stored::height));
        List<BlockIndex.Stored> orphans = new ArrayList<>();
        for (BlockIndex.Stored s : byHeight) {
            if (entries.containsKey(s.header().hash())) continue;
            BlockIndex prev = s.height() == 0 ? null : entries.get(s.header().prevHash());
            if (s.height() > 0 && prev == null) {
                orphans.add(s);
                continue;
            }
            BlockIndex idx = new BlockIndex(s.header(), prev, s.status(), s.txCount(), nextSequenceId++);
            idx.setDataSize(s.dataSize());
            idx.setUndoSize(s.undoSize());
            idx.setPositions(s.file(), s.dataPos(), s.undoPos());
            entries.put(idx.hash(), idx);
            if (!idx.isFailed() && (bestHeader == null || idx.chainWork().compareTo(bestHeader.chainWork()) > 0)) {
                bestHeader = idx;
            }
        }
        return orphans;
    }

    /** Forgets every entry (before loading the index again after the unclean-shutdown recovery rewrote it). */
    void clear() {
        entries.clear();
        candidates.clear();
        unlinked.clear();
        bestHeader = null;
        nextSequenceId = 1;
    }

    /** A new tip with more work than the best header becomes it. */
    void raiseBestHeader(BlockIndex idx) {
        if (bestHeader == null || idx.chainWork().compareTo(bestHeader.chainWork()) > 0) bestHeader = idx;
    }

    /** The most-work entry not known invalid, at least the tip (after entries were marked or cleared invalid). */
    void recomputeBestHeader(BlockIndex tip) {
        BlockIndex best = tip;
        for (BlockIndex idx : entries.values()) {
            if (!idx.isFailed() && idx.chainWork().compareTo(best.chainWork()) > 0) best = idx;
        }
        bestHeader = best;
    }

    /** Every entry with no known child, and the tip (getchaintips), highest first. */
    List<BlockIndex> tips(BlockIndex activeTip) {
        Set<BlockIndex> hasChild = new HashSet<>();
        for (BlockIndex idx : entries.values()) {
            if (idx.prev() != null) hasChild.add(idx.prev());
        }
        List<BlockIndex> tips = new ArrayList<>();
        for (BlockIndex idx : entries.values()) {
            if (!hasChild.contains(idx)) tips.add(idx);
        }
        if (!tips.contains(activeTip)) tips.add(activeTip);
        tips.sort(Comparator.comparingInt(BlockIndex::height).reversed());
        return tips;
    }

    // ---------------------------------------------------------------- candidate tips

    /**
     * Rebuilds the candidates and the blocks waiting for data from the entries (bitcoind after loading the index,
     * invalidateblock and reconsiderblock): every block with data all the way down to the active chain, not failed,
     * with at least the tip's work; the tip itself always.
     */
    void rebuildCandidates(ActiveChain chain) {
        candidates.clear();
        unlinked.clear();
        BlockIndex t = chain.tip();
        Set<BlockIndex> linked = new HashSet<>();
        List<BlockIndex> all = new ArrayList<>(entries.values());
        all.sort(Comparator.comparingInt(BlockIndex::height));
        for (BlockIndex idx : all) {
            if (idx.isFailed()) continue;
            // Blocks of the best chain are connected: pruning their data does not unlink what follows them.
            if (chain.contains(idx)) {
                linked.add(idx);
                continue;
            }
            if (!idx.haveData()) continue;
            boolean parentLinked = idx.prev() == null || linked.contains(idx.prev());
            if (parentLinked) {
                linked.add(idx);
                if (idx.chainWork().compareTo(t.chainWork()) >= 0) candidates.add(idx);
            } else if (idx.prev() != null) {
                unlinked.computeIfAbsent(idx.prev(), k -> new ArrayList<>()).add(idx);
            }
        }
        candidates.add(t);
    }

    /**
     * A block whose data just arrived becomes a candidate once all its ancestors have data, and so do the blocks
     * that waited for it (bitcoind's ReceivedBlockTransactions); otherwise it waits for its parent.
     */
    void linkReceived(BlockIndex idx, ActiveChain chain) {
        BlockIndex prev = idx.prev();
        boolean prevLinked = prev == null || candidates.contains(prev) || chain.contains(prev) || isLinked(prev, chain);
        if (!prevLinked) {
            unlinked.computeIfAbsent(prev, k -> new ArrayList<>()).add(idx);
            return;
        }
        BigInteger tipWork = chain.tip().chainWork();
        List<BlockIndex> queue = new ArrayList<>();
        queue.add(idx);
        while (!queue.isEmpty()) {
            BlockIndex b = queue.remove(queue.size() - 1);
            if (!b.isFailed() && b.chainWork().compareTo(tipWork) >= 0) candidates.add(b);
            List<BlockIndex> waiting = unlinked.remove(b);
            if (waiting != null) queue.addAll(waiting);
        }
    }

    private static boolean isLinked(BlockIndex b, ActiveChain chain) {
        for (BlockIndex w = b; w != null; w = w.prev()) {
            // Blocks of the best chain count as linked even when pruned: they are connected already.
            if (chain.contains(w)) return true;
            if (!w.haveData()) return false;
        }
        return true;
    }

    /** The most preferred candidate tip, if any. */
    Optional<BlockIndex> bestCandidate() {
        return candidates.isEmpty() ? Optional.empty() : Optional.of(candidates.first());
    }

    /** Whether {@code best} is preferred to the active {@code current} tip (see ChainManager's activation). */
    static boolean preferred(BlockIndex best, BlockIndex current, boolean earlierFirstAtEqualWork) {
        int more = best.chainWork().compareTo(current.chainWork());
        // Equal work only moves the tip to a block preciousblock ranked first (negative sequence id).
        return more > 0 || (more == 0 && (best.sequenceId() < 0 || earlierFirstAtEqualWork));
    }

    boolean isCandidate(BlockIndex idx) {
        return candidates.contains(idx);
    }

    /** {@code best} cannot be connected now: it stops being a candidate. */
    void dropCandidate(BlockIndex best) {
        candidates.remove(best);
    }

    /** {@code best} waits for the data of its ancestor {@code missing} (pruned) before it is a candidate again. */
    void awaitData(BlockIndex missing, BlockIndex best) {
        candidates.remove(best);
        unlinked.computeIfAbsent(missing, k -> new ArrayList<>()).add(best);
    }

    /** After the tip moved: candidates with less work than it go, and it is one (bitcoind's PruneBlockIndexCandidates). */
    void settleCandidates(BlockIndex tip) {
        candidates.removeIf(c -> c.chainWork().compareTo(tip.chainWork()) < 0);
        candidates.add(tip);
    }

    /** Pruned blocks must be downloaded again before their branch is considered (bitcoind's PruneOneBlockFile). */
    void forgetData(Collection<BlockIndex> pruned) {
        Set<BlockIndex> gone = new HashSet<>(pruned);
        candidates.removeAll(gone);
        for (List<BlockIndex> waiting : unlinked.values()) waiting.removeAll(gone);
        unlinked.values().removeIf(List::isEmpty);
    }

    /**
     * bitcoind's PreciousBlock ordering: among chains of the tip's work, {@code idx} is ranked first, as if received
     * before every other; each later call ranks its block before the previous one, until the tip's work grows.
     * Returns false (nothing changed) for a block with less work than the tip.
     */
    boolean makePrecious(BlockIndex idx, BigInteger tipWork) {
        if (idx.chainWork().compareTo(tipWork) < 0) return false;
        if (tipWork.compareTo(lastPreciousChainWork) > 0) nextPreciousSequenceId = -1;
        lastPreciousChainWork = tipWork;
        boolean candidate = candidates.remove(idx);
        idx.setSequenceId(nextPreciousSequenceId);
        if (nextPreciousSequenceId > Integer.MIN_VALUE) nextPreciousSequenceId--;
        if (candidate) candidates.add(idx);
        return true;
    }

    // ---------------------------------------------------------------- invalidity

    /** Why {@code hash} failed, when it was marked invalid here with a reason. */
    Optional<ValidationException> failure(Sha256Hash hash) {
        return Optional.ofNullable(failures.get(hash));
    }

    /**
     * Marks {@code idx} invalid and every known descendant as having an invalid parent (bitcoind's InvalidBlockFound
     * and the failed-child marking), none a candidate any more; the best header moves off them. Returns the changed
     * entries for the caller to write.
     */
    List<BlockIndex> markInvalid(BlockIndex idx, ValidationException why, BlockIndex activeTip) {
        List<BlockIndex> changed = new ArrayList<>();
        idx.addStatus(BlockStatus.FAILED_VALID);
        failures.put(idx.hash(), why);
        candidates.remove(idx);
        changed.add(idx);
        for (BlockIndex other : entries.values()) {
            if (other != idx && other.height() > idx.height() && other.ancestor(idx.height()) == idx) {
                other.addStatus(BlockStatus.FAILED_CHILD);
                candidates.remove(other);
                changed.add(other);
            }
        }
        if (bestHeader.isFailed()) recomputeBestHeader(activeTip);
        return changed;
    }

    /**
     * reconsiderblock: clears the failure flags of {@code idx}, its descendants and its ancestors (bitcoind's
     * ResetBlockFailureFlags). Returns the changed entries; the caller rebuilds the candidates and the best header
     * once they are written.
     */
    List<BlockIndex> clearFailures(BlockIndex idx) {
        List<BlockIndex> changed = new ArrayList<>();
        for (BlockIndex other : entries.values()) {
            boolean related = (other.height() >= idx.height() && other.ancestor(idx.height()) == idx)
                    || idx.ancestor(other.height()) == other;
            if (related && other.isFailed()) {
                other.setStatus(other.status() & ~BlockStatus.FAILED_MASK);
                failures.remove(other.hash());
                changed.add(other);
            }
        }
        return changed;
    }
}
