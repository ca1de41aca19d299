package dev.blocksmith.core.index;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.chain.BlockIndex;
import dev.blocksmith.core.chain.BlockUndo;
import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.core.filter.BlockFilter;
import dev.blocksmith.core.primitives.Sha256Hash;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * scanblocks' search (bitcoind's): the blocks of the active chain between two heights whose basic filter matches any
 * of a set of scripts, optionally checked against the blocks themselves to drop the filter's false positives.
 */
public final class BlockFilterScan {
    /** bitcoind's amount_per_chunk: how many filters are looked up between abort checks and progress updates. */
    static final int CHUNK = 10_000;

    /** What a scan found; {@code completed} is false when it was aborted (toHeight is then the last block scanned). */
    public record Result(int fromHeight, int toHeight, List<Sha256Hash> relevantBlocks, boolean completed) {
        public Result {
            relevantBlocks = List.copyOf(relevantBlocks);
        }
    }

    /** Progress as scanblocks' status reports it. */
    public interface Progress {
        void update(int percent, int height);
    }

    private final ChainManager chain;
    private final BlockFilterIndex index;

    public BlockFilterScan(ChainManager chain, BlockFilterIndex index) {
        this.chain = chain;
        this.index = index;
    }

    public Result scan(BlockIndex start, BlockIndex stop, Collection<byte[]> needles, boolean filterFalsePositives,
                       BooleanSupplier abort, Progress progress) {
        List<byte[]> queries = List.copyOf(needles);
        Set<ByteBuffer> needleSet = new java.util.HashSet<>();
        for (byte[] n : queries) needleSet.add(ByteBuffer.wrap(n));
        List<Sha256Hash> relevant = new ArrayList<>();
        int from = start.height();
        int total = stop.height() - from;
        progress.update(0, from);
        int next = from;
        int last = from;
        boolean completed = true;
        while (true) {
            if (abort.getAsBoolean()) {
                completed = false;
                break;
            }
            int end = Math.min(next + CHUNK, stop.height());
            for (int h = next; h <= end; h++) {
                BlockIndex block = stop.ancestor(h);
                Optional<BlockFilterIndex.Entry> entry = index.entry(block.hash());
                if (entry.isEmpty()) continue;
                if (!entry.get().filter().set().matchAny(queries)) continue;
                if (filterFalsePositives && !blockMatches(block, needleSet)) continue;
                relevant.add(block.hash());
            }
            last = end;
            progress.update(total > 0 ? (int) (100.0 / total * (end - from)) : 100, end);
            if (end == stop.height()) break;
            next = end + 1;
        }
        return new Result(from, last, relevant, completed);
    }

    /** bitcoind's CheckBlockFilterMatches: the block's own filter elements hold one of the needles. */
    private boolean blockMatches(BlockIndex index, Set<ByteBuffer> needles) {
        Optional<Block> block = chain.block(index.hash());
        if (block.isEmpty()) return false;
        BlockUndo undo = index.height() == 0 ? new BlockUndo(List.of()) : chain.undo(index.hash()).orElse(new BlockUndo(List.of()));
        for (ByteBuffer e : BlockFilter.basicElements(block.get(), BlockFilter.spentScripts(undo))) {
            if (needles.contains(e)) return true;
        }
        return false;
    }
}
