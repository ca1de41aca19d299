package dev.blocksmith.wallet.coinselection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.tx.OutPoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CoinSelectionTest {
    private static final int P2WPKH_IN = 68;

    private static Candidate coin(int i, long sats) {
        byte[] h = new byte[32];
        h[0] = (byte) i;
        h[1] = (byte) (i >> 8);
        return new Candidate(new OutPoint(Sha256Hash.wrap(h), i), sats, P2WPKH_IN);
    }

    private static SelectionParams at(long satPerVb, long longTermSatPerVb) {
        return new SelectionParams(FeeRate.ofSatPerVb(satPerVb), FeeRate.ofSatPerVb(longTermSatPerVb), FeeRate.ofSatPerVb(longTermSatPerVb), 11 + 31, 31, 68, 294);
    }

    private static List<Long> values(Selection s) {
        return s.inputs().stream().map(Candidate::valueSats).sorted().toList();
    }

    @Test
    void bnbFindsExactMatchesWithoutChange() throws Exception {
        List<Candidate> pool = List.of(coin(1, 1_000_000), coin(2, 2_000_000), coin(3, 3_000_000), coin(4, 4_000_000));
        SelectionParams p = new SelectionParams(new FeeRate(0), new FeeRate(0), new FeeRate(0), 0, 31, 68, 294);
        Selection s = CoinSelection.select(pool, 5_000_000, p);
        assertThat(s.algorithm()).isEqualTo("bnb");
        assertThat(s.hasChange()).isFalse();
        assertThat(s.inputSats()).isEqualTo(5_000_000);
        assertThat(CoinSelection.branchAndBound(pool, 10_000_000, p)).hasValueSatisfying(x -> assertThat(x.inputs()).hasSize(4));
        assertThat(CoinSelection.branchAndBound(pool, 9_000_000, p)).hasValueSatisfying(x -> assertThat(x.inputSats()).isEqualTo(9_000_000));
        // With zero fees the cost of change is 0, so only exact sums qualify; anything else falls back.
        assertThat(CoinSelection.branchAndBound(pool, 9_500_001, p)).isEmpty();
        assertThat(CoinSelection.branchAndBound(pool, 10_000_001, p)).isEmpty();
        assertThat(CoinSelection.select(pool, 9_500_001, p).algorithm()).isEqualTo("largest_first");
    }

    @Test
    void bnbPaysFeesAndStaysWithinCostOfChange() throws Exception {
        SelectionParams p = at(10, 10);
        long inFee = FeeRate.ofSatPerVb(10).fee(P2WPKH_IN);
        long overhead = FeeRate.ofSatPerVb(10).fee(42);
        long payment = 100_000;
        // One coin exactly covering payment + overhead + its own input fee + a little under cost of change.
        Candidate exact = coin(7, payment + overhead + inFee + 500);
        List<Candidate> pool = List.of(coin(1, 1_000_000), exact, coin(3, 50_000), coin(4, 80_000));
        Selection s = CoinSelection.select(pool, payment, p);
        assertThat(s.algorithm()).isEqualTo("bnb");
        assertThat(s.inputs()).containsExactly(exact);
        assertThat(s.feeSats()).isEqualTo(overhead + inFee + 500);
        assertThat(s.waste()).isEqualTo(500);
    }

    @Test
    void fallbackMakesChangeAndAvoidsDustChange() throws Exception {
        SelectionParams p = at(5, 5);
        List<Candidate> pool = List.of(coin(1, 200_000), coin(2, 150_000));
        Selection s = CoinSelection.select(pool, 120_000, p);
        assertThat(s.algorithm()).isEqualTo("largest_first");
        assertThat(values(s)).containsExactly(200_000L);
        long fee = FeeRate.ofSatPerVb(5).fee(42 + 68 + 31);
        assertThat(s.feeSats()).isEqualTo(fee);
        assertThat(s.changeSats()).isEqualTo(200_000 - 120_000 - fee);
        assertThat(s.inputSats()).isEqualTo(120_000 + s.feeSats() + s.changeSats());

        // Leaves 200 sats after the change output's own fee: below the 294-sat minimum, so no change.
        long noChangeFee = FeeRate.ofSatPerVb(5).fee(42 + 68);
        long changeFee = FeeRate.ofSatPerVb(5).fee(31);
        long payment = 200_000 - noChangeFee - changeFee - 200;
        Selection dust = CoinSelection.largestFirst(List.of(coin(1, 200_000)), payment, p);
        assertThat(dust.hasChange()).isFalse();
        assertThat(dust.feeSats()).isEqualTo(200_000 - payment);
        // The same case through select(): the excess is within the cost of change, so BnB takes it.
        assertThat(CoinSelection.select(List.of(coin(1, 200_000)), payment, p).algorithm()).isEqualTo("bnb");
    }

    @Test
    void uneconomicInputsAreIgnoredAndShortfallReported() {
        SelectionParams p = at(50, 10);
        // 3000 sats cost 3400 sats to spend at 50 sat/vB: negative effective value.
        List<Candidate> pool = List.of(coin(1, 3_000), coin(2, 3_000), coin(3, 10_000));
        assertThatThrownBy(() -> CoinSelection.select(pool, 9_000, p)).isInstanceOf(InsufficientFundsException.class)
                .hasMessage("Insufficient funds");
    }

    @Test
    void bnbMatchesExhaustiveSearchOnSmallPools() {
        Random r = new Random(7);
        SelectionParams p = at(2, 5);
        for (int round = 0; round < 200; round++) {
            List<Candidate> pool = new ArrayList<>();
            int n = 3 + r.nextInt(8);
            for (int i = 0; i < n; i++) pool.add(coin(round * 16 + i, 1_000 + r.nextInt(40) * 500L));
            long payment = 1_000 + r.nextInt(20_000);
            long best = bestWasteExhaustive(pool, payment, p);
            var bnb = CoinSelection.branchAndBound(pool, payment, p);
            if (best == Long.MAX_VALUE) {
                assertThat(bnb).as("round %d", round).isEmpty();
            } else {
                assertThat(bnb).as("round %d", round).isPresent();
                assertThat(bnb.get().waste()).as("round %d", round).isEqualTo(best);
            }
        }
    }

    private static long bestWasteExhaustive(List<Candidate> pool, long payment, SelectionParams p) {
        FeeRate rate = p.feeRate();
        long target = payment + rate.fee(p.txOverheadVBytes());
        long best = Long.MAX_VALUE;
        for (int mask = 1; mask < (1 << pool.size()); mask++) {
            long eff = 0;
            long waste = 0;
            boolean ok = true;
            for (int i = 0; i < pool.size(); i++) {
                if ((mask & (1 << i)) == 0) continue;
                Candidate c = pool.get(i);
                if (c.effectiveValue(rate) <= 0) ok = false;
                eff += c.effectiveValue(rate);
                waste += rate.fee(c.inputVBytes()) - p.longTermFeeRate().fee(c.inputVBytes());
            }
            if (!ok || eff < target || eff > target + p.costOfChange()) continue;
            best = Math.min(best, waste + eff - target);
        }
        return best;
    }
}
