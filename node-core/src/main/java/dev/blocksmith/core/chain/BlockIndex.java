package dev.blocksmith.core.chain;

import dev.blocksmith.core.block.BlockHeader;
import dev.blocksmith.core.consensus.ConsensusLimits;
import dev.blocksmith.core.consensus.Difficulty;
import dev.blocksmith.core.primitives.ByteReader;
import dev.blocksmith.core.primitives.ByteWriter;
import dev.blocksmith.core.primitives.Sha256Hash;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * One node of the block tree: a header we accepted, its height, cumulative chain work and
 * validation status. Lives in memory for every known header (like Core's CBlockIndex) and is persisted
 * in the {@code block_index} segment. Status and tx count change only under the chain lock.
 */
public final class BlockIndex {
    private final BlockHeader header;
    private final Sha256Hash hash;
    private final BlockIndex prev;
    private final BlockIndex skip;
    private final int height;
    private final BigInteger chainWork;
    private volatile int status;
    private volatile int txCount;
    /** Bytes of the stored block and of its undo data, for the prune target (bitcoind counts file sizes). */
    private volatile int dataSize;
    private volatile int undoSize;
    /** The blk/rev file number and payload offsets of the block and its undo data (bitcoind's nFile, nDataPos, nUndoPos); 0 = none. */
    private volatile int file;
    private volatile int dataPos;
    private volatile int undoPos;
    /** Memo of {@link #chainTxCount()}; 0 until every block up to here has data. */
    private volatile long chainTxCount;
    /** Order of arrival, so that among equal-work tips the first seen wins (Core's nSequenceId). */
    private volatile long sequenceId;

    BlockIndex(BlockHeader header, BlockIndex prev, int status, int txCount, long sequenceId) {
        this.header = header;
        this.hash = header.hash();
        this.prev = prev;
        this.height = prev == null ? 0 : prev.height + 1;
        this.chainWork = (prev == null ? BigInteger.ZERO : prev.chainWork).add(Difficulty.work(header.bits()));
        this.status = status;
        this.txCount = txCount;
        this.sequenceId = sequenceId;
        this.skip = prev == null ? null : prev.ancestor(skipHeight(height));
    }

    public BlockHeader header() {
        return header;
    }

    public Sha256Hash hash() {
        return hash;
    }

    /** The parent, or null for genesis. */
    public BlockIndex prev() {
        return prev;
    }

    public int height() {
        return height;
    }

    public BigInteger chainWork() {
        return chainWork;
    }

    public int status() {
        return status;
    }

    void setStatus(int status) {
        this.status = status;
    }

    void addStatus(int flags) {
        this.status |= flags;
    }

    public boolean hasStatus(int flag) {
        return (status & flag) != 0;
    }

    public boolean isFailed() {
        return (status & BlockStatus.FAILED_MASK) != 0;
    }

    public boolean haveData() {
        return hasStatus(BlockStatus.HAVE_DATA);
    }

    public int txCount() {
        return txCount;
    }

    void setTxCount(int txCount) {
        this.txCount = txCount;
    }

    /** Serialized size of the block when it was stored (kept after pruning; 0 when never known). */
    public int dataSize() {
        return dataSize;
    }

    void setDataSize(int bytes) {
        dataSize = bytes;
    }

    /** Size of the block's undo data when it was written (0 when never known). */
    public int undoSize() {
        return undoSize;
    }

    void setUndoSize(int bytes) {
        undoSize = bytes;
    }

    /** Where the block is stored, while it has data. */
    public java.util.Optional<FlatFilePos> dataPos() {
        return haveData() && dataPos > 0 ? java.util.Optional.of(new FlatFilePos(file, dataPos)) : java.util.Optional.empty();
    }

    /** Where its undo data is stored, while it has some. */
    public java.util.Optional<FlatFilePos> undoPos() {
        return hasStatus(BlockStatus.HAVE_UNDO) && undoPos > 0 ? java.util.Optional.of(new FlatFilePos(file, undoPos)) : java.util.Optional.empty();
    }

    /** The blk/rev file number holding the block (meaningful while it has data). */
    public int file() {
        return file;
    }

    void setDataPos(FlatFilePos pos) {
        file = pos.file();
        dataPos = pos.pos();
        undoPos = 0;
    }

    void setUndoPos(FlatFilePos pos) {
        if (pos.file() != file) throw new IllegalArgumentException("undo data of " + this + " must go to rev file " + file);
        undoPos = pos.pos();
    }

    /** Pruned: no file position any more (bitcoind's PruneOneBlockFile). */
    void clearPositions() {
        file = 0;
        dataPos = 0;
        undoPos = 0;
    }

    void setPositions(int file, int dataPos, int undoPos) {
        this.file = file;
        this.dataPos = dataPos;
        this.undoPos = undoPos;
    }

    /** Bytes this block occupies now among stored blocks and undo data. */
    long storedBytes() {
        return (haveData() ? dataSize : 0) + (hasStatus(BlockStatus.HAVE_UNDO) ? undoSize : 0);
    }

    /**
     * Transactions in the chain up to and including this block (Core's m_chain_tx_count), or 0 while some
     * block of it has no data yet. Computed once per block and remembered, walking back only to the nearest
     * block that already knows its count, without recursion, so any height is fine.
     */
    public long chainTxCount() {
        long known = chainTxCount;
        if (known > 0) return known;
        ArrayDeque<BlockIndex> pending = new ArrayDeque<>();
        BlockIndex b = this;
        while (b != null && b.chainTxCount == 0) {
            if (b.txCount == 0) return 0;
            pending.push(b);
            b = b.prev;
        }
        long total = b == null ? 0 : b.chainTxCount;
        while (!pending.isEmpty()) {
            BlockIndex next = pending.pop();
            total += next.txCount;
            next.chainTxCount = total;
        }
        return total;
    }

    long sequenceId() {
        return sequenceId;
    }

    /** preciousblock: a negative id ranks this block before every other of equal work. */
    void setSequenceId(long id) {
        sequenceId = id;
    }

    public long time() {
        return header.time();
    }

    /** Median of the last 11 block times ending here (BIP113 median-time-past). */
    public long medianTimePast() {
        long[] times = new long[ConsensusLimits.MEDIAN_TIME_SPAN];
        int n = 0;
        for (BlockIndex b = this; b != null && n < times.length; b = b.prev) {
            times[n++] = b.time();
        }
        Arrays.sort(times, 0, n);
        return times[n / 2];
    }

    /** The ancestor at {@code h} (this block when h == height), or null if h is out of range. */
    public BlockIndex ancestor(int h) {
        if (h > height || h < 0) return null;
        BlockIndex walk = this;
        int hw = height;
        while (hw > h) {
            int hSkip = skipHeight(hw);
            int hSkipPrev = skipHeight(hw - 1);
            if (walk.skip != null && (hSkip == h || (hSkip > h && !(hSkipPrev < hSkip - 2 && hSkipPrev >= h)))) {
                walk = walk.skip;
                hw = hSkip;
            } else {
                walk = walk.prev;
                hw--;
            }
        }
        return walk;
    }

    /** Core's skip-list target: lets ancestor lookups take O(log n) steps. */
    private static int skipHeight(int h) {
        if (h < 2) return 0;
        return (h & 1) != 0 ? invertLowestOne(invertLowestOne(h - 1)) + 1 : invertLowestOne(h);
    }

    private static int invertLowestOne(int n) {
        return n & (n - 1);
    }

    /**
     * Persisted form: header, height, status, tx count, the block and undo sizes, then the file number and the
     * block and undo offsets (chain work is recomputed on load). Entries written before the sizes existed end after
     * the tx count; entries of the RocksDB block storage (schema 1) end after the sizes.
     */
    byte[] serialize() {
        return stored().serialize();
    }

    Stored stored() {
        return new Stored(header, height, status, txCount, dataSize, undoSize, file, dataPos, undoPos);
    }

    record Stored(BlockHeader header, int height, int status, int txCount, int dataSize, int undoSize,
                  int file, int dataPos, int undoPos) {
        byte[] serialize() {
            ByteWriter w = new ByteWriter(112);
            header.write(w);
            w.i32le(height).i32le(status).i32le(txCount).i32le(dataSize).i32le(undoSize);
            w.i32le(file).i32le(dataPos).i32le(undoPos);
            return w.toByteArray();
        }

        /** This entry with its block and undo data gone (pruning's change, see {@link BlockPruner}). */
        Stored pruned() {
            return new Stored(header, height, status & ~(BlockStatus.HAVE_DATA | BlockStatus.HAVE_UNDO), txCount, dataSize,
                    undoSize, 0, 0, 0);
        }

        Stored withStatus(int newStatus) {
            return new Stored(header, height, newStatus, txCount, dataSize, undoSize, file, dataPos, undoPos);
        }
    }

    static Stored deserialize(byte[] bytes) {
        ByteReader r = new ByteReader(bytes);
        BlockHeader header = BlockHeader.read(r);
        int height = r.i32le();
        int status = r.i32le();
        int txCount = r.i32le();
        int dataSize = r.remaining() >= 8 ? r.i32le() : 0;
        int undoSize = r.remaining() >= 4 ? r.i32le() : 0;
        int file = r.remaining() >= 12 ? r.i32le() : 0;
        int dataPos = r.remaining() >= 8 ? r.i32le() : 0;
        int undoPos = r.remaining() >= 4 ? r.i32le() : 0;
        return new Stored(header, height, status, txCount, dataSize, undoSize, file, dataPos, undoPos);
    }

    @Override
    public String toString() {
        return "BlockIndex[" + height + " " + hash + "]";
    }
}
