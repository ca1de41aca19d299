package dev.blocksmith.core.mempool;

import dev.blocksmith.core.consensus.ValidationException;
import dev.blocksmith.core.tx.Transaction;
import java.util.Set;

/**
 * Topologically restricted until confirmation (BIP431, version 3 transactions), Core's
 * SingleTRUCChecks: TRUC and non-TRUC transactions do not mix in one unconfirmed chain, a TRUC
 * transaction is at most 10 000 vB, has at most one unconfirmed ancestor, and a TRUC child is at most
 * 1 000 vB and its parent's only child. Sibling eviction is not implemented: a second child is
 * refused unless it replaces the first.
 */
final class TrucPolicy {
    static final int TRUC_VERSION = 3;
    static final int TRUC_MAX_VSIZE = 10_000;
    static final int TRUC_CHILD_MAX_VSIZE = 1_000;
    static final int TRUC_ANCESTOR_LIMIT = 2;
    static final int TRUC_DESCENDANT_LIMIT = 2;

    private TrucPolicy() {
    }

    private static ValidationException violation(String debug) {
        return new ValidationException(ValidationException.Kind.POLICY, "TRUC-violation", debug);
    }

    static void check(Transaction tx, int vsize, Set<PoolEntry> parents, Set<PoolEntry> ancestors,
                      Set<PoolEntry> directConflicts) throws ValidationException {
        String id = tx.txid() + " (wtxid=" + tx.wtxid() + ")";
        for (PoolEntry a : ancestors) {
            boolean parentTruc = a.tx.version() == TRUC_VERSION;
            if (tx.version() != TRUC_VERSION && parentTruc) {
                throw violation("non-version=3 tx " + id + " cannot spend from version=3 tx " + a.txid + " (wtxid=" + a.wtxid + ")");
            }
            if (tx.version() == TRUC_VERSION && !parentTruc) {
                throw violation("version=3 tx " + id + " cannot spend from non-version=3 tx " + a.txid + " (wtxid=" + a.wtxid + ")");
            }
        }
        if (tx.version() != TRUC_VERSION) return;
        if (vsize > TRUC_MAX_VSIZE) {
            throw violation("version=3 tx " + id + " is too big: " + vsize + " > " + TRUC_MAX_VSIZE + " virtual bytes");
        }
        if (ancestors.size() + 1 > TRUC_ANCESTOR_LIMIT) throw violation("tx " + id + " would have too many ancestors");
        if (!ancestors.isEmpty()) {
            if (vsize > TRUC_CHILD_MAX_VSIZE) {
                throw violation("version=3 child tx " + id + " is too big: " + vsize + " > " + TRUC_CHILD_MAX_VSIZE + " virtual bytes");
            }
            PoolEntry parent = parents.iterator().next();
            boolean childReplaced = parent.children.stream().anyMatch(directConflicts::contains);
            if (parent.descendantCount + 1 > TRUC_DESCENDANT_LIMIT && !childReplaced) {
                throw violation("tx " + parent.txid + " (wtxid=" + parent.wtxid + ") would exceed descendant count limit");
            }
        }
    }
}
