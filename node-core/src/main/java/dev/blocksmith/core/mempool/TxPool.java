package dev.blocksmith.core.mempool;

import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.core.tx.TxIn;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The pool itself (the data half of Core's CTxMemPool): entries indexed by txid, wtxid, spent outpoint
 * and entry time, their parent/child links and the running ancestor/descendant aggregates, and the
 * pool's totals. It decides nothing: policy lives in {@link MempoolAccept}, {@link ReplacementPolicy}
 * and {@link TrucPolicy}; locking and events in {@link Mempool}. Only touched under the mempool lock.
 */
final class TxPool {
    private final Map<Sha256Hash, PoolEntry> byTxid = new HashMap<>();
    private final Map<Sha256Hash, PoolEntry> byWtxid = new HashMap<>();
    private final Map<OutPoint, PoolEntry> spenders = new HashMap<>();
    /** Entries by entry time, for expiry without a scan. */
    private final TreeSet<PoolEntry> byTime = new TreeSet<>(
            Comparator.comparingLong((PoolEntry e) -> e.time).thenComparingLong(e -> e.sequence));

    private long totalVsize;
    private long totalUsage;
    private long totalFee;
    private long nextSequence;

    // ---------------------------------------------------------------- lookups

    Optional<PoolEntry> byTxid(Sha256Hash txid) {
        return Optional.ofNullable(byTxid.get(txid));
    }

    /** The entry whose witness hash is {@code wtxid} (compact block reconstruction and BIP339 relay look here). */
    Optional<PoolEntry> byWtxid(Sha256Hash wtxid) {
        return Optional.ofNullable(byWtxid.get(wtxid));
    }

    boolean containsTxid(Sha256Hash txid) {
        return byTxid.containsKey(txid);
    }

    boolean containsWtxid(Sha256Hash wtxid) {
        return byWtxid.containsKey(wtxid);
    }

    /** The pool transaction spending {@code op}, if any. */
    Optional<PoolEntry> spender(OutPoint op) {
        return Optional.ofNullable(spenders.get(op));
    }

    Collection<PoolEntry> all() {
        return byTxid.values();
    }

    /** Every entry in the order it entered. */
    List<PoolEntry> inEntryOrder() {
        List<PoolEntry> out = new ArrayList<>(byTxid.values());
        out.sort(Comparator.comparingLong(e -> e.sequence));
        return out;
    }

    /** Entries by entry time, oldest first. */
    Iterable<PoolEntry> byTime() {
        return byTime;
    }

    int size() {
        return byTxid.size();
    }

    boolean isEmpty() {
        return byTxid.isEmpty();
    }

    long totalVsize() {
        return totalVsize;
    }

    long totalUsage() {
        return totalUsage;
    }

    long totalFee() {
        return totalFee;
    }

    long takeSequence() {
        return nextSequence++;
    }

    // ---------------------------------------------------------------- graph

    static Set<PoolEntry> ancestors(PoolEntry e) {
        Set<PoolEntry> out = new LinkedHashSet<>();
        Deque<PoolEntry> todo = new ArrayDeque<>(e.parents);
        while (!todo.isEmpty()) {
            PoolEntry p = todo.poll();
            if (out.add(p)) todo.addAll(p.parents);
        }
        return out;
    }

    static Set<PoolEntry> descendants(PoolEntry e) {
        Set<PoolEntry> out = new LinkedHashSet<>();
        Deque<PoolEntry> todo = new ArrayDeque<>(e.children);
        while (!todo.isEmpty()) {
            PoolEntry c = todo.poll();
            if (out.add(c)) todo.addAll(c.children);
        }
        return out;
    }

    static Set<PoolEntry> withDescendants(PoolEntry e) {
        Set<PoolEntry> out = new LinkedHashSet<>();
        out.add(e);
        out.addAll(descendants(e));
        return out;
    }

    // ---------------------------------------------------------------- changes

    /** Links a new entry below its in-pool parents and adds it to every aggregate and index. */
    void add(PoolEntry e, Set<PoolEntry> parents, Set<PoolEntry> ancestors) {
        byTxid.put(e.txid, e);
        byWtxid.put(e.wtxid, e);
        byTime.add(e);
        for (TxIn in : e.tx.inputs()) spenders.put(in.prevout(), e);
        e.parents.addAll(parents);
        for (PoolEntry p : parents) p.children.add(e);
        for (PoolEntry a : ancestors) {
            e.ancestorCount++;
            e.ancestorSize += a.vsize;
            e.ancestorFees += a.modifiedFee();
            e.ancestorSigops += a.sigopCost;
            a.descendantCount++;
            a.descendantSize += e.vsize;
            a.descendantFees += e.modifiedFee();
        }
        totalVsize += e.vsize;
        totalUsage += e.usage;
        totalFee += e.fee;
    }

    /**
     * Removes a set of entries. Aggregates of entries that stay are corrected first, while every link
     * is still in place (Core's RemoveStaged): a confirmed parent leaves its children's ancestor sums.
     * {@code removed} sees each entry once it is out, in the set's order.
     */
    void remove(Set<PoolEntry> toRemove, Consumer<PoolEntry> removed) {
        for (PoolEntry e : toRemove) {
            for (PoolEntry a : ancestors(e)) {
                if (toRemove.contains(a)) continue;
                a.descendantCount--;
                a.descendantSize -= e.vsize;
                a.descendantFees -= e.modifiedFee();
            }
            for (PoolEntry d : descendants(e)) {
                if (toRemove.contains(d)) continue;
                d.ancestorCount--;
                d.ancestorSize -= e.vsize;
                d.ancestorFees -= e.modifiedFee();
                d.ancestorSigops -= e.sigopCost;
            }
        }
        for (PoolEntry e : toRemove) {
            for (PoolEntry p : e.parents) p.children.remove(e);
            for (PoolEntry c : e.children) c.parents.remove(e);
            unindex(e);
            removed.accept(e);
        }
    }

    /** Takes staged test entries out again, latest first (they have no descendants outside the list). */
    void unstage(List<PoolEntry> staged) {
        for (int i = staged.size() - 1; i >= 0; i--) {
            PoolEntry e = staged.get(i);
            for (PoolEntry a : ancestors(e)) {
                a.descendantCount--;
                a.descendantSize -= e.vsize;
                a.descendantFees -= e.modifiedFee();
            }
            for (PoolEntry p : e.parents) p.children.remove(e);
            unindex(e);
        }
    }

    private void unindex(PoolEntry e) {
        byTxid.remove(e.txid);
        byWtxid.remove(e.wtxid);
        byTime.remove(e);
        for (TxIn in : e.tx.inputs()) spenders.remove(in.prevout(), e);
        totalVsize -= e.vsize;
        totalUsage -= e.usage;
        totalFee -= e.fee;
    }

    /** Applies a prioritisetransaction delta to an entry and to the aggregates that include it. */
    void applyDelta(PoolEntry e, long feeDelta) {
        e.delta += feeDelta;
        e.ancestorFees += feeDelta;
        e.descendantFees += feeDelta;
        for (PoolEntry a : ancestors(e)) a.descendantFees += feeDelta;
        for (PoolEntry d : descendants(e)) d.ancestorFees += feeDelta;
    }

    /** Recomputes every link and aggregate from the transactions (after a reorg re-added parents). */
    void rebuildLinks() {
        for (PoolEntry e : byTxid.values()) {
            e.parents.clear();
            e.children.clear();
        }
        for (PoolEntry e : byTxid.values()) {
            for (TxIn in : e.tx.inputs()) {
                PoolEntry p = byTxid.get(in.prevout().txid());
                if (p != null) {
                    e.parents.add(p);
                    p.children.add(e);
                }
            }
        }
        for (PoolEntry e : byTxid.values()) {
            e.resetAggregates();
            for (PoolEntry a : ancestors(e)) {
                e.ancestorCount++;
                e.ancestorSize += a.vsize;
                e.ancestorFees += a.modifiedFee();
                e.ancestorSigops += a.sigopCost;
            }
            for (PoolEntry d : descendants(e)) {
                e.descendantCount++;
                e.descendantSize += d.vsize;
                e.descendantFees += d.modifiedFee();
            }
        }
    }

    // ---------------------------------------------------------------- eviction order

    /** The entry Core's TrimToSize evicts first: the lowest descendant score, the newer one among equals. */
    Optional<PoolEntry> worstByDescendantScore() {
        PoolEntry worst = null;
        for (PoolEntry e : byTxid.values()) {
            if (worst == null || compareDescendantScore(e, worst) < 0) worst = e;
        }
        return Optional.ofNullable(worst);
    }

    /** Core's descendant score: the larger of the entry's own and its package's modified fee rate. */
    private static int compareDescendantScore(PoolEntry a, PoolEntry b) {
        long[] sa = descendantScore(a);
        long[] sb = descendantScore(b);
        int c = Long.compare(sa[0] * sb[1], sb[0] * sa[1]);
        if (c != 0) return c;
        return Long.compare(b.sequence, a.sequence);
    }

    private static long[] descendantScore(PoolEntry e) {
        // own rate >= package rate  <=>  fee * descSize >= descFees * vsize
        if (e.modifiedFee() * e.descendantSize >= e.descendantFees * e.vsize) return new long[] {e.modifiedFee(), e.vsize};
        return new long[] {e.descendantFees, e.descendantSize};
    }

    // ---------------------------------------------------------------- consistency

    /**
     * Recomputes every link, aggregate and total from the transactions and throws if anything the
     * pool maintains incrementally disagrees (Core's -checkmempool, for tests).
     */
    void checkConsistency() {
        long vsize = 0;
        long usage = 0;
        long fees = 0;
        int spends = 0;
        for (PoolEntry e : byTxid.values()) {
            vsize += e.vsize;
            usage += e.usage;
            fees += e.fee;
            check(byWtxid.get(e.wtxid) == e, "wtxid index of " + e);
            check(byTime.contains(e), "time index of " + e);
            Set<PoolEntry> parents = new LinkedHashSet<>();
            for (TxIn in : e.tx.inputs()) {
                spends++;
                check(spenders.get(in.prevout()) == e, "spender of " + in.prevout());
                PoolEntry p = byTxid.get(in.prevout().txid());
                if (p != null) parents.add(p);
            }
            check(parents.equals(e.parents), "parents of " + e);
            for (PoolEntry c : e.children) check(c.parents.contains(e), "child link of " + e);
            long ac = 1;
            long as = e.vsize;
            long af = e.modifiedFee();
            long asig = e.sigopCost;
            for (PoolEntry a : ancestors(e)) {
                ac++;
                as += a.vsize;
                af += a.modifiedFee();
                asig += a.sigopCost;
            }
            check(ac == e.ancestorCount && as == e.ancestorSize && af == e.ancestorFees && asig == e.ancestorSigops,
                    "ancestor aggregates of " + e);
            long dc = 1;
            long ds = e.vsize;
            long df = e.modifiedFee();
            for (PoolEntry d : descendants(e)) {
                dc++;
                ds += d.vsize;
                df += d.modifiedFee();
            }
            check(dc == e.descendantCount && ds == e.descendantSize && df == e.descendantFees,
                    "descendant aggregates of " + e);
        }
        check(byWtxid.size() == byTxid.size() && byTime.size() == byTxid.size(), "index sizes");
        check(spenders.size() == spends, "spender count");
        check(vsize == totalVsize && usage == totalUsage && fees == totalFee, "totals");
    }

    private static void check(boolean ok, String what) {
        if (!ok) throw new IllegalStateException("mempool inconsistent: " + what);
    }
}
