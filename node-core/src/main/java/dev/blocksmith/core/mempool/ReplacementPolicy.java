package dev.blocksmith.core.mempool;

import dev.blocksmith.core.consensus.ValidationException;
import dev.blocksmith.core.consensus.ValidationException.Kind;
import dev.blocksmith.core.primitives.Amount;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import java.util.HashSet;
import java.util.List;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Replace-by-fee as bitcoind 30 (policy/rbf and MemPoolAccept's ReplacementChecks and package RBF): full
 * RBF, no signal needed; the BIP125 rules 2 to 6 for one transaction, with TRUC sibling eviction treated as a
 * replacement of the sibling; and the 1-parent-1-child package replacement.
 */
final class ReplacementPolicy {
    /** BIP125 rule 5 as bitcoind: at most this many transactions evicted by one replacement. */
    static final int MAX_REPLACEMENT_CANDIDATES = 100;

    private final MempoolOptions options;
    private final TxPool pool;

    ReplacementPolicy(MempoolOptions options, TxPool pool) {
        this.options = options;
        this.pool = pool;
    }

    /** bitcoind's FormatMoney: BTC with trailing zeros trimmed down to two decimals. */
    static String formatMoney(long sats) {
        return Amount.ofSats(sats).formatMoney();
    }

    /**
     * bitcoind's ReplacementChecks, in its order: rule 6 (a higher fee rate than each direct conflict),
     * rule 5 (at most 100 evictions), rule 2 (no new unconfirmed inputs), rules 3 and 4 (pay at least the
     * replaced fees plus relay of the replacement). Fee failures are {@link Kind#RECONSIDERABLE}: a package
     * may still pay for them.
     *
     * @param siblingEviction the conflicts include a TRUC sibling (the reasons say so)
     * @return every transaction the replacement evicts (direct conflicts and their descendants)
     */
    Set<PoolEntry> check(Transaction tx, long modifiedFee, int vsize, Set<PoolEntry> direct, boolean siblingEviction)
            throws ValidationException {
        String suffix = siblingEviction ? " (including sibling eviction)" : "";
        Sha256Hash txid = tx.txid();
        FeeRate newRate = FeeRate.of(modifiedFee, vsize);
        for (PoolEntry c : direct) {
            // bitcoind 30 compares the exact fractions; the message shows them per kvB, rounded down.
            if (modifiedFee * c.vsize <= c.modifiedFee() * vsize) {
                throw new ValidationException(Kind.RECONSIDERABLE, "insufficient fee" + suffix, "rejecting replacement " + txid
                        + "; new feerate " + newRate + " <= old feerate " + FeeRate.of(c.modifiedFee(), c.vsize));
            }
        }
        Set<PoolEntry> all = conflictsWithDescendants(txid, direct)
                .orElseThrow(() -> new ValidationException(Kind.POLICY, "too many potential replacements" + suffix,
                        tooManyText(txid, direct)));
        Set<Sha256Hash> parentsOfConflicts = new HashSet<>();
        for (PoolEntry c : all) {
            for (TxIn in : c.tx.inputs()) parentsOfConflicts.add(in.prevout().txid());
        }
        for (int j = 0; j < tx.inputs().size(); j++) {
            Sha256Hash prev = tx.input(j).prevout().txid();
            if (!parentsOfConflicts.contains(prev) && pool.containsTxid(prev)) {
                throw new ValidationException(Kind.POLICY, "replacement-adds-unconfirmed" + suffix,
                        "replacement " + txid + " adds unconfirmed input, idx " + j);
            }
        }
        long replacedFees = 0;
        for (PoolEntry c : all) replacedFees += c.modifiedFee();
        Optional<String> pays = paysForRbf(replacedFees, modifiedFee, vsize, txid);
        if (pays.isPresent()) throw new ValidationException(Kind.RECONSIDERABLE, "insufficient fee" + suffix, pays.get());
        return all;
    }

    private static long candidateCount(Set<PoolEntry> direct) {
        long candidates = 0;
        for (PoolEntry c : direct) candidates += c.descendantCount;
        return candidates;
    }

    private static String tooManyText(Sha256Hash txid, Set<PoolEntry> direct) {
        return "rejecting replacement " + txid + "; too many potential replacements (" + candidateCount(direct) + " > "
                + MAX_REPLACEMENT_CANDIDATES + ")";
    }

    /** bitcoind's GetEntriesForConflicts: the conflicts with their descendants, empty past rule 5's limit. */
    Optional<Set<PoolEntry>> conflictsWithDescendants(Sha256Hash txid, Set<PoolEntry> direct) {
        if (candidateCount(direct) > MAX_REPLACEMENT_CANDIDATES) return Optional.empty();
        Set<PoolEntry> all = new LinkedHashSet<>();
        for (PoolEntry c : direct) all.addAll(TxPool.withDescendants(c));
        return Optional.of(all);
    }

    /** bitcoind's PaysForRBF (rules 3 and 4): the text of the failure, or empty. */
    Optional<String> paysForRbf(long replacedFees, long newFees, long newVsize, Sha256Hash txid) {
        if (newFees < replacedFees) {
            return Optional.of("rejecting replacement " + txid + ", less fees than conflicting txs; "
                    + formatMoney(newFees) + " < " + formatMoney(replacedFees));
        }
        long additional = newFees - replacedFees;
        long relayFee = options.incrementalRelayFee().feeFor(newVsize);
        if (additional < relayFee) {
            return Optional.of("rejecting replacement " + txid + ", not enough additional fees to relay; "
                    + formatMoney(additional) + " < " + formatMoney(relayFee));
        }
        return Optional.empty();
    }

    /** A package replacement that failed: bitcoind's package reason and detail. */
    record PackageRbfFailure(String reason, String debug) {
    }

    /**
     * bitcoind's PackageMempoolChecks for a package whose transactions conflict with the mempool: only a
     * parent and its child without in-mempool ancestors may replace, at most 100 transactions, paying for
     * what they evict plus their own relay, as one chunk (the package rate above the parent's), and at a
     * rate above every chunk they evict (bitcoind's feerate-diagram test, for clusters of at most two).
     *
     * @return the transactions to evict, or the failure
     */
    Result packageCheck(MempoolAccept.Workspace parent, MempoolAccept.Workspace child, long totalFees, long totalVsize) {
        if (!parent.ancestors.isEmpty() || !child.ancestors.isEmpty()) {
            return new Result.Failed(new PackageRbfFailure("package RBF failed: new transaction cannot have mempool ancestors", ""));
        }
        Set<PoolEntry> direct = new LinkedHashSet<>(parent.directConflicts);
        direct.addAll(child.directConflicts);
        Optional<Set<PoolEntry>> all = conflictsWithDescendants(child.txid, direct);
        if (all.isEmpty()) {
            return new Result.Failed(new PackageRbfFailure("package RBF failed: too many potential replacements",
                    tooManyText(child.txid, direct)));
        }
        long replacedFees = 0;
        for (PoolEntry c : all.get()) replacedFees += c.modifiedFee();
        Optional<String> pays = paysForRbf(replacedFees, totalFees, totalVsize, child.txid);
        if (pays.isPresent()) return new Result.Failed(new PackageRbfFailure("package RBF failed: insufficient anti-DoS fees", pays.get()));
        FeeRate parentRate = FeeRate.of(parent.modifiedFee, parent.vsize);
        FeeRate packageRate = FeeRate.of(totalFees, totalVsize);
        if (totalFees * parent.vsize <= parent.modifiedFee * totalVsize) {
            return new Result.Failed(new PackageRbfFailure("package RBF failed: package feerate is less than or equal to parent feerate",
                    "package feerate " + packageRate + " <= parent feerate is " + parentRate));
        }
        Optional<String> topology = conflictTopology(all.get());
        if (topology.isPresent()) return new Result.Failed(new PackageRbfFailure("package RBF failed: " + topology.get(), ""));
        if (!improvesFeerateDiagram(direct, all.get(), totalFees, totalVsize)) {
            return new Result.Failed(new PackageRbfFailure("package RBF failed: insufficient feerate: does not improve feerate diagram", ""));
        }
        return new Result.Replaces(all.get());
    }

    /**
     * bitcoind's CheckConflictTopology: each transaction to be removed is in a cluster of at most two (one
     * parent and its only child), so the feerate diagrams before and after are exact.
     */
    static Optional<String> conflictTopology(Set<PoolEntry> toRemove) {
        // bitcoind walks the set of everything to be removed in its txid order (memcmp of the internal bytes).
        List<PoolEntry> ordered = new java.util.ArrayList<>(toRemove);
        ordered.sort((x, y) -> java.util.Arrays.compareUnsigned(x.txid.bytes(), y.txid.bytes()));
        for (PoolEntry c : ordered) {
            boolean hasAncestor = c.ancestorCount > 1;
            boolean hasDescendant = c.descendantCount > 1;
            if (c.ancestorCount > 2) return Optional.of(c.txid + " has " + (c.ancestorCount - 1) + " ancestors, max 1 allowed");
            if (c.descendantCount > 2) return Optional.of(c.txid + " has " + (c.descendantCount - 1) + " descendants, max 1 allowed");
            if (hasAncestor && hasDescendant) {
                return Optional.of(c.txid + " has both ancestor and descendant, exceeding cluster limit of 2");
            }
            if (hasDescendant) {
                PoolEntry child = c.children.iterator().next();
                if (child.ancestorCount > 2) return Optional.of(c.txid + " is not the only parent of child " + child.txid);
            } else if (hasAncestor) {
                PoolEntry parent = c.parents.iterator().next();
                if (parent.descendantCount > 2) return Optional.of(c.txid + " is not the only child of parent " + parent.txid);
            }
        }
        return Optional.empty();
    }

    /** A chunk of a feerate diagram: fee and size mined together. */
    private record Chunk(long fee, long size) {
    }

    /** The chunks of a cluster of at most two: a child better than its parent is mined with it. */
    private static List<Chunk> chunks(List<PoolEntry> cluster) {
        if (cluster.size() == 1) return List.of(new Chunk(cluster.get(0).modifiedFee(), cluster.get(0).vsize));
        PoolEntry parent = cluster.get(0).children.contains(cluster.get(1)) ? cluster.get(0) : cluster.get(1);
        PoolEntry child = parent == cluster.get(0) ? cluster.get(1) : cluster.get(0);
        if (child.modifiedFee() * parent.vsize > parent.modifiedFee() * child.vsize) {
            return List.of(new Chunk(parent.modifiedFee() + child.modifiedFee(), parent.vsize + child.vsize));
        }
        return List.of(new Chunk(parent.modifiedFee(), parent.vsize), new Chunk(child.modifiedFee(), child.vsize));
    }

    /**
     * bitcoind's ImprovesFeerateDiagram for clusters of at most two: the diagram of the affected clusters after
     * the replacement (what stays of them, plus the package as one chunk) must be nowhere below and somewhere
     * above the diagram before.
     */
    private static boolean improvesFeerateDiagram(Set<PoolEntry> direct, Set<PoolEntry> evicted, long newFee, long newSize) {
        Set<PoolEntry> clustered = new LinkedHashSet<>();
        List<Chunk> before = new java.util.ArrayList<>();
        List<Chunk> after = new java.util.ArrayList<>();
        for (PoolEntry c : direct) {
            if (clustered.contains(c)) continue;
            List<PoolEntry> cluster = new java.util.ArrayList<>();
            cluster.add(c);
            cluster.addAll(c.parents);
            cluster.addAll(c.children);
            clustered.addAll(cluster);
            before.addAll(chunks(cluster));
            List<PoolEntry> stays = cluster.stream().filter(e -> !evicted.contains(e)).toList();
            if (!stays.isEmpty()) after.addAll(chunks(stays));
        }
        after.add(new Chunk(newFee, newSize));
        long[][] a = diagram(before);
        long[][] b = diagram(after);
        boolean better = false;
        for (long[][] pair : new long[][][] {a, b}) {
            for (long[] point : pair) {
                int cmp = compareAt(b, a, point[0]);
                if (cmp < 0) return false;
                if (cmp > 0) better = true;
            }
        }
        // Where one diagram ends before the other, the shorter one counts as flat beyond its end.
        return better;
    }

    /** Cumulative (size, fee) points of chunks sorted by fee rate, highest first, from (0, 0). */
    private static long[][] diagram(List<Chunk> chunks) {
        List<Chunk> sorted = new java.util.ArrayList<>(chunks);
        sorted.sort((x, y) -> Long.compare(y.fee() * x.size(), x.fee() * y.size()));
        long[][] points = new long[sorted.size() + 1][];
        points[0] = new long[] {0, 0};
        long size = 0;
        long fee = 0;
        for (int i = 0; i < sorted.size(); i++) {
            size += sorted.get(i).size();
            fee += sorted.get(i).fee();
            points[i + 1] = new long[] {size, fee};
        }
        return points;
    }

    /** Compares diagram {@code x} with {@code y} at size {@code at} (exactly, by cross-multiplication). */
    private static int compareAt(long[][] x, long[][] y, long at) {
        long[] fx = feeAt(x, at);
        long[] fy = feeAt(y, at);
        // fx[0]/fx[1] against fy[0]/fy[1], denominators positive.
        return java.math.BigInteger.valueOf(fx[0]).multiply(java.math.BigInteger.valueOf(fy[1]))
                .compareTo(java.math.BigInteger.valueOf(fy[0]).multiply(java.math.BigInteger.valueOf(fx[1])));
    }

    /** The diagram's fee at a size, as a fraction {numerator, denominator}; flat past its end. */
    private static long[] feeAt(long[][] d, long at) {
        for (int i = 1; i < d.length; i++) {
            if (at <= d[i][0]) {
                long dx = d[i][0] - d[i - 1][0];
                long dy = d[i][1] - d[i - 1][1];
                // fee = y0 + dy * (at - x0) / dx
                return new long[] {d[i - 1][1] * dx + dy * (at - d[i - 1][0]), dx};
            }
        }
        return new long[] {d[d.length - 1][1], 1};
    }

    /** What a package replacement check decided. */
    sealed interface Result {
        record Replaces(Set<PoolEntry> evicted) implements Result {
        }

        record Failed(PackageRbfFailure failure) implements Result {
        }
    }
}
