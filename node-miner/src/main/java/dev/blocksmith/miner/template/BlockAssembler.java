package dev.blocksmith.miner.template;

import dev.blocksmith.core.mempool.FeeRate;
import dev.blocksmith.core.mempool.MiningCandidate;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.tx.Transaction;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Chooses a block's transactions from the mempool by ancestor-package fee rate (bitcoind's BlockAssembler
 * addPackageTxs): the best package by modified fee rate goes in whole, parents before children, and
 * packages whose ancestors are already in are re-scored without them, so a child pays for its parent.
 * Works on a snapshot of the pool ({@link MiningCandidate}s), outside the mempool lock.
 */
public final class BlockAssembler {
    /** bitcoind's MAX_CONSECUTIVE_FAILURES once a template is nearly full. */
    private static final int MAX_CONSECUTIVE_FAILURES = 1000;
    /** bitcoind's BLOCK_FULL_ENOUGH_WEIGHT_DELTA. */
    private static final long BLOCK_FULL_ENOUGH_WEIGHT_DELTA = 4000;

    private BlockAssembler() {
    }

    /** One candidate in the dependency graph, with its place in entry order as the tie-break. */
    private static final class Node {
        final MiningCandidate c;
        final int order;
        final List<Node> parents = new ArrayList<>();
        final List<Node> children = new ArrayList<>();

        Node(MiningCandidate c, int order) {
            this.c = c;
            this.order = order;
        }
    }

    private record Package(Node node, long fees, long size, long sigops) {
    }

    private static final Comparator<Package> BEST_FIRST = (a, b) -> {
        int c = Long.compare(b.fees * a.size, a.fees * b.size);
        if (c != 0) return c;
        return Integer.compare(a.node.order, b.node.order);
    };

    /**
     * @param candidates the mempool in entry order (parents before children)
     * @param maxWeight weight available to transactions (the caller reserves the coinbase's share)
     * @param maxSigopCost sigop cost available to transactions
     * @param blockMinFeeRate -blockmintxfee: packages below it are left out
     */
    public static List<TemplateTransaction> select(List<MiningCandidate> candidates, long maxWeight, long maxSigopCost,
                                                   FeeRate blockMinFeeRate) {
        Map<Sha256Hash, Node> byTxid = new HashMap<>();
        List<Node> nodes = new ArrayList<>(candidates.size());
        for (MiningCandidate c : candidates) {
            Node n = new Node(c, nodes.size());
            nodes.add(n);
            byTxid.put(c.txid(), n);
        }
        for (Node n : nodes) {
            for (Sha256Hash p : n.c.parents()) {
                Node parent = byTxid.get(p);
                if (parent != null) {
                    n.parents.add(parent);
                    parent.children.add(n);
                }
            }
        }
        Set<Node> inBlock = new HashSet<>();
        PriorityQueue<Package> queue = new PriorityQueue<>(BEST_FIRST);
        for (Node n : nodes) queue.add(score(n, inBlock));
        Map<Node, Package> current = new HashMap<>();
        Set<Node> failed = new HashSet<>();
        List<TemplateTransaction> out = new ArrayList<>();
        long weight = 0;
        long sigops = 0;
        int consecutiveFailures = 0;
        while (!queue.isEmpty()) {
            Package p = queue.poll();
            Node n = p.node();
            if (inBlock.contains(n) || failed.contains(n)) continue;
            Package latest = current.get(n);
            if (latest != null && latest != p) continue;
            // Packages come out in fee-rate order, so the first one below the floor ends the selection.
            if (p.fees() < blockMinFeeRate.feeFor(p.size())) break;
            long packageWeight = p.size() * Transaction.WITNESS_SCALE_FACTOR;
            if (weight + packageWeight > maxWeight || sigops + p.sigops() > maxSigopCost) {
                failed.add(n);
                consecutiveFailures++;
                if (consecutiveFailures > MAX_CONSECUTIVE_FAILURES && weight > maxWeight - BLOCK_FULL_ENOUGH_WEIGHT_DELTA) break;
                continue;
            }
            List<Node> pkg = new ArrayList<>();
            pkg.add(n);
            for (Node a : ancestors(n)) {
                if (!inBlock.contains(a)) pkg.add(a);
            }
            // Parents first: fewer ancestors first, then entry order.
            pkg.sort(Comparator.comparingInt((Node x) -> ancestors(x).size()).thenComparingInt(x -> x.order));
            Set<Node> touched = new LinkedHashSet<>();
            for (Node x : pkg) {
                out.add(new TemplateTransaction(x.c.tx(), x.c.fee(), x.c.sigopCost()));
                inBlock.add(x);
                current.remove(x);
            }
            for (Node x : pkg) touched.addAll(descendants(x));
            weight += packageWeight;
            sigops += p.sigops();
            consecutiveFailures = 0;
            for (Node d : touched) {
                if (inBlock.contains(d) || failed.contains(d)) continue;
                Package updated = score(d, inBlock);
                current.put(d, updated);
                queue.add(updated);
            }
        }
        return out;
    }

    /** The node with its ancestors not yet in the block, as one package. */
    private static Package score(Node n, Set<Node> inBlock) {
        long fees = n.c.modifiedFee();
        long size = n.c.vsize();
        long sigops = n.c.sigopCost();
        for (Node a : ancestors(n)) {
            if (inBlock.contains(a)) continue;
            fees += a.c.modifiedFee();
            size += a.c.vsize();
            sigops += a.c.sigopCost();
        }
        return new Package(n, fees, size, sigops);
    }

    private static Set<Node> ancestors(Node n) {
        Set<Node> out = new LinkedHashSet<>();
        Deque<Node> todo = new ArrayDeque<>(n.parents);
        while (!todo.isEmpty()) {
            Node p = todo.poll();
            if (out.add(p)) todo.addAll(p.parents);
        }
        return out;
    }

    private static Set<Node> descendants(Node n) {
        Set<Node> out = new LinkedHashSet<>();
        Deque<Node> todo = new ArrayDeque<>(n.children);
        while (!todo.isEmpty()) {
            Node c = todo.poll();
            if (out.add(c)) todo.addAll(c.children);
        }
        return out;
    }
}
