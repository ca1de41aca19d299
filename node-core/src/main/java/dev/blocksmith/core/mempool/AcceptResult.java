package dev.blocksmith.core.mempool;

import dev.blocksmith.core.primitives.Sha256Hash;
import java.util.List;

/**
 * A transaction that passed every check (and, unless test-only, entered the mempool).
 *
 * @param fee the base fee in satoshis
 * @param effectiveFeeRate modified fee over vsize, as testmempoolaccept's {@code effective-feerate}
 * @param replaced txids removed (or, test-only, that would be removed) by this replacement
 */
public record AcceptResult(Sha256Hash txid, Sha256Hash wtxid, int vsize, long fee, FeeRate effectiveFeeRate,
                           List<Sha256Hash> replaced, boolean added) {
}
