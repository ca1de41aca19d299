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
import java.util.Set;
import java.util.function.Function;

/**
 * The transactions of one wallet and what follows from them: which outputs are ours and unspent, which
 * transactions conflict with the chain, and the balances. The wallet's UTXO set is derived, never stored:
 * an output is unspent when no non-conflicted wallet transaction spends it, so connecting, disconnecting
 * or replacing a transaction needs no separate bookkeeping that could drift. Not thread-safe; the owning
 * wallet serialises access.
 */
public final class Ledger {
    private final Map<Sha256Hash, WalletTx> txs = new LinkedHashMap<>();
    private final Function<Script, Optional<WalletKeyLocation>> isMine;

    /** @param isMine the wallet's script lookup (Core's IsMine) */
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

    /** Records (or updates) a transaction; conflict states are recomputed for the whole ledger. */
    public void put(WalletTx wtx) {
        WalletTx old = txs.get(wtx.txid());
        long received = old != null ? old.timeReceived() : wtx.timeReceived();
        txs.put(wtx.txid(), new WalletTx(wtx.tx(), wtx.state(), wtx.block(), received));
        recomputeConflicts();
    }

    /** Forgets a transaction (one replaced by the wallet's own fee bump), then re-derives conflicts. */
    public void remove(Sha256Hash txid) {
        txs.remove(txid);
        recomputeConflicts();
    }

    /** A block left the best chain: its transactions become pending again (its coinbase can never confirm). */
    public void blockDisconnected(Sha256Hash blockHash) {
        for (WalletTx w : List.copyOf(txs.values())) {
            if (w.block().isPresent() && w.block().get().blockHash().equals(blockHash)) {
                txs.put(w.txid(), w.withState(w.tx().isCoinbase() ? WalletTx.State.CONFLICTED : WalletTx.State.PENDING));
            }
        }
        recomputeConflicts();
    }

    /**
     * An unconfirmed transaction is conflicted when a confirmed one spends one of the same outputs, or when
     * it spends the output of a conflicted transaction (Core marks the whole descendant set). Recomputed to
     * a fixpoint from the confirmed set, so a reorg that removes the conflicting block revives it.
     */
    private void recomputeConflicts() {
        Map<OutPoint, Sha256Hash> spentByConfirmed = new HashMap<>();
        for (WalletTx w : txs.values()) {
            if (w.state() == WalletTx.State.CONFIRMED && !w.tx().isCoinbase()) {
                for (TxIn in : w.tx().inputs()) spentByConfirmed.put(in.prevout(), w.txid());
            }
        }
        Set<Sha256Hash> conflicted = new HashSet<>();
        boolean changed = true;
        while (changed) {
            changed = false;
            for (WalletTx w : txs.values()) {
                if (w.state() == WalletTx.State.CONFIRMED || conflicted.contains(w.txid())) continue;
                boolean bad = w.tx().isCoinbase();
                if (!bad) {
                    for (TxIn in : w.tx().inputs()) {
                        Sha256Hash spender = spentByConfirmed.get(in.prevout());
                        if ((spender != null && !spender.equals(w.txid())) || conflicted.contains(in.prevout().txid())) {
                            bad = true;
                            break;
                        }
                    }
                }
                if (bad) {
                    conflicted.add(w.txid());
                    changed = true;
                }
            }
        }
        for (WalletTx w : List.copyOf(txs.values())) {
            if (w.state() == WalletTx.State.CONFIRMED) continue;
            WalletTx.State s = conflicted.contains(w.txid()) ? WalletTx.State.CONFLICTED : WalletTx.State.PENDING;
            if (s != w.state()) txs.put(w.txid(), w.withState(s));
        }
    }

    /** Our output at {@code op}, if a wallet transaction created it and it pays one of our scripts. */
    public Optional<TxOut> ourOutput(OutPoint op) {
        WalletTx w = txs.get(op.txid());
        if (w == null || op.index() >= w.tx().outputs().size()) return Optional.empty();
        TxOut o = w.tx().output((int) op.index());
        return isMine.apply(o.scriptPubKey()).isPresent() ? Optional.of(o) : Optional.empty();
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

    /** The fee of a transaction whose inputs are all ours (otherwise the input values are unknown). */
    public Optional<Long> fee(Transaction tx) {
        if (!allInputsMine(tx)) return Optional.empty();
        long out = 0;
        for (TxOut o : tx.outputs()) out += o.value();
        return Optional.of(debit(tx) - out);
    }

    /** Outputs spent by a transaction that is confirmed or still may confirm. */
    private Set<OutPoint> spentOutpoints() {
        Set<OutPoint> spent = new HashSet<>();
        for (WalletTx w : txs.values()) {
            if (w.state() == WalletTx.State.CONFLICTED || w.tx().isCoinbase()) continue;
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
        List<WalletCoin> out = new ArrayList<>();
        for (WalletTx w : txs.values()) {
            if (w.state() == WalletTx.State.CONFLICTED) continue;
            int depth = w.confirmations(tipHeight);
            boolean coinbase = w.tx().isCoinbase();
            boolean mature = !coinbase || depth > coinbaseMaturity;
            boolean trusted = depth >= 1 || allInputsMine(w.tx());
            for (int i = 0; i < w.tx().outputs().size(); i++) {
                TxOut o = w.tx().output(i);
                OutPoint op = new OutPoint(w.txid(), i);
                if (spent.contains(op)) continue;
                Optional<WalletKeyLocation> where = isMine.apply(o.scriptPubKey());
                if (where.isEmpty()) continue;
                out.add(new WalletCoin(op, o, where.get(), depth, coinbase, trusted, mature));
            }
        }
        return out;
    }

    public WalletBalances balances(int tipHeight, int coinbaseMaturity) {
        long trusted = 0;
        long pending = 0;
        long immature = 0;
        for (WalletCoin c : unspent(tipHeight, coinbaseMaturity)) {
            long v = c.output().value();
            if (!c.mature()) immature += v;
            else if (c.trusted()) trusted += v;
            else pending += v;
        }
        return new WalletBalances(Amount.ofSats(trusted), Amount.ofSats(pending), Amount.ofSats(immature));
    }
}
