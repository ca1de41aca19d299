package dev.blocksmith.core.mempool;

import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.tx.Transaction;
import java.util.List;

/**
 * An immutable snapshot of one mempool transaction with its package aggregates, as
 * getmempoolentry reports them. Ancestor and descendant figures include the transaction itself;
 * sizes are virtual sizes; {@code *Fees} are modified fees (base fee plus prioritisetransaction deltas).
 *
 * @param time entry time (seconds since the epoch)
 * @param height chain height when it entered
 * @param depends txids of its in-mempool parents
 * @param spentBy txids of its in-mempool children
 * @param bip125Replaceable whether it or an unconfirmed ancestor signals BIP125 (informational since
 *     full RBF: every transaction is replaceable)
 * @param unbroadcast submitted locally and not yet announced to a peer
 */
public record MempoolEntry(Transaction tx, Sha256Hash txid, Sha256Hash wtxid, long fee, long modifiedFee, int vsize,
                           int weight, long sigopCost, long time, int height, long ancestorCount, long ancestorSize,
                           long ancestorFees, long descendantCount, long descendantSize, long descendantFees,
                           List<Sha256Hash> depends, List<Sha256Hash> spentBy, boolean bip125Replaceable,
                           boolean unbroadcast) {
}
