package dev.blocksmith.core.mempool;

import dev.blocksmith.core.primitives.Sha256Hash;
import java.util.List;

/**
 * A transaction that passed every check (and, unless test-only, entered the mempool).
 *
 * @param fee the base fee in satoshis
 * @param effectiveFeeRate the fee rate its entry was judged by: its own modified fee over vsize, or the
 *     package's when a package fee rate paid for it (testmempoolaccept's and submitpackage's
 *     {@code effective-feerate})
 * @param effectiveIncludes wtxids of the transactions whose fees and sizes make up that rate
 * @param replaced txids removed (or, test-only, that would be removed) by this replacement
 */
public record AcceptResult(Sha256Hash txid, Sha256Hash wtxid, int vsize, long fee, FeeRate effectiveFeeRate,
                           List<Sha256Hash> effectiveIncludes, List<Sha256Hash> replaced, boolean added) {
    public AcceptResult {
        effectiveIncludes = List.copyOf(effectiveIncludes);
        replaced = List.copyOf(replaced);
    }
}
