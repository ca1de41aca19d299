package dev.blocksmith.p2p.testing;

import dev.blocksmith.core.mempool.RelayInfo;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.p2p.sync.MempoolBackend;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Test mempool: a transaction is accepted when every input spends a registered "confirmed" txid or a
 * mempool transaction; otherwise it is reported as missing inputs. Every accepted tx pays 2000 sat/kvB.
 */
public final class FakeMempool implements MempoolBackend {
    private final Map<Sha256Hash, Transaction> byTxid = new LinkedHashMap<>();
    private final Map<Sha256Hash, Transaction> byWtxid = new LinkedHashMap<>();
    private final Set<Sha256Hash> confirmed = new HashSet<>();
    private final Set<Sha256Hash> served = new HashSet<>();
    /** txid -> the outcome every submission of it gets, for rejections the fake cannot work out itself. */
    private final Map<Sha256Hash, TxResult> fixedOutcomes = new LinkedHashMap<>();
    private final Map<Sha256Hash, Integer> submissions = new LinkedHashMap<>();
    /** txid -> relay sequence at acceptance (bitcoind's entry_sequence). */
    private final Map<Sha256Hash, Long> entrySequence = new HashMap<>();
    private long relaySequence = 1;

    public synchronized void confirm(Sha256Hash txid) {
        confirmed.add(txid);
    }

    /** Every later submission of {@code txid} gets {@code outcome}. */
    public synchronized void outcome(Sha256Hash txid, TxResult outcome) {
        fixedOutcomes.put(txid, outcome);
    }

    /** How often a transaction with this txid was submitted. */
    public synchronized int submissions(Sha256Hash txid) {
        return submissions.getOrDefault(txid, 0);
    }

    @Override
    public synchronized TxResult accept(Transaction tx) {
        submissions.merge(tx.txid(), 1, Integer::sum);
        TxResult fixed = fixedOutcomes.get(tx.txid());
        if (fixed != null) return fixed;
        if (byTxid.containsKey(tx.txid())) return new TxResult.Rejected("txn-already-in-mempool");
        for (TxIn in : tx.inputs()) {
            Sha256Hash parent = in.prevout().txid();
            if (!confirmed.contains(parent) && !byTxid.containsKey(parent)) return new TxResult.MissingInputs();
        }
        byTxid.put(tx.txid(), tx);
        byWtxid.put(tx.wtxid(), tx);
        entrySequence.put(tx.txid(), relaySequence++);
        return new TxResult.Accepted(2000);
    }

    @Override
    public synchronized boolean contains(Sha256Hash h) {
        return byTxid.containsKey(h) || byWtxid.containsKey(h);
    }

    @Override
    public synchronized Optional<Transaction> get(Sha256Hash h) {
        return Optional.ofNullable(byTxid.getOrDefault(h, byWtxid.get(h)));
    }

    /** Every accepted transaction pays 2000 sat/kvB and has no in-mempool ancestors counted. */
    @Override
    public synchronized Optional<RelayInfo> relayInfo(Sha256Hash hash, boolean byWtxid) {
        Transaction tx = (byWtxid ? this.byWtxid : byTxid).get(hash);
        if (tx == null) return Optional.empty();
        long fee = 2L * tx.vsize();
        return Optional.of(new RelayInfo(tx, fee, fee, tx.vsize(), 1, entrySequence.get(tx.txid())));
    }

    @Override
    public synchronized long relaySequence() {
        return relaySequence;
    }

    @Override
    public synchronized void served(Transaction tx) {
        served.add(tx.txid());
    }

    /** Whether a peer has fetched this transaction from us. */
    public synchronized boolean wasServed(Sha256Hash txid) {
        return served.contains(txid);
    }

    @Override
    public long minRelayFeeRatePerKvB() {
        return 1000;
    }
}
