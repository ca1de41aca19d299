package dev.blocksmith.wallet.funding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blocksmith.core.primitives.Hex;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.core.tx.TxOut;
import dev.blocksmith.wallet.WalletException;
import dev.blocksmith.wallet.WalletKeyLocation;
import dev.blocksmith.wallet.account.DescriptorId;
import dev.blocksmith.wallet.coinselection.FeeRate;
import dev.blocksmith.wallet.descriptor.Descriptor;
import dev.blocksmith.wallet.descriptor.InputWeight;
import dev.blocksmith.wallet.ledger.WalletCoin;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Fees as bitcoind 30's CreateTransactionInternal sets them: selection prices each input at its own rounded size and
 * the rest (tx_noinputs_size, the change output) apart, then the fee is the rate times the maximum signed size of the
 * whole transaction (CalculateMaximumSignedTxSize, rounded once), what selection paid beyond it returned to change.
 */
class TransactionFunderTest {
    private static final Script P2WPKH = Script.of(Hex.decode("0014" + "11".repeat(20)));
    private static final Script CHANGE = Script.of(Hex.decode("0014" + "22".repeat(20)));
    private static final Script P2PKH = Script.of(Hex.decode("76a914" + "33".repeat(20) + "88ac"));
    private static final FeeRate RATE = FeeRate.ofSatPerVb(20);

    private static WalletCoin coin(int n, long sats, Script script, Descriptor.Kind kind, InputWeight weight) {
        byte[] h = new byte[32];
        h[0] = (byte) n;
        WalletKeyLocation at = new WalletKeyLocation(new DescriptorId("44".repeat(32)), n, kind, weight);
        return new WalletCoin(new OutPoint(Sha256Hash.wrap(h), 0), new TxOut(sats, script), at, 10, false, true, true, true, false);
    }

    private static WalletCoin p2pkh(int n, long sats) {
        return coin(n, sats, P2PKH, Descriptor.Kind.PKH, InputWeight.nonWitness(588));
    }

    private static WalletCoin p2wpkh(int n, long sats) {
        return coin(n, sats, P2WPKH, Descriptor.Kind.WPKH, InputWeight.ofWitness(271));
    }

    private static FundedTransaction fund(FundingRequest r, List<WalletCoin> coins) throws Exception {
        return new TransactionFunder(new Random(1)).fund(r, List.of(), coins, ChangeTarget.to(CHANGE, 68)).funded();
    }

    @Test
    void legacySpendPaysForItsSizeWithoutSegwitMarker() throws Exception {
        // interface_bitcoin_cli: one P2PKH coin to a P2WPKH output with P2WPKH change at 20 sat/vB. Selection prices
        // 42 vB (10 + 1 + 31), the input 148 vB and the change 31 vB: 4420 sats. The signed transaction is
        // 40 + 2 * 31 * 4 + 588 = 876 WU, 219 vB: a 4380-sat fee, the 40 left over going to the change.
        FundingRequest r = FundingRequest.payment(List.of(new TxOut(50_000_000, P2WPKH)), Set.of(), RATE, 0, 0xfffffffdL);
        FundedTransaction f = fund(r, List.of(p2pkh(1, 100_000_000)));
        assertThat(f.feeSats()).isEqualTo(219 * 20);
        assertThat(f.tx().outputs().get(f.changePosition()).value()).isEqualTo(100_000_000 - 50_000_000 - 4380);
    }

    @Test
    void segwitSpendRoundsTheWholeTransactionOnce() throws Exception {
        // One P2WPKH input to two P2WPKH outputs: 40 + 2 + 248 + 271 = 561 WU, 141 vB (140.25 rounded up).
        FundingRequest r = FundingRequest.payment(List.of(new TxOut(50_000_000, P2WPKH)), Set.of(), RATE, 0, 0xfffffffdL);
        FundedTransaction f = fund(r, List.of(p2wpkh(1, 100_000_000)));
        assertThat(f.feeSats()).isEqualTo(141 * 20);
    }

    @Test
    void mixedInputsGiveTheLegacyInputAnEmptyWitness() throws Exception {
        // A P2PKH and a P2WPKH input to two P2WPKH outputs: (4 + 4 + 1 + 1) * 4 + 2 (marker, flag) + 248 + 589 + 271
        // = 1150 WU, 288 vB (287.5 rounded up).
        FundingRequest r = FundingRequest.payment(List.of(new TxOut(150_000_000, P2WPKH)), Set.of(), RATE, 0, 0xfffffffdL);
        FundedTransaction f = fund(r, List.of(p2pkh(1, 100_000_000), p2wpkh(2, 100_000_000)));
        assertThat(f.tx().inputs()).hasSize(2);
        assertThat(f.feeSats()).isEqualTo(288 * 20);
    }

    @Test
    void subtractedFeeIsTheWholeTransactionsSize() throws Exception {
        // Everything to one output, the fee taken from it: 40 + 31 * 4 + 588 = 752 WU, 188 vB.
        FundingRequest r = FundingRequest.payment(List.of(new TxOut(100_000_000, P2WPKH)), Set.of(0), RATE, 0, 0xfffffffdL);
        FundedTransaction f = fund(r, List.of(p2pkh(1, 100_000_000)));
        assertThat(f.changePosition()).isEqualTo(-1);
        assertThat(f.feeSats()).isEqualTo(188 * 20);
        assertThat(f.tx().outputs().get(0).value()).isEqualTo(100_000_000 - 188 * 20);
    }

    @Test
    void changeBelowTheDiscardRateDustGoesToTheFee() throws Exception {
        // bitcoind's min_viable_change at the default 10 sat/vB discard rate: a P2WPKH change output's dust threshold
        // there, (31 + 67) * 10 = 980 sats. 900 sats of change are dropped (bitcoind keeps none below 980; the 3 sat/vB
        // relay dust threshold would have been 294).
        long fee = 20L * (42 + 148 + 31);
        FundingRequest r = FundingRequest.payment(List.of(new TxOut(1_000_000, P2WPKH)), Set.of(), RATE, 0, 0xfffffffdL);
        FundedTransaction f = fund(r, List.of(p2pkh(1, 1_000_000 + fee + 900)));
        assertThat(f.changePosition()).isEqualTo(-1);
        assertThat(f.feeSats()).isEqualTo(fee + 900);
    }

    @Test
    void withoutAutomaticSelectionNoPresetInputsCannotPay() {
        // bitcoind's SelectCoins (send with add_inputs false and no inputs): the preset inputs, here none, must cover it.
        FundingRequest pay = FundingRequest.payment(List.of(new TxOut(1_000_000, P2WPKH)), Set.of(), RATE, 0, 0xfffffffdL);
        FundingRequest r = new FundingRequest(2, 0, List.of(), pay.outputs(), Set.of(), RATE, ChangeRequest.AUTOMATIC, false, false, 0,
                java.util.OptionalInt.empty(), 0xfffffffdL, false, java.util.Map.of(), FundingRequest.MAX_STANDARD_TX_WEIGHT, false);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> fund(r, List.of(p2wpkh(1, 100_000_000))))
                .hasMessageStartingWith("The preselected coins total amount does not cover the transaction target.");
    }

    private static List<WalletCoin> oneBtcCoinsOfOneAddress(int count) {
        List<WalletCoin> coins = new java.util.ArrayList<>();
        for (int n = 1; n <= count; n++) coins.add(p2wpkh(n, 100_000_000));
        return coins;
    }

    @Test
    void avoidingPartialSpendsTakesAFullGroupOfAnAddressBeforeItsPartialOne() throws Exception {
        // wallet_avoidreuse's test_full_destination_group_is_preferred: 101 coins of 1 BTC on one address, 0.5 BTC to
        // pay. Coin by coin one input does; by groups the 100-coin group is spent and the 101st is left alone.
        FundingRequest pay = FundingRequest.payment(List.of(new TxOut(50_000_000, P2PKH)), Set.of(), RATE, 0, 0xfffffffdL);
        assertThat(fund(pay, oneBtcCoinsOfOneAddress(101)).tx().inputs()).hasSize(1);
        assertThat(fund(pay.withAvoidPartialSpends(true), oneBtcCoinsOfOneAddress(101)).tx().inputs()).hasSize(100);
    }

    @Test
    void avoidingPartialSpendsTakesThePartialGroupWhenTheFullOnesCannotPay() throws Exception {
        // test_all_destination_groups_are_used: 202 coins (groups of 100, 100 and 2), 200.5 BTC to pay.
        FundingRequest pay = FundingRequest.payment(List.of(new TxOut(20_050_000_000L, P2PKH)), Set.of(), RATE, 0, 0xfffffffdL)
                .withAvoidPartialSpends(true);
        assertThat(fund(pay, oneBtcCoinsOfOneAddress(202)).tx().inputs()).hasSize(202);
    }

    @Test
    void avoidingAddressReuseAlsoAvoidsPartialSpendsAsSendtoaddressDoes() {
        FundingRequest pay = FundingRequest.payment(List.of(new TxOut(50_000_000, P2PKH)), Set.of(), RATE, 0, 0xfffffffdL);
        assertThat(pay.avoidPartialSpends()).isFalse();
        assertThat(pay.withAvoidAddressReuse(true).avoidPartialSpends()).isTrue();
        assertThat(pay.withAvoidAddressReuse(true).avoidAddressReuse()).isTrue();
    }

    private static WalletCoin p2wpkhAt(int n, long sats, int confirmations, boolean fromMe) {
        byte[] h = new byte[32];
        h[0] = (byte) n;
        WalletKeyLocation at = new WalletKeyLocation(new DescriptorId("44".repeat(32)), n, Descriptor.Kind.WPKH, InputWeight.ofWitness(271));
        return new WalletCoin(new OutPoint(Sha256Hash.wrap(h), 0), new TxOut(sats, P2WPKH), at, confirmations, false, true, true, true, fromMe);
    }

    @Test
    void coinsAreTakenFromTheFirstEligibilityLevelThatCanPayAsBitcoind() throws Exception {
        FundingRequest pay = FundingRequest.payment(List.of(new TxOut(50_000_000, P2PKH)), Set.of(), RATE, 0, 0xfffffffdL);
        WalletCoin theirsOneConf = p2wpkhAt(1, 300_000_000, 1, false);
        WalletCoin theirsSixConf = p2wpkhAt(2, 100_000_000, 6, false);
        WalletCoin ownChange = p2wpkhAt(3, 200_000_000, 0, true);
        // Six confirmations for others' coins come first, although larger coins are there.
        assertThat(fund(pay, List.of(theirsOneConf, theirsSixConf, ownChange)).tx().inputs())
                .extracting(in -> in.prevout()).containsExactly(theirsSixConf.outPoint());
        // Then any confirmed coin, before unconfirmed change.
        assertThat(fund(pay, List.of(theirsOneConf, ownChange)).tx().inputs())
                .extracting(in -> in.prevout()).containsExactly(theirsOneConf.outPoint());
        // Unconfirmed change only when nothing confirmed pays.
        assertThat(fund(pay, List.of(ownChange)).tx().inputs()).extracting(in -> in.prevout()).containsExactly(ownChange.outPoint());
    }

    @Test
    void unconfirmedChangeWithTheShortestMempoolChainIsTakenFirst() throws Exception {
        FundingRequest pay = FundingRequest.payment(List.of(new TxOut(50_000_000, P2PKH)), Set.of(), RATE, 0, 0xfffffffdL);
        WalletCoin longChain = p2wpkhAt(1, 300_000_000, 0, true);
        WalletCoin shortChain = p2wpkhAt(2, 100_000_000, 0, true);
        var chains = java.util.Map.of(longChain.outPoint(), new MempoolChain(10, 10), shortChain.outPoint(), new MempoolChain(1, 1));
        FundedTransaction f = new TransactionFunder(new Random(1)).fund(pay, List.of(), List.of(longChain, shortChain),
                ChangeTarget.to(CHANGE, 68), c -> chains.get(c.outPoint())).funded();
        assertThat(f.tx().inputs()).extracting(in -> in.prevout()).containsExactly(shortChain.outPoint());
    }

    @Test
    void coinsWhoseChainsReachTheMempoolLimitsAreNotSpent() throws Exception {
        FundingRequest pay = FundingRequest.payment(List.of(new TxOut(30_000_000, P2PKH)), Set.of(), RATE, 0, 0xfffffffdL);
        // bitcoind's default limits are 25: a coin whose chain has 25 ancestors, or an ancestor with 25 descendants,
        // cannot be spent without the mempool refusing the spend.
        WalletCoin deep = p2wpkhAt(1, 100_000_000, 0, true);
        WalletCoin busyAncestor = p2wpkhAt(2, 100_000_000, 0, true);
        var chains = java.util.Map.of(deep.outPoint(), new MempoolChain(25, 1), busyAncestor.outPoint(), new MempoolChain(3, 25));
        assertThatThrownBy(() -> new TransactionFunder(new Random(1)).fund(pay, List.of(), List.of(deep, busyAncestor),
                ChangeTarget.to(CHANGE, 68), c -> chains.get(c.outPoint())))
                .isInstanceOf(WalletException.class)
                .hasMessage("Unconfirmed UTXOs are available, but spending them creates a chain of transactions that will be rejected by the mempool");
        // One link shorter, the coin is spent.
        var shorter = java.util.Map.of(deep.outPoint(), new MempoolChain(24, 24), busyAncestor.outPoint(), new MempoolChain(3, 25));
        FundedTransaction f = new TransactionFunder(new Random(1)).fund(pay, List.of(), List.of(deep, busyAncestor),
                ChangeTarget.to(CHANGE, 68), c -> shorter.get(c.outPoint())).funded();
        assertThat(f.tx().inputs()).extracting(in -> in.prevout()).containsExactly(deep.outPoint());
        // Too little in all: the usual answer.
        FundingRequest tooMuch = FundingRequest.payment(List.of(new TxOut(500_000_000, P2PKH)), Set.of(), RATE, 0, 0xfffffffdL);
        assertThatThrownBy(() -> new TransactionFunder(new Random(1)).fund(tooMuch, List.of(), List.of(deep, busyAncestor),
                ChangeTarget.to(CHANGE, 68), c -> chains.get(c.outPoint()))).hasMessage("Insufficient funds");
    }
}
