package dev.blocksmith.core.mempool;

import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** bitcoind's context-free package rules (IsWellFormedPackage), with its package error texts. */
public final class PackageChecks {
    /** bitcoind's MAX_PACKAGE_COUNT. */
    public static final int MAX_PACKAGE_COUNT = 25;
    /** bitcoind's MAX_PACKAGE_WEIGHT: 101 kvB of virtual size. */
    public static final long MAX_PACKAGE_WEIGHT = 404_000;

    private PackageChecks() {
    }

    /** The package error, or empty when the list is a well-formed package (sorted parents first). */
    public static Optional<String> wellFormed(List<Transaction> txs) {
        if (txs.size() > MAX_PACKAGE_COUNT) return Optional.of("package-too-many-transactions");
        long weight = 0;
        for (Transaction tx : txs) weight += tx.weight();
        // A single transaction's weight is better reported by its own policy check.
        if (txs.size() > 1 && weight > MAX_PACKAGE_WEIGHT) return Optional.of("package-too-large");

        Set<Sha256Hash> later = new HashSet<>();
        for (Transaction tx : txs) later.add(tx.txid());
        if (later.size() != txs.size()) return Optional.of("package-contains-duplicates");
        for (Transaction tx : txs) {
            for (TxIn in : tx.inputs()) {
                if (later.contains(in.prevout().txid())) return Optional.of("package-not-sorted");
            }
            later.remove(tx.txid());
        }

        Set<OutPoint> seen = new HashSet<>();
        for (Transaction tx : txs) {
            if (tx.inputs().isEmpty()) return Optional.of("conflict-in-package");
            for (TxIn in : tx.inputs()) {
                if (seen.contains(in.prevout())) return Optional.of("conflict-in-package");
            }
            // Added per transaction: a duplicate input inside one transaction is CheckTransaction's to report.
            for (TxIn in : tx.inputs()) seen.add(in.prevout());
        }
        return Optional.empty();
    }

    /**
     * bitcoind's IsChildWithParents: at least two transactions, and every one but the last is a parent of
     * the last.
     */
    public static boolean isChildWithParents(List<Transaction> txs) {
        if (txs.size() < 2) return false;
        Transaction child = txs.get(txs.size() - 1);
        Set<Sha256Hash> spent = new HashSet<>();
        for (TxIn in : child.inputs()) spent.add(in.prevout().txid());
        for (int i = 0; i < txs.size() - 1; i++) {
            if (!spent.contains(txs.get(i).txid())) return false;
        }
        return true;
    }

    /** bitcoind's IsChildWithParentsTree: child with parents, and no parent spends another parent. */
    public static boolean isChildWithParentsTree(List<Transaction> txs) {
        if (!isChildWithParents(txs)) return false;
        Set<Sha256Hash> parents = new HashSet<>();
        for (int i = 0; i < txs.size() - 1; i++) parents.add(txs.get(i).txid());
        for (int i = 0; i < txs.size() - 1; i++) {
            for (TxIn in : txs.get(i).inputs()) {
                if (parents.contains(in.prevout().txid())) return false;
            }
        }
        return true;
    }
}
