package dev.blocksmith.p2p.cmpct;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.block.BlockHeader;
import dev.blocksmith.core.consensus.BlockMutation;
import dev.blocksmith.core.consensus.ConsensusLimits;
import dev.blocksmith.core.tx.Transaction;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * bitcoind's PartiallyDownloadedBlock: a block being rebuilt from a compact block, the mempool and the extra
 * transaction pool, then completed once with the transactions a blocktxn message brings. Not thread-safe; one
 * belongs to one peer's download of one block.
 */
public final class PartialBlock {
    /** Smallest serializable transaction weight (bitcoind's MIN_SERIALIZABLE_TRANSACTION_WEIGHT). */
    private static final int MIN_SERIALIZABLE_TRANSACTION_WEIGHT = 10 * 4;

    private BlockHeader header;
    private Transaction[] available = new Transaction[0];
    private int prefilledCount;
    private int mempoolCount;
    private int extraCount;

    /** Reconstruction's outcome: the status and, when OK, the block. */
    public record Filled(ReadStatus status, Optional<Block> block) {
    }

    /**
     * Places the prefilled transactions and looks every short id up in {@code pool} and then {@code extra}. A
     * short id that two different transactions match is left missing, so it is requested rather than guessed.
     */
    public ReadStatus init(CompactBlock cmpct, Iterable<Transaction> pool, List<Transaction> extra) {
        if (cmpct.shortIdCount() == 0 && cmpct.prefilled().isEmpty()) return ReadStatus.INVALID;
        if (cmpct.transactionCount() > ConsensusLimits.MAX_BLOCK_WEIGHT / MIN_SERIALIZABLE_TRANSACTION_WEIGHT) return ReadStatus.INVALID;
        if (header != null || available.length != 0) return ReadStatus.INVALID;
        header = cmpct.header();
        available = new Transaction[cmpct.transactionCount()];
        long last = -1;
        for (int i = 0; i < cmpct.prefilled().size(); i++) {
            PrefilledTransaction p = cmpct.prefilled().get(i);
            last += p.differentialIndex() + 1L;
            if (last > PrefilledTransaction.MAX_INDEX) return ReadStatus.INVALID;
            // A position past every short id and the prefilled transactions placed so far has neither.
            if (last > cmpct.shortIdCount() + i) return ReadStatus.INVALID;
            available[(int) last] = p.tx();
        }
        prefilledCount = cmpct.prefilled().size();

        Map<Long, Integer> positions = new HashMap<>(cmpct.shortIdCount() * 2);
        int offset = 0;
        for (int i = 0; i < cmpct.shortIdCount(); i++) {
            while (available[i + offset] != null) offset++;
            positions.put(cmpct.shortIdAt(i), i + offset);
        }
        // Two equal short ids: cannot be told apart, so the whole block is fetched (bitcoind's short-id collision).
        if (positions.size() != cmpct.shortIdCount()) return ReadStatus.FAILED;

        boolean[] matched = new boolean[available.length];
        for (Transaction tx : pool) {
            if (mempoolCount == positions.size()) break;
            Integer at = positions.get(cmpct.shortId(tx.wtxid()));
            if (at == null) continue;
            if (!matched[at]) {
                available[at] = tx;
                matched[at] = true;
                mempoolCount++;
            } else if (available[at] != null) {
                available[at] = null;
                mempoolCount--;
            }
        }
        for (Transaction tx : extra) {
            if (mempoolCount == positions.size()) break;
            Integer at = positions.get(cmpct.shortId(tx.wtxid()));
            if (at == null) continue;
            if (!matched[at]) {
                available[at] = tx;
                matched[at] = true;
                mempoolCount++;
                extraCount++;
            } else if (available[at] != null && !available[at].wtxid().equals(tx.wtxid())) {
                // The same transaction in the mempool and the extra pool is no collision.
                available[at] = null;
                mempoolCount--;
                extraCount--;
            }
        }
        return ReadStatus.OK;
    }

    /** Whether the block is still waiting for its transactions (false once filled, even if that failed). */
    public boolean awaitingTransactions() {
        return header != null;
    }

    public boolean isAvailable(int index) {
        return header != null && available[index] != null;
    }

    /** Positions of the transactions to ask for with getblocktxn, ascending. */
    public List<Integer> missingIndexes() {
        List<Integer> out = new ArrayList<>();
        if (header == null) return out;
        for (int i = 0; i < available.length; i++) {
            if (available[i] == null) out.add(i);
        }
        return out;
    }

    /**
     * Completes the block with {@code missing} in order. Can be called once: a second call is INVALID. Too few or
     * too many transactions are INVALID (the peer answered something we did not ask); a block whose transactions
     * do not match its header is FAILED (perhaps a short-id collision).
     */
    public Filled fill(List<Transaction> missing, boolean segwitActive) {
        if (header == null) return new Filled(ReadStatus.INVALID, Optional.empty());
        List<Transaction> txs = new ArrayList<>(available.length);
        int used = 0;
        boolean tooFew = false;
        for (Transaction t : available) {
            if (t != null) {
                txs.add(t);
            } else if (used < missing.size()) {
                txs.add(missing.get(used++));
            } else {
                tooFew = true;
                break;
            }
        }
        BlockHeader h = header;
        header = null;
        Arrays.fill(available, null);
        available = new Transaction[0];
        if (tooFew || used != missing.size()) return new Filled(ReadStatus.INVALID, Optional.empty());
        Block block = new Block(h, txs);
        if (BlockMutation.isMutated(block, segwitActive)) return new Filled(ReadStatus.FAILED, Optional.empty());
        return new Filled(ReadStatus.OK, Optional.of(block));
    }

    public int prefilledCount() { return prefilledCount; }
    public int mempoolCount() { return mempoolCount; }
    public int extraCount() { return extraCount; }
}
