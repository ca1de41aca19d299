package dev.blocksmith.core.mempool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.blocksmith.core.consensus.ValidationException;
import dev.blocksmith.core.tx.Transaction;
import org.junit.jupiter.api.Test;

class MempoolLimitsTest {
    /** About two one-in-one-out transactions' estimated memory use. */
    private static final long TWO_TXS = 1_600;

    @Test
    void evictsTheLowestFeeRateAndRaisesTheMinimumFee() throws Exception {
        try (MempoolFixture f = new MempoolFixture(MempoolOptions.defaults().withMaxMempoolBytes(TWO_TXS))) {
            f.mine(110);
            Mempool pool = f.mempool;
            Transaction low = f.spend(1_000, f.coinbase(1));
            Transaction high = f.spend(3_000, f.coinbase(2));
            Transaction mid = f.spend(2_000, f.coinbase(3));
            pool.accept(low, AcceptOptions.relay());
            pool.accept(high, AcceptOptions.relay());
            assertThat(pool.info().usage()).isLessThanOrEqualTo(TWO_TXS);
            pool.accept(mid, AcceptOptions.relay());
            assertThat(pool.txids()).containsExactlyInAnyOrder(high.txid(), mid.txid());
            assertThat(f.events.log).contains("SIZELIMIT " + low.txid());

            // The floor is now the evicted rate plus the incremental relay fee.
            FeeRate floor = FeeRate.of(1_000, low.vsize()).plus(FeeRate.ofSatsPerKvB(100));
            assertThat(pool.minFeeRate()).isEqualTo(floor);
            assertThat(pool.info().mempoolMinFee()).isEqualTo(floor);
            Transaction cheap = f.spend(1_000, f.coinbase(4));
            ValidationException e = catchThrowableOfType(ValidationException.class, () -> pool.accept(cheap, AcceptOptions.relay()));
            assertThat(e.reason()).isEqualTo("mempool min fee not met");
            assertThat(e.debug()).isEqualTo("1000 < " + floor.feeFor(cheap.vsize()));

            // Above the floor but still the worst package: it is evicted at once.
            Transaction marginal = f.spend(1_500, f.coinbase(5));
            ValidationException full = catchThrowableOfType(ValidationException.class, () -> pool.accept(marginal, AcceptOptions.relay()));
            assertThat(full.reason()).isEqualTo("mempool full");
            assertThat(pool.txids()).containsExactlyInAnyOrder(high.txid(), mid.txid());
        }
    }

    @Test
    void theMinimumFeeDecaysOnlyAfterABlock() throws Exception {
        try (MempoolFixture f = new MempoolFixture(MempoolOptions.defaults().withMaxMempoolBytes(TWO_TXS))) {
            f.mine(110);
            Mempool pool = f.mempool;
            Transaction low = f.spend(1_000, f.coinbase(1));
            pool.accept(low, AcceptOptions.relay());
            pool.accept(f.spend(3_000, f.coinbase(2)), AcceptOptions.relay());
            pool.accept(f.spend(2_000, f.coinbase(3)), AcceptOptions.relay());
            FeeRate floor = pool.minFeeRate();
            assertThat(floor.satsPerKvB()).isGreaterThan(9_000);

            f.clock.addAndGet(48 * 3600);
            assertThat(pool.minFeeRate()).isEqualTo(floor);
            f.mine(1);
            // The pool is above half its cap, so the half-life is 12 hours: 48 hours divide by 16.
            f.clock.addAndGet(48 * 3600);
            assertThat(pool.minFeeRate().satsPerKvB()).isBetween(floor.satsPerKvB() / 16 - 1, floor.satsPerKvB() / 16 + 1);
            // Below half the incremental relay fee it drops to nothing, leaving -minrelaytxfee.
            f.clock.addAndGet(96 * 3600);
            assertThat(pool.minFeeRate()).isEqualTo(FeeRate.ofSatsPerKvB(100));
        }
    }

    @Test
    void oldTransactionsExpireWithTheirDescendants() throws Exception {
        try (MempoolFixture f = new MempoolFixture(MempoolOptions.defaults().withExpirySeconds(3600))) {
            f.mine(110);
            Mempool pool = f.mempool;
            Transaction old = f.spend(1_000, f.coinbase(1));
            pool.accept(old, AcceptOptions.relay());
            f.clock.addAndGet(1_800);
            Transaction child = f.spend(1_000, MempoolFixture.output(old, 0));
            pool.accept(child, AcceptOptions.relay());
            f.clock.addAndGet(1_801);
            Transaction fresh = f.spend(1_000, f.coinbase(2));
            pool.accept(fresh, AcceptOptions.relay());
            assertThat(pool.txids()).containsExactly(fresh.txid());
            assertThat(f.events.log).contains("EXPIRY " + old.txid(), "EXPIRY " + child.txid());
        }
    }

    @Test
    void defaultsAreBitcoindThirty() {
        MempoolOptions d = MempoolOptions.defaults();
        assertThat(d.maxMempoolBytes()).isEqualTo(300_000_000L);
        assertThat(d.expirySeconds()).isEqualTo(336L * 3600);
        assertThat(d.minRelayFee().satsPerKvB()).isEqualTo(100);
        assertThat(d.incrementalRelayFee().satsPerKvB()).isEqualTo(100);
        assertThat(d.dustRelayFee().satsPerKvB()).isEqualTo(3000);
        assertThat(d.maxDatacarrierBytes()).isEqualTo(100_000);
        assertThat(AcceptOptions.DEFAULT_MAX_RAW_TX_FEE_RATE.toString()).isEqualTo("0.10000000 BTC/kvB");
        assertThat(FeeRate.ofSatsPerKvB(100).feeFor(141)).isEqualTo(15);
        assertThat(ReplacementPolicy.formatMoney(100_000_000)).isEqualTo("1.00");
        assertThat(ReplacementPolicy.formatMoney(1_000)).isEqualTo("0.00001");
    }
}
