package dev.blocksmith.core.mempool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blocksmith.core.consensus.ValidationException.Kind;
import dev.blocksmith.core.mempool.MempoolFixture.Utxo;
import dev.blocksmith.core.mempool.PackageResult.InMempool;
import dev.blocksmith.core.mempool.PackageResult.Invalid;
import dev.blocksmith.core.mempool.PackageResult.Valid;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.core.tx.TxOut;
import dev.blocksmith.core.tx.Witness;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Package submission as bitcoind's AcceptPackage (submitpackage, 1p1c relay): rpc_packages, mempool_truc, mempool_ephemeral_dust. */
class MempoolPackageAcceptTest {
    private MempoolFixture f;
    private Mempool pool;

    @BeforeEach
    void setUp() throws Exception {
        f = new MempoolFixture();
        pool = f.mempool;
        f.mine(120);
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    private Transaction v3(Utxo in, long fee) {
        return f.sign(3, List.of(in), List.of(new TxOut(in.value() - fee, f.key.p2wpkh)), TxIn.SEQUENCE_FINAL, 0);
    }

    @Test
    void aChildPaysForItsZeroFeeTrucParent() {
        Transaction parent = v3(f.coinbase(1), 0);
        Transaction child = v3(MempoolFixture.output(parent, 0), 5_000);
        PackageResult r = pool.acceptPackage(List.of(parent, child), Optional.empty());
        assertThat(r.isValid()).isTrue();
        Valid p = (Valid) r.results().get(parent.wtxid());
        Valid c = (Valid) r.results().get(child.wtxid());
        // Both were judged by the package fee rate and say so.
        assertThat(p.result().effectiveIncludes()).containsExactly(parent.wtxid(), child.wtxid());
        assertThat(c.result().effectiveFeeRate()).isEqualTo(FeeRate.of(5_000, parent.vsize() + child.vsize()));
        assertThat(pool.contains(parent.txid()) && pool.contains(child.txid())).isTrue();
        pool.checkConsistency();
    }

    @Test
    void alonePaysForItselfAndAlreadyPooledParentsAreReportedAsSuch() throws Exception {
        Transaction parent = f.spend(1_000, f.coinbase(2));
        pool.accept(parent, AcceptOptions.relay());
        Transaction child = f.spend(1_000, MempoolFixture.output(parent, 0));
        PackageResult r = pool.acceptPackage(List.of(parent, child), Optional.empty());
        assertThat(r.isValid()).isTrue();
        assertThat(r.results().get(parent.wtxid())).isInstanceOf(InMempool.class);
        assertThat(((Valid) r.results().get(child.wtxid())).result().effectiveIncludes()).containsExactly(child.wtxid());
    }

    @Test
    void aNonTrucZeroFeeParentIsNotPaidFor() {
        Transaction parent = f.spend(0, f.coinbase(3));
        Transaction child = f.spend(20_000, MempoolFixture.output(parent, 0));
        PackageResult r = pool.acceptPackage(List.of(parent, child), Optional.empty());
        assertThat(r.state()).isEqualTo(PackageResult.State.TX);
        assertThat(r.message()).isEqualTo("transaction failed");
        Invalid p = (Invalid) r.results().get(parent.wtxid());
        assertThat(p.error().getMessage()).startsWith("min relay fee not met, 0 < ");
        assertThat(p.error().kind()).isEqualTo(Kind.POLICY);
        assertThat(pool.size()).isZero();
    }

    @Test
    void maxFeeRateIsCheckedOnEachTransaction() {
        Transaction parent = f.spend(1_000, f.coinbase(4));
        Transaction child = f.spend(1_000, MempoolFixture.output(parent, 0));
        PackageResult r = pool.acceptPackage(List.of(parent, child), Optional.of(FeeRate.ofSatsPerKvB(1_000)));
        assertThat(((Invalid) r.results().get(parent.wtxid())).error().reason()).isEqualTo("max feerate exceeded");
        assertThat(((Invalid) r.results().get(child.wtxid())).error().kind()).isEqualTo(Kind.MISSING_INPUTS);
        assertThat(pool.size()).isZero();
    }

    @Test
    void trucPackageRulesAreAPackageError() {
        Utxo cb = f.coinbase(5);
        Transaction parent = f.sign(3, List.of(cb), List.of(new TxOut(cb.value() / 2, f.key.p2wpkh),
                new TxOut(cb.value() / 2, f.key.p2wpkh)), TxIn.SEQUENCE_FINAL, 0);
        Transaction child = f.sign(2, List.of(MempoolFixture.output(parent, 0)),
                List.of(new TxOut(cb.value() / 2 - 5_000, f.key.p2wpkh)), TxIn.SEQUENCE_FINAL, 0);
        // Both fail alone (the parent pays nothing, the child misses its input), so they are judged together.
        PackageResult r = pool.acceptPackage(List.of(parent, child), Optional.empty());
        assertThat(r.state()).isEqualTo(PackageResult.State.POLICY);
        assertThat(r.message()).isEqualTo("TRUC-violation, non-version=3 tx " + child.txid() + " (wtxid=" + child.wtxid()
                + ") cannot spend from version=3 tx " + parent.txid() + " (wtxid=" + parent.wtxid() + ")");
    }

    @Test
    void ephemeralDustMustBeSpentByTheChild() {
        Utxo cb = f.coinbase(6);
        // A zero-fee TRUC parent with one dust output (an anchor-like zero-value output).
        Transaction parent = f.sign(3, List.of(cb), List.of(new TxOut(cb.value(), f.key.p2wpkh),
                new TxOut(0, Script.of(new byte[] {0x51, 0x02, 0x4e, 0x73}))), TxIn.SEQUENCE_FINAL, 0);
        Transaction leaves = v3(MempoolFixture.output(parent, 0), 10_000);
        PackageResult bad = pool.acceptPackage(List.of(parent, leaves), Optional.empty());
        assertThat(bad.reason()).isEqualTo("unspent-dust");
        assertThat(((Invalid) bad.results().get(leaves.wtxid())).error().reason()).isEqualTo("missing-ephemeral-spends");
        assertThat(pool.size()).isZero();

        Transaction signed = f.sign(3, List.of(MempoolFixture.output(parent, 0), MempoolFixture.output(parent, 1)),
                List.of(new TxOut(cb.value() - 10_000, f.key.p2wpkh)), TxIn.SEQUENCE_FINAL, 0);
        // Pay-to-anchor is spent with an empty witness.
        Transaction sweeps = new Transaction(3, List.of(signed.input(0), signed.input(1).withWitness(Witness.EMPTY)),
                signed.outputs(), 0);
        assertThat(pool.acceptPackage(List.of(parent, sweeps), Optional.empty()).isValid()).isTrue();
        pool.checkConsistency();
    }

    @Test
    void aChildTooBigForTrucFailsAsAPackage() {
        Transaction parent = v3(f.coinbase(7), 0);
        Utxo out = MempoolFixture.output(parent, 0);
        // Many outputs make the child larger than TRUC's 1000 vB for children.
        List<TxOut> outs = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) outs.add(new TxOut((out.value() - 50_000) / 40, f.key.p2wpkh));
        Transaction child = f.sign(3, List.of(out), outs, TxIn.SEQUENCE_FINAL, 0);
        PackageResult r = pool.acceptPackage(List.of(parent, child), Optional.empty());
        assertThat(r.message()).isEqualTo("TRUC-violation, version=3 child tx " + child.txid() + " (wtxid=" + child.wtxid()
                + ") is too big: " + child.vsize() + " > 1000 virtual bytes");
        assertThat(pool.size()).isZero();
    }

    @Test
    void aParentAndChildReplaceWhatTheParentConflictsWith() throws Exception {
        Utxo cb = f.coinbase(8);
        Transaction original = f.spend(1_000, cb);
        pool.accept(original, AcceptOptions.relay());
        // Alone the new parent does not beat the original's fee rate; its child pays for both.
        Transaction parent = f.spend(1_001, cb);
        Transaction child = f.spend(20_000, MempoolFixture.output(parent, 0));
        PackageResult r = pool.acceptPackage(List.of(parent, child), Optional.empty());
        assertThat(r.isValid()).isTrue();
        assertThat(((Valid) r.results().get(parent.wtxid())).result().replaced()).containsExactly(original.txid());
        assertThat(pool.contains(original.txid())).isFalse();
        assertThat(pool.contains(parent.txid()) && pool.contains(child.txid())).isTrue();
        pool.checkConsistency();
    }

    @Test
    void packageReplacementNeedsConflictClustersOfAtMostTwo() throws Exception {
        Utxo cb = f.coinbase(9);
        Transaction a = f.spend(1_000, cb);
        Transaction b = f.spend(1_000, MempoolFixture.output(a, 0));
        Transaction c = f.spend(1_000, MempoolFixture.output(b, 0));
        for (Transaction t : List.of(a, b, c)) pool.accept(t, AcceptOptions.relay());
        Transaction parent = f.spend(1_001, cb);
        Transaction child = f.spend(50_000, MempoolFixture.output(parent, 0));
        PackageResult r = pool.acceptPackage(List.of(parent, child), Optional.empty());
        // bitcoind names the first of the evicted transactions in its txid order that breaks the two-cluster shape.
        assertThat(r.message()).isIn("package RBF failed: " + a.txid() + " has 2 descendants, max 1 allowed",
                "package RBF failed: " + b.txid() + " has both ancestor and descendant, exceeding cluster limit of 2",
                "package RBF failed: " + c.txid() + " has 2 ancestors, max 1 allowed");
        assertThat(pool.size()).isEqualTo(3);
        pool.checkConsistency();
    }
}
