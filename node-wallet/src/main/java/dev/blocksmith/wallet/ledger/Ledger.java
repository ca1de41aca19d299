package dev.blocksmith.wallet.ledger;

import dev.blocksmith.core.primitives.Amount;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.core.tx.TxOut;
import dev.blocksmith.wallet.WalletKeyLocation;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The transactions of one wallet and what follows from them: which outputs are ours and unspent, which
 * transactions conflict with the chain, and the balances. The wallet's UTXO set is derived, never stored:
 * an output is unspent when no active (confirmed or pending) wallet transaction spends it, so connecting,
 * disconnecting, replacing or abandoning a transaction needs no separate bookkeeping that could drift. Not thread-safe; the owning
 * wallet serialises access.
 */
public final class Ledger {
    private final Map<Sha256Hash, WalletTx> txs = new LinkedHashMap<>();
    private final Function<Script, Optional<WalletKeyLocation>> isMine;

    /** @param isMine the wallet's script lookup (Core's IsMine) */
    /**
     * Whether our own unconfirmed transactions count as trusted (-spendzeroconfchange, bitcoind's
     * CachedTxIsTrusted: with it off only confirmed transactions are).
     */
    private boolean trustOwnUnconfirmed = true;

    public void setTrustOwnUnconfirmed(boolean trust) {
        trustOwnUnconfirmed = trust;
    }

    /**
     * Unconfirmed transactions the node's mempool holds, as the wallet last heard (bitcoind's TxStateInMempool).
     * Not stored: as bitcoind, a loaded wallet's unconfirmed transactions count as out of the mempool until it
     * takes them again.
     */
    private final Set<Sha256Hash> inMempool = new HashSet<>();

    /** The mempool took the transaction ({@code held}) or let it go. */
    public void setInMempool(Sha256Hash txid, boolean held) {
        if (held) inMempool.add(txid);
        else inMempool.remove(txid);
    }

    public boolean inMempool(Sha256Hash txid) {
        return inMempool.contains(txid);
    }

    /**
     * Where a block transaction the wallet does not keep spends an output that one of our unconfirmed transactions
     * spends too.
     */
    public record BlockSpend(Sha256Hash spender, Sha256Hash blockHash, int height) {
    }

    /**
     * Outputs that such block transactions spend (bitcoind's AddToWalletIfInvolvingMe calls MarkConflicted for
     * every confirmed transaction sharing an input with a wallet transaction, ours or not): our spenders of them and
     * their descendants are conflicted while the block stays in the chain.
     */
    private final Map<OutPoint, BlockSpend> foreignBlockSpends = new HashMap<>();

    public Ledger(Function<Script, Optional<WalletKeyLocation>> isMine) {
        this.isMine = isMine;
    }

    public Optional<WalletTx> get(Sha256Hash txid) {
        return Optional.ofNullable(txs.get(txid));
    }

    /** All transactions, in the order the wallet first saw them. */
    public Collection<WalletTx> all() {
        return List.copyOf(txs.values());
    }

    /** Core's AddToWalletIfInvolvingMe test: pays to one of our scripts or spends one of our outputs. */
    public boolean involvesMe(Transaction tx) {
        for (TxOut o : tx.outputs()) if (isMine.apply(o.scriptPubKey()).isPresent()) return true;
        if (tx.isCoinbase()) return false;
        for (TxIn in : tx.inputs()) if (ourOutput(in.prevout()).isPresent()) return true;
        return false;
    }

    /**
     * Records (or updates) a transaction, keeping the time and notes of an earlier record of it; states are
     * recomputed for the whole ledger.
     */
    public void put(WalletTx wtx) {
        WalletTx old = txs.get(wtx.txid());
        long received = old != null ? old.timeReceived() : wtx.timeReceived();
        WalletTx.Notes notes = old != null ? old.notes() : wtx.notes();
        // bitcoind's confirmed state replaces an abandoned one: should the block leave the chain again, the
        // transaction is plainly unconfirmed.
        if (wtx.state() == WalletTx.State.CONFIRMED) notes = notes.unabandoned();
        txs.put(wtx.txid(), new WalletTx(wtx.tx(), wtx.state(), wtx.block(), received, notes, wtx.conflictHeight()));
        recomputeStates();
    }

    /** Forgets a transaction (removeprunedfunds); the other states are re-derived without it. */
    public boolean remove(Sha256Hash txid) {
        boolean had = txs.remove(txid) != null;
        inMempool.remove(txid);
        if (had) recomputeStates();
        return had;
    }

    /** Changes what the wallet notes about a transaction it holds, then re-derives every state. */
    public void annotate(Sha256Hash txid, UnaryOperator<WalletTx.Notes> change) {
        WalletTx w = txs.get(txid);
        if (w == null) return;
        txs.put(txid, w.withNotes(change.apply(w.notes())));
        recomputeStates();
    }

    /**
     * Block transactions the wallet does not keep: each input that one of our unconfirmed transactions spends too
     * is remembered, which conflicts that transaction and its descendants.
     *
     * @return whether any was remembered
     */
    public boolean recordForeignBlockSpends(List<Transaction> blockTxs, Sha256Hash blockHash, int height) {
        Set<OutPoint> ours = new HashSet<>();
        for (WalletTx w : txs.values()) {
            if (w.state() == WalletTx.State.CONFIRMED || w.tx().isCoinbase()) continue;
            for (TxIn in : w.tx().inputs()) ours.add(in.prevout());
        }
        if (ours.isEmpty()) return false;
        boolean any = false;
        for (Transaction tx : blockTxs) {
            if (tx.isCoinbase() || txs.containsKey(tx.txid())) continue;
            for (TxIn in : tx.inputs()) {
                if (ours.contains(in.prevout())) {
                    foreignBlockSpends.put(in.prevout(), new BlockSpend(tx.txid(), blockHash, height));
                    any = true;
                }
            }
        }
        if (any) recomputeStates();
        return any;
    }

    /** The remembered foreign block spends (for the wallet file). */
    public Map<OutPoint, BlockSpend> foreignBlockSpends() {
        return Map.copyOf(foreignBlockSpends);
    }

    /** Restores remembered foreign block spends read from the wallet file. */
    public void restoreForeignBlockSpends(Map<OutPoint, BlockSpend> spends) {
        foreignBlockSpends.putAll(spends);
        recomputeStates();
    }

    /** The blocks holding remembered foreign spends (the wallet takes back those that left the chain at load). */
    public Set<Sha256Hash> foreignSpendBlocks() {
        Set<Sha256Hash> out = new HashSet<>();
        for (BlockSpend b : foreignBlockSpends.values()) out.add(b.blockHash());
        return out;
    }

    /**
     * A block left the best chain: its transactions become pending again. Its coinbase can never confirm elsewhere,
     * so as bitcoind (AddToWallet with an inactive coinbase) it is abandoned together with every unconfirmed wallet
     * transaction descending from it; they stay abandoned should the block come back, as bitcoind's do.
     */
    public void blockDisconnected(Sha256Hash blockHash) {
        List<Sha256Hash> coinbases = new ArrayList<>();
        for (WalletTx w : List.copyOf(txs.values())) {
            if (w.block().isPresent() && w.block().get().blockHash().equals(blockHash)) {
                txs.put(w.txid(), w.withState(WalletTx.State.PENDING));
                if (w.tx().isCoinbase()) coinbases.add(w.txid());
            }
        }
        // Its foreign spends no longer conflict ours (bitcoind's blockDisconnected makes them inactive again).
        foreignBlockSpends.values().removeIf(b -> b.blockHash().equals(blockHash));
        for (Sha256Hash coinbase : coinbases) {
            List<Sha256Hash> abandon = new ArrayList<>(List.of(coinbase));
            for (WalletTx d : unconfirmedDescendants(coinbase)) abandon.add(d.txid());
            for (Sha256Hash txid : abandon) {
                WalletTx w = txs.get(txid);
                txs.put(txid, w.withNotes(w.notes().abandon()));
            }
        }
        recomputeStates();
    }

    /**
     * Every unconfirmed transaction's state, derived from the confirmed ones and the notes so that a reorg or a
     * new note can never leave a stale state behind. Conflicted: a confirmed transaction spends one of the same
     * outputs, or it spends an output of a conflicted one (Core marks the whole descendant set, with the
     * conflicting block's height). Inactive: an unconfirmed coinbase, abandoned, or replaced in the mempool, or
     * spending an output of an inactive one. Pending otherwise.
     */
    private void recomputeStates() {
        Map<OutPoint, Integer> spentByConfirmedAt = new HashMap<>();
        Map<OutPoint, Sha256Hash> spentByConfirmed = new HashMap<>();
        for (var e : foreignBlockSpends.entrySet()) {
            spentByConfirmed.put(e.getKey(), e.getValue().spender());
            spentByConfirmedAt.put(e.getKey(), e.getValue().height());
        }
        for (WalletTx w : txs.values()) {
            if (w.state() == WalletTx.State.CONFIRMED && !w.tx().isCoinbase()) {
                for (TxIn in : w.tx().inputs()) {
                    spentByConfirmed.put(in.prevout(), w.txid());
                    spentByConfirmedAt.put(in.prevout(), w.block().get().height());
                }
            }
        }
        Map<Sha256Hash, OptionalInt> conflicted = new HashMap<>();
        Set<Sha256Hash> inactive = new HashSet<>();
        boolean changed = true;
        while (changed) {
            changed = false;
            for (WalletTx w : txs.values()) {
                if (w.state() == WalletTx.State.CONFIRMED || conflicted.containsKey(w.txid())) continue;
                Optional<OptionalInt> conflict = conflictOf(w, spentByConfirmed, spentByConfirmedAt, conflicted);
                if (conflict.isPresent()) {
                    conflicted.put(w.txid(), conflict.get());
                    inactive.remove(w.txid());
                    changed = true;
                } else if (!inactive.contains(w.txid()) && isInactive(w, inactive)) {
                    inactive.add(w.txid());
                    changed = true;
                }
            }
        }
        for (WalletTx w : List.copyOf(txs.values())) {
            if (w.state() == WalletTx.State.CONFIRMED) continue;
            WalletTx next;
            // A block conflicting an abandoned transaction ends its abandonment for good, as bitcoind's
            // block-conflicted state replaces the abandoned (inactive) one.
            if (conflicted.containsKey(w.txid())) next = w.conflictedAt(conflicted.get(w.txid())).withNotes(w.notes().unabandoned());
            else next = w.withState(inactive.contains(w.txid()) ? WalletTx.State.INACTIVE : WalletTx.State.PENDING);
            if (!next.equals(w)) txs.put(w.txid(), next);
        }
    }

    private static Optional<OptionalInt> conflictOf(WalletTx w, Map<OutPoint, Sha256Hash> spentByConfirmed, Map<OutPoint, Integer> spentAt,
                                                     Map<Sha256Hash, OptionalInt> conflicted) {
        if (w.tx().isCoinbase()) return Optional.empty();
        for (TxIn in : w.tx().inputs()) {
            Sha256Hash spender = spentByConfirmed.get(in.prevout());
            if (spender != null && !spender.equals(w.txid())) return Optional.of(OptionalInt.of(spentAt.get(in.prevout())));
            OptionalInt parent = conflicted.get(in.prevout().txid());
            if (parent != null) return Optional.of(parent);
        }
        return Optional.empty();
    }

    private static boolean isInactive(WalletTx w, Set<Sha256Hash> inactive) {
        // An unconfirmed coinbase (its block left the chain) is inactive: bitcoind's depth 0, listed as "orphan".
        if (w.tx().isCoinbase() || w.notes().abandoned() || w.notes().mempoolReplacement().isPresent()) return true;
        for (TxIn in : w.tx().inputs()) if (inactive.contains(in.prevout().txid())) return true;
        return false;
    }

    /**
     * bitcoind's mempool_conflicts, which it records on a replaced transaction's descendants too: the transactions
     * the mempool took in place of this one or of any of its unconfirmed ancestors in the wallet.
     */
    public List<Sha256Hash> mempoolConflicts(WalletTx wtx) {
        Set<Sha256Hash> out = new java.util.LinkedHashSet<>();
        Set<Sha256Hash> seen = new HashSet<>();
        java.util.ArrayDeque<WalletTx> todo = new java.util.ArrayDeque<>(List.of(wtx));
        while (!todo.isEmpty()) {
            WalletTx t = todo.pop();
            if (!seen.add(t.txid()) || t.state() == WalletTx.State.CONFIRMED) continue;
            t.notes().mempoolReplacement().ifPresent(out::add);
            if (t.tx().isCoinbase()) continue;
            for (TxIn in : t.tx().inputs()) {
                WalletTx parent = txs.get(in.prevout().txid());
                if (parent != null) todo.push(parent);
            }
        }
        return List.copyOf(out);
    }

    /** Unconfirmed wallet transactions that spend an output of {@code txid}, recursively (its descendants). */
    public List<WalletTx> unconfirmedDescendants(Sha256Hash txid) {
        List<WalletTx> out = new ArrayList<>();
        Set<Sha256Hash> seen = new HashSet<>(Set.of(txid));
        boolean changed = true;
        while (changed) {
            changed = false;
            for (WalletTx w : txs.values()) {
                if (w.state() == WalletTx.State.CONFIRMED || seen.contains(w.txid())) continue;
                for (TxIn in : w.tx().inputs()) {
                    if (seen.contains(in.prevout().txid())) {
                        seen.add(w.txid());
                        out.add(w);
                        changed = true;
                        break;
                    }
                }
            }
        }
        return out;
    }

    /** Other wallet transactions spending any of the same outputs (gettransaction "walletconflicts"). */
    public List<Sha256Hash> conflictsOf(Transaction tx) {
        List<Sha256Hash> out = new ArrayList<>();
        if (tx.isCoinbase()) return out;
        Set<OutPoint> mine = new HashSet<>();
        for (TxIn in : tx.inputs()) mine.add(in.prevout());
        for (WalletTx other : txs.values()) {
            if (other.txid().equals(tx.txid()) || other.tx().isCoinbase()) continue;
            for (TxIn in : other.tx().inputs()) {
                if (mine.contains(in.prevout())) {
                    out.add(other.txid());
                    break;
                }
            }
        }
        return out;
    }

    /** Our output at {@code op}, if a wallet transaction created it and it pays one of our scripts. */
    public Optional<TxOut> ourOutput(OutPoint op) {
        WalletTx w = txs.get(op.txid());
        if (w == null || op.index() >= w.tx().outputs().size()) return Optional.empty();
        TxOut o = w.tx().output((int) op.index());
        return isMine.apply(o.scriptPubKey()).isPresent() ? Optional.of(o) : Optional.empty();
    }

    /**
     * bitcoind's CachedTxIsTrusted: confirmed; or, with -spendzeroconfchange, unconfirmed but held by the mempool,
     * spending only our outputs, each of a transaction that is trusted in turn. A conflicted transaction is not.
     */
    public boolean isTrusted(WalletTx w, int tipHeight) {
        return isTrusted(w, tipHeight, new HashSet<>());
    }

    private boolean isTrusted(WalletTx w, int tipHeight, Set<Sha256Hash> trustedParents) {
        int depth = w.confirmations(tipHeight);
        if (depth >= 1) return true;
        if (depth < 0 || !trustOwnUnconfirmed || w.tx().isCoinbase()) return false;
        // Replaced or abandoned (inactive) is out of the mempool whatever was last heard.
        if (w.state() != WalletTx.State.PENDING || !inMempool.contains(w.txid())) return false;
        for (TxIn in : w.tx().inputs()) {
            if (ourOutput(in.prevout()).isEmpty()) return false;
            Sha256Hash parent = in.prevout().txid();
            if (trustedParents.contains(parent)) continue;
            if (!isTrusted(txs.get(parent), tipHeight, trustedParents)) return false;
            trustedParents.add(parent);
        }
        return true;
    }

    /** Core's CachedTxIsFromMe with all inputs: every input spends one of our outputs. */
    public boolean allInputsMine(Transaction tx) {
        if (tx.isCoinbase()) return false;
        for (TxIn in : tx.inputs()) if (ourOutput(in.prevout()).isEmpty()) return false;
        return true;
    }

    /** What the transaction takes from us: the value of our outputs it spends. */
    public long debit(Transaction tx) {
        if (tx.isCoinbase()) return 0;
        long sum = 0;
        for (TxIn in : tx.inputs()) sum += ourOutput(in.prevout()).map(TxOut::value).orElse(0L);
        return sum;
    }

    /** What the transaction pays us. */
    public long credit(Transaction tx) {
        long sum = 0;
        for (TxOut o : tx.outputs()) if (isMine.apply(o.scriptPubKey()).isPresent()) sum += o.value();
        return sum;
    }

    /**
     * The fee as bitcoind's wallet reports it (gettransaction and listtransactions "fee"): for a transaction that
     * spends any output of ours, what it takes from us minus all it pays out. With inputs of others (a coinjoin)
     * that is not the real fee, as in bitcoind (bitcoin/bitcoin#14136). Empty when none of the inputs is ours.
     */
    public Optional<Long> fee(Transaction tx) {
        if (debit(tx) <= 0) return Optional.empty();
        long out = 0;
        for (TxOut o : tx.outputs()) out += o.value();
        return Optional.of(debit(tx) - out);
    }

    /** Whether a confirmed or pending wallet transaction spends this output (Core's IsSpent). */
    public boolean isSpent(OutPoint op) {
        return spentOutpoints().contains(op);
    }

    /**
     * Whether a transaction that is confirmed or still may confirm spends one of {@code txid}'s outputs (bitcoind's
     * HasWalletSpend: abandoned and conflicted spenders do not count).
     */
    public boolean hasActiveSpend(Sha256Hash txid) {
        for (WalletTx w : txs.values()) {
            if (!w.isActive() || w.tx().isCoinbase()) continue;
            for (TxIn in : w.tx().inputs()) {
                if (in.prevout().txid().equals(txid)) return true;
            }
        }
        return false;
    }

    /**
     * The scripts of our outputs that a wallet transaction spends, in whatever state it is now (Core's used
     * destinations: bitcoind marks an address used when a spending transaction enters the wallet and never unmarks
     * it).
     */
    public Set<Script> spentFromScripts() {
        Set<Script> used = new HashSet<>();
        for (WalletTx w : txs.values()) {
            if (w.tx().isCoinbase()) continue;
            for (TxIn in : w.tx().inputs()) ourOutput(in.prevout()).ifPresent(o -> used.add(o.scriptPubKey()));
        }
        return used;
    }

    /** Outputs spent by a transaction that is confirmed or still may confirm. */
    private Set<OutPoint> spentOutpoints() {
        Set<OutPoint> spent = new HashSet<>();
        for (WalletTx w : txs.values()) {
            if (!w.isActive() || w.tx().isCoinbase()) continue;
            for (TxIn in : w.tx().inputs()) spent.add(in.prevout());
        }
        return spent;
    }

    /**
     * Our unspent outputs at a tip height.
     *
     * @param coinbaseMaturity the network's maturity (100); a coinbase output is mature at depth maturity + 1,
     *     the first depth at which a block may spend it (Core's GetBlocksToMaturity)
     */
    public List<WalletCoin> unspent(int tipHeight, int coinbaseMaturity) {
        Set<OutPoint> spent = spentOutpoints();
        Set<Sha256Hash> trustedParents = new HashSet<>();
        List<WalletCoin> out = new ArrayList<>();
        for (WalletTx w : txs.values()) {
            if (!w.isActive()) continue;
            int depth = w.confirmations(tipHeight);
            // bitcoind's AvailableCoins: an unconfirmed transaction the mempool does not hold may never confirm (a
            // conflict among its ancestors can go unseen), so its outputs are neither spendable nor in a balance.
            if (depth == 0 && !inMempool.contains(w.txid())) continue;
            boolean coinbase = w.tx().isCoinbase();
            boolean mature = !coinbase || depth > coinbaseMaturity;
            boolean trusted = isTrusted(w, tipHeight, trustedParents);
            // Core's OutputIsSafe: an unconfirmed fee bump (or bumped) transaction may still be replaced.
            boolean replacement = w.notes().replacesTxid().isPresent() || w.notes().replacedByTxid().isPresent();
            boolean safe = trusted && (depth >= 1 || !replacement);
            boolean fromMe = debit(w.tx()) > 0;
            for (int i = 0; i < w.tx().outputs().size(); i++) {
                TxOut o = w.tx().output(i);
                OutPoint op = new OutPoint(w.txid(), i);
                if (spent.contains(op)) continue;
                Optional<WalletKeyLocation> where = isMine.apply(o.scriptPubKey());
                if (where.isEmpty()) continue;
                out.add(new WalletCoin(op, o, where.get(), depth, coinbase, trusted, mature, safe, fromMe));
            }
        }
        return out;
    }

    public WalletBalances balances(int tipHeight, int coinbaseMaturity) {
        return balances(tipHeight, coinbaseMaturity, false);
    }

    /** @param withoutDirty leave out coins paid to an address already spent from (avoid_reuse) */
    public WalletBalances balances(int tipHeight, int coinbaseMaturity, boolean withoutDirty) {
        long trusted = 0;
        long pending = 0;
        long immature = 0;
        Set<Script> dirty = withoutDirty ? spentFromScripts() : Set.of();
        for (WalletCoin c : unspent(tipHeight, coinbaseMaturity)) {
            if (dirty.contains(c.output().scriptPubKey())) continue;
            long v = c.output().value();
            if (!c.mature()) immature += v;
            else if (c.trusted()) trusted += v;
            else pending += v;
        }
        return new WalletBalances(Amount.ofSats(trusted), Amount.ofSats(pending), Amount.ofSats(immature));
    }
}
