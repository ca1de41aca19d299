package dev.blocksmith.core.mempool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blocksmith.core.mempool.MempoolFixture.Utxo;
import dev.blocksmith.core.mempool.PackageResult.Invalid;
import dev.blocksmith.core.mempool.PackageResult.Valid;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.core.tx.Witness;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** testmempoolaccept of several transactions, as bitcoind's package test-accept (rpc_packages.py). */
class MempoolPackageTestAcceptTest {
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

    private List<Transaction> chain(Utxo start, int length) {
        List<Transaction> out = new ArrayList<>();
        Utxo u = start;
        for (int i = 0; i < length; i++) {
            Transaction tx = f.spend(1_000, u);
            out.add(tx);
            u = MempoolFixture.output(tx, 0);
        }
        return out;
    }

    @Test
    void aChainIsValidAsAPackageAndTheMempoolIsUnchanged() {
        List<Transaction> txs = chain(f.coinbase(1), 3);
        PackageResult r = pool.testAcceptPackage(txs);
        assertThat(r.isValid()).isTrue();
        for (Transaction tx : txs) {
            assertThat(r.results().get(tx.wtxid())).isInstanceOf(Valid.class);
            Valid a = (Valid) r.results().get(tx.wtxid());
            assertThat(a.result().added()).isFalse();
            assertThat(a.result().fee()).isEqualTo(1_000);
        }
        assertThat(pool.size()).isZero();
        pool.checkConsistency();
    }

    @Test
    void packageErrorsOfBitcoind() {
        List<Transaction> txs = chain(f.coinbase(1), 3);
        assertThat(pool.testAcceptPackage(txs.reversed()).reason()).isEqualTo("package-not-sorted");
        assertThat(pool.testAcceptPackage(List.of(txs.get(0), txs.get(0))).reason()).isEqualTo("package-contains-duplicates");
        Transaction a = f.spend(1_000, f.coinbase(2));
        Transaction b = f.spend(2_000, f.coinbase(2));
        PackageResult conflict = pool.testAcceptPackage(List.of(a, b));
        assertThat(conflict.reason()).isEqualTo("conflict-in-package");
        assertThat(conflict.results()).isEmpty();
    }

    @Test
    void aConflictWithTheMempoolIsRefusedEvenIfItWereAValidReplacement() throws Exception {
        Utxo cb = f.coinbase(3);
        pool.accept(f.spend(1_000, cb), AcceptOptions.relay());
        Transaction replacement = f.spend(50_000, cb);
        Transaction other = f.spend(1_000, f.coinbase(4));
        // Alone it replaces; in a package it may not.
        assertThat(pool.accept(replacement, AcceptOptions.testAccept(FeeRate.ZERO)).replaced()).hasSize(1);
        PackageResult r = pool.testAcceptPackage(List.of(other, replacement));
        assertThat(r.results()).doesNotContainKey(other.wtxid());
        Invalid rej = (Invalid) r.results().get(replacement.wtxid());
        assertThat(rej.error().reason()).isEqualTo("bip125-replacement-disallowed");
        assertThat(rej.error().getMessage()).isEqualTo("bip125-replacement-disallowed");
        assertThat(pool.size()).isEqualTo(1);
        pool.checkConsistency();
    }

    @Test
    void aScriptFailureKeepsTheResultsOfTheTransactionsBeforeIt() {
        Transaction good = f.spend(1_000, f.coinbase(5));
        Transaction signed = f.spend(1_000, f.coinbase(6));
        TxIn in = signed.input(0);
        Transaction badSig = new Transaction(signed.version(), List.of(new TxIn(in.prevout(), Script.EMPTY, in.sequence(), Witness.EMPTY)),
                signed.outputs(), signed.lockTime());
        PackageResult r = pool.testAcceptPackage(List.of(good, badSig));
        assertThat(r.results().get(good.wtxid())).isInstanceOf(Valid.class);
        Invalid rej = (Invalid) r.results().get(badSig.wtxid());
        assertThat(rej.error().reason()).startsWith("mempool-script-verify-flag-failed (");
        assertThat(pool.size()).isZero();
    }

    @Test
    void missingInputsStopsValidationAndEarlierTransactionsGetNoResult() {
        Transaction good = f.spend(1_000, f.coinbase(7));
        Transaction orphan = f.spend(1_000, MempoolFixture.output(f.spend(1_000, f.coinbase(8)), 0));
        PackageResult r = pool.testAcceptPackage(List.of(good, orphan));
        assertThat(r.results()).containsOnlyKeys(orphan.wtxid());
        assertThat(((Invalid) r.results().get(orphan.wtxid())).error().reason()).isEqualTo(Mempool.MISSING_INPUTS);
    }

    @Test
    void aChainOf25IsValidAndA26thTransactionMakesThePackageTooLarge() {
        List<Transaction> txs = chain(f.coinbase(9), 25);
        PackageResult ok = pool.testAcceptPackage(txs);
        assertThat(ok.results().values()).allMatch(o -> o instanceof Valid);
        List<Transaction> longer = new ArrayList<>(txs);
        longer.add(f.spend(1_000, MempoolFixture.output(txs.get(24), 0)));
        // 26 transactions: bitcoind refuses more than 25 as a package.
        assertThat(pool.testAcceptPackage(longer).reason()).isEqualTo("package-too-many-transactions");
        assertThat(pool.size()).isZero();
        pool.checkConsistency();
    }
}
