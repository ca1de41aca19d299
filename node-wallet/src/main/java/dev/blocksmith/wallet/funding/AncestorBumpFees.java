package dev.blocksmith.wallet.funding;

import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.wallet.MempoolAncestry;
import dev.blocksmith.wallet.TransactionBroadcaster;
import dev.blocksmith.wallet.coinselection.FeeRate;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Optional;

/**
 * What spending unconfirmed coins costs beyond their own inputs (bitcoind's ancestor-aware funding,
 * calculateCombinedBumpFee): a mempool parent whose package pays less than the target rate is carried by the new
 * transaction, which must pay the rest of its ancestors' fee at that rate. Each parent's in-mempool ancestry
 * (itself and its unconfirmed ancestors) is priced as a whole; a package paying at least the rate costs nothing.
 * Unlike bitcoind's MiniMiner this neither lets an ancestor's other descendants help pay nor shares an ancestor
 * between two parents.
 */
public final class AncestorBumpFees {
    private AncestorBumpFees() {
    }

    /** The fee the new transaction must add for the unconfirmed parents {@code parents} to reach {@code rate}. */
    public static long combined(Collection<Sha256Hash> parents, FeeRate rate, TransactionBroadcaster mempool) {
        long total = 0;
        for (Sha256Hash txid : new LinkedHashSet<>(parents)) {
            Optional<MempoolAncestry> a = mempool.ancestry(txid);
            if (a.isEmpty()) continue;
            total += Math.max(0, rate.fee(a.get().vsize()) - a.get().fees());
        }
        return total;
    }
}
