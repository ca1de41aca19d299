package dev.blocksmith.core.index;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.chain.BlockIndex;
import dev.blocksmith.core.chain.BlockUndo;
import dev.blocksmith.core.chain.Coin;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxOut;
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

    /**
     * How the false-positive check reads a candidate block and its undo data. Like bitcoind's GetBlockChecked and
     * GetUndoChecked it fails (with {@code E}) where they are not available, e.g. pruned: the scan then fails rather
     * than answer without having checked the block.
     */
    public interface BlockReader<E extends Exception> {
        Block block(BlockIndex index) throws E;

        BlockUndo undo(BlockIndex index) throws E;
    }

    private final BlockFilterIndex index;

    public BlockFilterScan(BlockFilterIndex index) {
        this.index = index;
    }

    /**
     * @param filterFalsePositives check each block the filter matches against the block itself ({@code blocks} reads
     *     it), dropping the filter's false positives
     */
    public <E extends Exception> Result scan(BlockIndex start, BlockIndex stop, Collection<byte[]> needles,
                                             boolean filterFalsePositives, BlockReader<E> blocks,
                                             BooleanSupplier abort, Progress progress) throws E {
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
                if (filterFalsePositives && !blockMatches(blocks, block, needleSet)) continue;
                relevant.add(block.hash());
            }
            last = end;
            progress.update(total > 0 ? (int) (100.0 / total * (end - from)) : 100, end);
            if (end == stop.height()) break;
            next = end + 1;
        }
        return new Result(from, last, relevant, completed);
    }

    /**
     * bitcoind's CheckBlockFilterMatches: an output of the block, or a coin one of its inputs spends (from the undo
     * data), pays to one of the needles. Every script counts here, also those the filter leaves out (OP_RETURN).
     */
    private static <E extends Exception> boolean blockMatches(BlockReader<E> blocks, BlockIndex index,
                                                              Set<ByteBuffer> needles) throws E {
        Block block = blocks.block(index);
        BlockUndo undo = blocks.undo(index);
        for (Transaction tx : block.transactions()) {
            for (TxOut out : tx.outputs()) {
                if (needles.contains(ByteBuffer.wrap(out.scriptPubKey().bytes()))) return true;
            }
        }
        for (List<Coin> spent : undo.spentByTx()) {
            for (Coin coin : spent) {
                if (needles.contains(ByteBuffer.wrap(coin.output().scriptPubKey().bytes()))) return true;
            }
        }
        return false;
    }
}
