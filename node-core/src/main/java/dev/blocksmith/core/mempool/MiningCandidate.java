package dev.blocksmith.core.mempool;

import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.tx.Transaction;
import java.util.List;

/**
 * One mempool transaction as block assembly sees it.
 *
 * @param fee base fee in satoshis (what getblocktemplate reports)
 * @param modifiedFee fee with prioritisetransaction's delta (what selection ranks by)
 * @param vsize virtual size, sigops counted as bitcoind's -bytespersigop
 * @param parents txids of its in-mempool parents
 */
public record MiningCandidate(Transaction tx, long fee, long modifiedFee, int vsize, long sigopCost, List<Sha256Hash> parents) {
    public MiningCandidate {
        parents = List.copyOf(parents);
    }

    public Sha256Hash txid() {
        return tx.txid();
    }
}
