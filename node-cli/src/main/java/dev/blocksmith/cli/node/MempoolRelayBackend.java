package dev.blocksmith.cli.node;

import dev.blocksmith.core.consensus.ValidationException;
import dev.blocksmith.core.mempool.AcceptOptions;
import dev.blocksmith.core.mempool.AcceptResult;
import dev.blocksmith.core.mempool.FeeRate;
import dev.blocksmith.core.mempool.Mempool;
import dev.blocksmith.core.mempool.PackageResult;
import dev.blocksmith.core.mempool.RelayInfo;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.p2p.sync.MempoolBackend;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The node's mempool as the P2P layer sees it: what peers relay is accepted under relay policy. */
final class MempoolRelayBackend implements MempoolBackend {
    private final Mempool mempool;

    MempoolRelayBackend(Mempool mempool) {
        this.mempool = mempool;
    }

    @Override
    public TxResult accept(Transaction tx) {
        try {
            AcceptResult r = mempool.accept(tx, AcceptOptions.relay());
            return new TxResult.Accepted(r.effectiveFeeRate().satsPerKvB());
        } catch (ValidationException e) {
            if (e.kind() == ValidationException.Kind.MISSING_INPUTS) {
                return new TxResult.MissingInputs();
            }
            return rejected(e);
        }
    }

    /** bitcoind's TxValidationState::ToString (reason, then debug text) for the relay's log, and how relay treats it. */
    private static TxResult rejected(ValidationException e) {
        MempoolBackend.RejectKind kind = switch (e.kind()) {
            case WITNESS_STRIPPED -> MempoolBackend.RejectKind.WITNESS_STRIPPED;
            case INPUTS_NOT_STANDARD -> MempoolBackend.RejectKind.INPUTS_NOT_STANDARD;
            case RECONSIDERABLE -> MempoolBackend.RejectKind.RECONSIDERABLE;
            default -> MempoolBackend.RejectKind.OTHER;
        };
        return new TxResult.Rejected(e.getMessage(), kind);
    }

    @Override
    public PackageOutcome acceptPackage(List<Transaction> pkg) {
        PackageResult r = mempool.acceptPackage(pkg, Optional.empty());
        Map<Sha256Hash, TxResult> results = new LinkedHashMap<>();
        for (Map.Entry<Sha256Hash, PackageResult.TxOutcome> e : r.results().entrySet()) {
            TxResult t = switch (e.getValue()) {
                case PackageResult.Valid v -> new TxResult.Accepted(v.result().effectiveFeeRate().satsPerKvB());
                case PackageResult.InMempool m -> new TxResult.Accepted(FeeRate.of(m.fee(), m.vsize()).satsPerKvB());
                case PackageResult.DifferentWitness d -> new TxResult.Rejected("txn-same-nonwitness-data-in-mempool");
                case PackageResult.Invalid i -> i.error().kind() == ValidationException.Kind.MISSING_INPUTS
                        ? new TxResult.MissingInputs() : rejected(i.error());
            };
            results.put(e.getKey(), t);
        }
        return new PackageOutcome(r.isValid(), results);
    }

    @Override
    public boolean contains(Sha256Hash txidOrWtxid) {
        return mempool.contains(txidOrWtxid) || mempool.containsWtxid(txidOrWtxid);
    }

    @Override
    public Optional<Transaction> get(Sha256Hash txidOrWtxid) {
        Optional<Transaction> t = mempool.get(txidOrWtxid);
        return t.isPresent() ? t : mempool.getByWtxid(txidOrWtxid);
    }

    @Override
    public java.util.List<Transaction> transactions() {
        java.util.List<Transaction> out = new java.util.ArrayList<>();
        for (Sha256Hash txid : mempool.txids()) mempool.get(txid).ifPresent(out::add);
        return out;
    }

    @Override
    public Optional<RelayInfo> relayInfo(Sha256Hash hash, boolean byWtxid) {
        return mempool.relayInfo(hash, byWtxid);
    }

    @Override
    public long relaySequence() {
        return mempool.relaySequence();
    }

    @Override
    public Set<Sha256Hash> unbroadcast() {
        return mempool.unbroadcast();
    }

    @Override
    public void removeUnbroadcast(Sha256Hash txid) {
        mempool.removeUnbroadcast(txid);
    }

    @Override
    public void served(Transaction tx) {
        mempool.removeUnbroadcast(tx.txid());
    }

    @Override
    public long minRelayFeeRatePerKvB() {
        return mempool.options().minRelayFee().satsPerKvB();
    }

    @Override
    public long mempoolMinFeeRatePerKvB() {
        return mempool.rollingMinFeeRate().satsPerKvB();
    }

}
