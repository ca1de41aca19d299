package dev.blocksmith.wallet.node;

import dev.blocksmith.core.consensus.ValidationException;
import dev.blocksmith.core.mempool.AcceptOptions;
import dev.blocksmith.core.mempool.AcceptResult;
import dev.blocksmith.core.mempool.FeeRate;
import dev.blocksmith.core.mempool.Mempool;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxOut;
import dev.blocksmith.wallet.TransactionBroadcaster;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * The wallet's broadcast over the node's mempool (bitcoind's BroadcastTransaction from the wallet): accept
 * with the RPC limits, then announce to peers with the accepted fee rate.
 */
public final class MempoolBroadcaster implements TransactionBroadcaster {
    private final Mempool mempool;
    private final BiConsumer<Transaction, FeeRate> announce;

    /** @param announce relays an accepted transaction to peers (the node's P2P announce); may do nothing */
    public MempoolBroadcaster(Mempool mempool, BiConsumer<Transaction, FeeRate> announce) {
        this.mempool = mempool;
        this.announce = announce;
    }

    @Override
    public Optional<String> submit(Transaction tx) {
        // bitcoind's BroadcastTransaction: one the mempool already holds is announced again (the wallet's periodic
        // resend relies on that to reach peers that joined since).
        Optional<dev.blocksmith.core.mempool.MempoolEntry> held = mempool.entry(tx.txid());
        if (held.isPresent()) {
            announce.accept(tx, FeeRate.of(held.get().modifiedFee(), held.get().vsize()));
            return Optional.empty();
        }
        try {
            AcceptResult r = mempool.accept(tx, AcceptOptions.rpc(AcceptOptions.DEFAULT_MAX_RAW_TX_FEE_RATE));
            announce.accept(tx, r.effectiveFeeRate());
            return Optional.empty();
        } catch (ValidationException e) {
            return Optional.of(e.getMessage());
        }
    }

    @Override
    public boolean inMempool(Sha256Hash txid) {
        return mempool.contains(txid);
    }

    @Override
    public Optional<TxOut> mempoolOutput(OutPoint op) {
        return mempool.get(op.txid()).filter(tx -> op.index() < tx.outputs().size()).map(tx -> tx.output((int) op.index()));
    }

    @Override
    public List<Transaction> mempoolTransactions() {
        return mempool.entries().stream().map(dev.blocksmith.core.mempool.MempoolEntry::tx).toList();
    }

    @Override
    public Optional<String> chainLimitViolation(Transaction tx) {
        return mempool.chainLimitViolation(tx);
    }

    @Override
    public Optional<List<Transaction>> mempoolAncestors(Sha256Hash txid) {
        return mempool.ancestorsOf(txid).map(l -> l.stream().map(dev.blocksmith.core.mempool.MempoolEntry::tx)
                .filter(t -> !t.txid().equals(txid)).toList());
    }

    @Override
    public Optional<dev.blocksmith.wallet.MempoolAncestry> ancestry(Sha256Hash txid) {
        return mempool.entry(txid).map(e -> new dev.blocksmith.wallet.MempoolAncestry(e.ancestorCount(), e.ancestorSize(), e.ancestorFees(),
                mempool.ancestorsOf(txid).orElse(List.of(e)).stream().mapToLong(dev.blocksmith.core.mempool.MempoolEntry::descendantCount)
                        .max().orElse(e.descendantCount())));
    }

    @Override
    public boolean hasDescendantsInMempool(Sha256Hash txid) {
        return mempool.descendantsOf(txid).map(ds -> ds.stream().anyMatch(d -> !d.tx().txid().equals(txid))).orElse(false);
    }

    @Override
    public dev.blocksmith.wallet.coinselection.FeeRate incrementalRelayFee() {
        return new dev.blocksmith.wallet.coinselection.FeeRate(mempool.options().incrementalRelayFee().satsPerKvB());
    }
}
