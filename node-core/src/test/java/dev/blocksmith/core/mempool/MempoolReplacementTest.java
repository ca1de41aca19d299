package dev.blocksmith.core.mempool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.blocksmith.core.consensus.ValidationException;
import dev.blocksmith.core.mempool.MempoolFixture.Utxo;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.core.tx.TxOut;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MempoolReplacementTest {
    private MempoolFixture f;
    private Mempool pool;

    @BeforeEach
    void setUp() throws Exception {
        f = new MempoolFixture();
        pool = f.mempool;
        f.mine(110);
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    private ValidationException reject(Transaction tx) {
        return catchThrowableOfType(ValidationException.class, () -> pool.accept(tx, AcceptOptions.relay()));
    }

    /** A spend without BIP125 signal: full RBF replaces it anyway. */
    private Transaction nonSignalling(Utxo in, long fee) {
        return f.sign(2, List.of(in), List.of(new TxOut(in.value() - fee, f.key.p2wpkh)), TxIn.SEQUENCE_FINAL, 0);
    }

    @Test
    void higherFeeReplacesWithoutSignalling() throws Exception {
        Utxo cb = f.coinbase(1);
        Transaction original = nonSignalling(cb, 1_000);
        pool.accept(original, AcceptOptions.relay());
        assertThat(pool.entry(original.txid()).orElseThrow().bip125Replaceable()).isFalse();
        Transaction child = f.spend(1_000, MempoolFixture.output(original, 0));
        pool.accept(child, AcceptOptions.relay());

        // Must beat original's fee rate, pay both replaced fees (2 000) plus its own relay at 0.1 sat/vB.
        Transaction replacement = nonSignalling(cb, 3_000);
        AcceptResult r = pool.accept(replacement, AcceptOptions.relay());
        assertThat(r.replaced()).containsExactlyInAnyOrder(original.txid(), child.txid());
        assertThat(pool.txids()).containsExactly(replacement.txid());
        assertThat(f.events.log).contains("REPLACED " + original.txid(), "REPLACED " + child.txid(), "added " + replacement.txid());
    }

    @Test
    void lowerFeeRateIsInsufficient() throws Exception {
        Utxo cb = f.coinbase(1);
        Transaction original = nonSignalling(cb, 2_000);
        pool.accept(original, AcceptOptions.relay());
        Transaction cheaper = nonSignalling(cb, 1_500);
        ValidationException e = reject(cheaper);
        assertThat(e.reason()).isEqualTo("insufficient fee");
        FeeRate newRate = FeeRate.of(1_500, cheaper.vsize());
        FeeRate oldRate = FeeRate.of(2_000, original.vsize());
        assertThat(e.debug()).isEqualTo("rejecting replacement " + cheaper.txid() + "; new feerate " + newRate
                + " <= old feerate " + oldRate);
        assertThat(e.debug()).contains(" BTC/kvB");
        assertThat(pool.txids()).containsExactly(original.txid());
    }

    @Test
    void replacementMustPayForReplacedDescendantsAndItsRelay() throws Exception {
        Utxo cb = f.coinbase(1);
        Transaction original = nonSignalling(cb, 1_000);
        pool.accept(original, AcceptOptions.relay());
        pool.accept(f.spend(5_000, MempoolFixture.output(original, 0)), AcceptOptions.relay());

        Transaction notEnough = nonSignalling(cb, 5_999);
        ValidationException e = reject(notEnough);
        assertThat(e.reason()).isEqualTo("insufficient fee");
        assertThat(e.debug()).isEqualTo("rejecting replacement " + notEnough.txid()
                + ", less fees than conflicting txs; 0.00005999 < 0.00006");

        Transaction noRelay = nonSignalling(cb, 6_005);
        ValidationException r = reject(noRelay);
        long relay = FeeRate.ofSatsPerKvB(100).feeFor(noRelay.vsize());
        assertThat(r.debug()).isEqualTo("rejecting replacement " + noRelay.txid()
                + ", not enough additional fees to relay; 0.00000005 < " + ReplacementPolicy.formatMoney(relay));
        assertThat(pool.accept(nonSignalling(cb, 6_000 + relay), AcceptOptions.relay()).replaced()).hasSize(2);
    }

    @Test
    void replacementMayNotAddUnconfirmedInputs() throws Exception {
        Utxo cb1 = f.coinbase(1);
        Transaction original = nonSignalling(cb1, 1_000);
        pool.accept(original, AcceptOptions.relay());
        Transaction other = nonSignalling(f.coinbase(2), 1_000);
        pool.accept(other, AcceptOptions.relay());
        Transaction replacement = f.spend(50_000, cb1, MempoolFixture.output(other, 0));
        ValidationException e = reject(replacement);
        assertThat(e.reason()).isEqualTo("replacement-adds-unconfirmed");
        assertThat(e.debug()).isEqualTo("replacement " + replacement.txid() + " adds unconfirmed input, idx 1");
    }

    @Test
    void replacementMayNotSpendWhatItReplaces() throws Exception {
        Transaction fan = f.split(f.coinbase(1), 2, 1_000);
        pool.accept(fan, AcceptOptions.relay());
        Transaction spendsFirst = f.spend(1_000, MempoolFixture.output(fan, 0));
        pool.accept(spendsFirst, AcceptOptions.relay());
        // Double-spends fan:0 (a conflict with spendsFirst) while spending spendsFirst's own output.
        Transaction bad = f.spend(20_000, MempoolFixture.output(fan, 0), MempoolFixture.output(spendsFirst, 0));
        assertThat(reject(bad).reason()).isEqualTo("bad-txns-spends-conflicting-tx");
    }

    @Test
    void atMostOneHundredEvictions() throws Exception {
        try (MempoolFixture big = new MempoolFixture(MempoolOptions.defaults().withPackageLimits(200, 1_000_000, 200, 1_000_000))) {
            big.mine(105);
            Transaction wide = big.split(big.coinbase(1), 101, 10_000);
            big.mempool.accept(wide, AcceptOptions.relay());
            for (int i = 0; i < 100; i++) big.mempool.accept(big.spend(1_000, MempoolFixture.output(wide, i)), AcceptOptions.relay());
            // wide plus its 100 children: 101 transactions would go.
            Transaction replacement = big.sign(2, List.of(big.coinbase(1)), List.of(new TxOut(big.coinbase(1).value() - 1_000_000,
                    big.key.p2wpkh)), TxIn.SEQUENCE_FINAL, 0);
            ValidationException e = catchThrowableOfType(ValidationException.class,
                    () -> big.mempool.accept(replacement, AcceptOptions.relay()));
            assertThat(e.reason()).isEqualTo("too many potential replacements");
            assertThat(e.debug()).isEqualTo("rejecting replacement " + replacement.txid() + "; too many potential replacements (101 > 100)");
        }
    }
}
