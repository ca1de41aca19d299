package dev.blocksmith.core.mempool;

import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Topologically restricted until confirmation (BIP431, version 3 transactions), as bitcoind 30's
 * truc_policy: TRUC and non-TRUC transactions do not mix in one unconfirmed chain, a TRUC transaction is
 * at most 10 000 vB, has at most one unconfirmed ancestor, and a TRUC child is at most 1 000 vB and its
 * parent's only child. A second child may take the first one's place by sibling eviction, under the
 * replacement rules ({@link ReplacementPolicy}).
 */
final class TrucPolicy {
    static final int TRUC_VERSION = 3;
    static final int TRUC_MAX_VSIZE = 10_000;
    static final int TRUC_CHILD_MAX_VSIZE = 1_000;
    static final int TRUC_ANCESTOR_LIMIT = 2;
    static final int TRUC_DESCENDANT_LIMIT = 2;

    private TrucPolicy() {
    }

    /**
     * A broken TRUC rule (the text after bitcoind's "TRUC-violation, "), with the parent's other child when
     * the only rule broken is the one-child limit and that child alone could be evicted instead.
     */
    record Violation(String debug, Optional<PoolEntry> evictableSibling) {
    }

    private static String id(Sha256Hash txid, Sha256Hash wtxid) {
        return txid + " (wtxid=" + wtxid + ")";
    }

    private static String id(Transaction tx) {
        return id(tx.txid(), tx.wtxid());
    }

    /** bitcoind's SingleTRUCChecks: the rules against the mempool alone. */
    static Optional<Violation> singleChecks(Transaction tx, int vsize, Set<PoolEntry> ancestors, Set<PoolEntry> directConflicts) {
        for (PoolEntry a : ancestors) {
            boolean parentTruc = a.tx.version() == TRUC_VERSION;
            if (tx.version() != TRUC_VERSION && parentTruc) {
                return violation("non-version=3 tx " + id(tx) + " cannot spend from version=3 tx " + id(a.txid, a.wtxid));
            }
            if (tx.version() == TRUC_VERSION && !parentTruc) {
                return violation("version=3 tx " + id(tx) + " cannot spend from non-version=3 tx " + id(a.txid, a.wtxid));
            }
        }
        if (tx.version() != TRUC_VERSION) return Optional.empty();
        if (vsize > TRUC_MAX_VSIZE) {
            return violation("version=3 tx " + id(tx) + " is too big: " + vsize + " > " + TRUC_MAX_VSIZE + " virtual bytes");
        }
        if (ancestors.size() + 1 > TRUC_ANCESTOR_LIMIT) return violation("tx " + id(tx) + " would have too many ancestors");
        if (ancestors.isEmpty()) return Optional.empty();
        if (vsize > TRUC_CHILD_MAX_VSIZE) {
            return violation("version=3 child tx " + id(tx) + " is too big: " + vsize + " > " + TRUC_CHILD_MAX_VSIZE + " virtual bytes");
        }
        PoolEntry parent = ancestors.iterator().next();
        // A child this transaction replaces anyway does not count against the limit.
        boolean childReplaced = parent.children.stream().anyMatch(directConflicts::contains);
        if (parent.descendantCount + 1 > TRUC_DESCENDANT_LIMIT && !childReplaced) {
            // Sibling eviction only where exactly one child without descendants of its own is in the way
            // (more children are possible only after a reorg).
            Optional<PoolEntry> sibling = Optional.empty();
            if (parent.descendantCount == 2) {
                PoolEntry only = parent.children.iterator().next();
                if (only.ancestorCount == 2) sibling = Optional.of(only);
            }
            return Optional.of(new Violation("tx " + id(parent.txid, parent.wtxid) + " would exceed descendant count limit", sibling));
        }
        return Optional.empty();
    }

    private static Optional<Violation> violation(String debug) {
        return Optional.of(new Violation(debug, Optional.empty()));
    }

    /**
     * bitcoind's PackageTRUCChecks: the rules with the package's own transactions counted as unconfirmed
     * parents and siblings.
     *
     * @param mempoolAncestors the transaction's in-mempool ancestors
     * @return the violation's text, empty if the rules hold
     */
    static Optional<String> packageChecks(Transaction tx, int vsize, List<Transaction> pkg, Set<PoolEntry> mempoolAncestors) {
        List<Transaction> inPackageParents = new ArrayList<>();
        for (Transaction p : pkg) {
            if (p == tx) continue;
            for (TxIn in : tx.inputs()) {
                if (in.prevout().txid().equals(p.txid())) {
                    inPackageParents.add(p);
                    break;
                }
            }
        }
        if (tx.version() != TRUC_VERSION) {
            for (PoolEntry a : mempoolAncestors) {
                if (a.tx.version() == TRUC_VERSION) {
                    return Optional.of("non-version=3 tx " + id(tx) + " cannot spend from version=3 tx " + id(a.txid, a.wtxid));
                }
            }
            for (Transaction p : inPackageParents) {
                if (p.version() == TRUC_VERSION) {
                    return Optional.of("non-version=3 tx " + id(tx) + " cannot spend from version=3 tx " + id(p));
                }
            }
            return Optional.empty();
        }
        if (vsize > TRUC_MAX_VSIZE) {
            return Optional.of("version=3 tx " + id(tx) + " is too big: " + vsize + " > " + TRUC_MAX_VSIZE + " virtual bytes");
        }
        if (mempoolAncestors.size() + inPackageParents.size() + 1 > TRUC_ANCESTOR_LIMIT) {
            return Optional.of("tx " + id(tx) + " would have too many ancestors");
        }
        if (mempoolAncestors.isEmpty() && inPackageParents.isEmpty()) return Optional.empty();
        if (vsize > TRUC_CHILD_MAX_VSIZE) {
            return Optional.of("version=3 child tx " + id(tx) + " is too big: " + vsize + " > " + TRUC_CHILD_MAX_VSIZE + " virtual bytes");
        }
        Sha256Hash parentTxid;
        Sha256Hash parentWtxid;
        int parentVersion;
        boolean parentHasMempoolDescendant;
        if (!mempoolAncestors.isEmpty()) {
            PoolEntry p = mempoolAncestors.iterator().next();
            parentTxid = p.txid;
            parentWtxid = p.wtxid;
            parentVersion = p.tx.version();
            parentHasMempoolDescendant = p.descendantCount > 1;
        } else {
            Transaction p = inPackageParents.get(0);
            parentTxid = p.txid();
            parentWtxid = p.wtxid();
            parentVersion = p.version();
            parentHasMempoolDescendant = false;
        }
        if (parentVersion != TRUC_VERSION) {
            return Optional.of("version=3 tx " + id(tx) + " cannot spend from non-version=3 tx " + id(parentTxid, parentWtxid));
        }
        for (Transaction other : pkg) {
            if (other == tx) continue;
            for (TxIn in : other.inputs()) {
                if (in.prevout().txid().equals(parentTxid)) {
                    return Optional.of("tx " + id(parentTxid, parentWtxid) + " would exceed descendant count limit");
                }
                if (in.prevout().txid().equals(tx.txid())) {
                    return Optional.of("tx " + id(other) + " would have too many ancestors");
                }
            }
        }
        if (parentHasMempoolDescendant) {
            return Optional.of("tx " + id(parentTxid, parentWtxid) + " would exceed descendant count limit");
        }
        return Optional.empty();
    }
}
