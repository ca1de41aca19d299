package dev.blocksmith.p2p.sync;

import dev.blocksmith.core.mempool.RelayInfo;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.tx.Transaction;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/** What transaction relay needs from the mempool. Implementations must be thread-safe. */
public interface MempoolBackend {

    TxResult accept(Transaction tx);

    /** By txid or wtxid. */
    boolean contains(Sha256Hash txidOrWtxid);

    /** By txid or wtxid. */
    Optional<Transaction> get(Sha256Hash txidOrWtxid);

    /**
     * Every pooled transaction, in no particular order: compact block reconstruction (BIP152) matches each one's
     * wtxid against a block's short ids. A snapshot; later changes to the pool do not show in it.
     */
    default List<Transaction> transactions() {
        return List.of();
    }

    /** An entry as relay needs it, by wtxid ({@code byWtxid}) or by txid; empty if not pooled. */
    Optional<RelayInfo> relayInfo(Sha256Hash hash, boolean byWtxid);

    /** The mempool's relay sequence number now (bitcoind's CTxMemPool::GetSequence). */
    long relaySequence();

    /** Locally submitted transactions no peer has fetched yet (bitcoind's unbroadcast set), by txid. */
    default Set<Sha256Hash> unbroadcast() {
        return Set.of();
    }

    /** Forgets an unbroadcast transaction that is no longer in the mempool. */
    default void removeUnbroadcast(Sha256Hash txid) {
    }

    /**
     * Submits a parent with its child as a package (bitcoind's ProcessNewPackage for opportunistic 1p1c
     * relay): each alone first, then together at the package fee rate.
     */
    default PackageOutcome acceptPackage(java.util.List<Transaction> pkg) {
        java.util.Map<Sha256Hash, TxResult> results = new java.util.LinkedHashMap<>();
        for (Transaction tx : pkg) results.put(tx.wtxid(), new TxResult.Rejected("package relay unsupported"));
        return new PackageOutcome(false, results);
    }

    /**
     * What a package submission did: whether the package as a whole passed, and each transaction's result by
     * wtxid (validation may not reach every one).
     */
    record PackageOutcome(boolean accepted, java.util.Map<Sha256Hash, TxResult> results) {
        public PackageOutcome {
            results = java.util.Map.copyOf(results);
        }
    }

    /** -minrelaytxfee (sat/kvB): the least feefilter we announce to peers. */
    long minRelayFeeRatePerKvB();

    /**
     * The mempool's own minimum (sat/kvB, bitcoind's GetMinFee): what a full pool's evictions raised it to, zero while
     * it has not filled. Rounded, it is the feefilter announced to peers.
     */
    default long mempoolMinFeeRatePerKvB() {
        return 0;
    }

    /**
     * A peer fetched this transaction from us: its initial broadcast has succeeded (Core removes it from
     * the mempool's unbroadcast set on getdata).
     */
    default void served(Transaction tx) {
    }

    sealed interface TxResult {
        /** Accepted; the fee rate (sat per 1000 vbytes) decides which BIP133 fee filters it passes. */
        record Accepted(long feeRatePerKvB) implements TxResult {
        }

        /** Core's TX_MISSING_INPUTS: the transaction may be an orphan whose parents are yet to come. */
        record MissingInputs() implements TxResult {
        }

        /** Not accepted, with bitcoind's reason text and how relay treats the refusal. */
        record Rejected(String reason, RejectKind kind) implements TxResult {
            public Rejected(String reason) {
                this(reason, RejectKind.OTHER);
            }
        }
    }

    /** bitcoind's TxValidationResult, as far as transaction relay treats rejections differently. */
    enum RejectKind {
        /** Any other failure: the wtxid (which names exactly these bytes) is remembered as rejected. */
        OTHER,
        /**
         * TX_INPUTS_NOT_STANDARD: the failure does not depend on the witness, so the txid is remembered as
         * rejected as well and txid announcements of it are not fetched again.
         */
        INPUTS_NOT_STANDARD,
        /**
         * TX_WITNESS_STRIPPED: sent without witness data, it failed while spending a witness program. The same
         * txid with its witness may be valid, so relay remembers nothing of it.
         */
        WITNESS_STRIPPED,
        /**
         * TX_RECONSIDERABLE: refused only on its fee rate (below the mempool minimum), which a child may pay for.
         * Not fetched alone again, but tried with a child from the orphanage as a 1-parent-1-child package.
         */
        RECONSIDERABLE
    }

    /** A mempool that accepts nothing; for nodes running without transaction relay. */
    static MempoolBackend none() {
        return new MempoolBackend() {
            public TxResult accept(Transaction tx) { return new TxResult.Rejected("mempool-disabled"); }
            public boolean contains(Sha256Hash h) { return false; }
            public Optional<Transaction> get(Sha256Hash h) { return Optional.empty(); }
            public Optional<RelayInfo> relayInfo(Sha256Hash h, boolean byWtxid) { return Optional.empty(); }
            public long relaySequence() { return 1; }
            public long minRelayFeeRatePerKvB() { return 1000; }
        };
    }
}
