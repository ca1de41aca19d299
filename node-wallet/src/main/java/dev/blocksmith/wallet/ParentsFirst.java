package dev.blocksmith.wallet;

import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Orders a set of unconfirmed transactions so that each comes after those of the set it spends from, keeping the
 * given order otherwise. A wallet taking in the mempool must see a parent before its child: a child that pays
 * nothing to us (a sweep) is recognised as ours only by spending a coin the parent gave us. bitcoind hands the
 * mempool to a wallet sorted by ancestry for the same reason; our mempool lists in arrival order, which a reorg
 * breaks (a parent from a disconnected block re-enters after its child).
 */
final class ParentsFirst {
    private ParentsFirst() {
    }

    static List<Transaction> order(List<Transaction> txs) {
        Map<Sha256Hash, Transaction> byTxid = new HashMap<>();
        for (Transaction tx : txs) byTxid.put(tx.txid(), tx);
        List<Transaction> out = new ArrayList<>(txs.size());
        Set<Sha256Hash> placed = new HashSet<>();
        for (Transaction tx : txs) place(tx, byTxid, placed, new HashSet<>(), out);
        return out;
    }

    /** Depth first over the set's parents; {@code visiting} guards against a cycle, which valid input never has. */
    private static void place(Transaction tx, Map<Sha256Hash, Transaction> byTxid, Set<Sha256Hash> placed, Set<Sha256Hash> visiting,
                              List<Transaction> out) {
        if (placed.contains(tx.txid()) || !visiting.add(tx.txid())) return;
        for (TxIn in : tx.inputs()) {
            Transaction parent = byTxid.get(in.prevout().txid());
            if (parent != null) place(parent, byTxid, placed, visiting, out);
        }
        placed.add(tx.txid());
        out.add(tx);
    }
}
