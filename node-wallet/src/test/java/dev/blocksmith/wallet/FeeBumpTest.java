package dev.blocksmith.wallet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.chain.BlockIndex;
import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.core.chain.ChainOptions;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.params.Networks;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.store.MemoryKeyValueStore;
import dev.blocksmith.core.testing.RejectSpendsVerifier;
import dev.blocksmith.core.testing.TestBlocks;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.core.tx.TxOut;
import dev.blocksmith.wallet.account.AddressType;
import dev.blocksmith.wallet.coinselection.FeeRate;
import dev.blocksmith.wallet.keystore.ScryptParams;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bumpfee as bitcoind's feebumper: the replacement is funded anew from all the original's inputs, with the original's
 * payments or the outputs asked for, adding confirmed coins when the inputs fall short.
 */
class FeeBumpTest {
    private static final NetworkParams PARAMS = Networks.REGTEST;
    private static final long NOW = PARAMS.genesis().header().time() + 36_000;
    private static final long COIN = 100_000_000L;
    private static final Script PAYEE = TestBlocks.p2wpkhScript(7);
    private static final Script OTHER_PAYEE = TestBlocks.p2wpkhScript(8);
    private static final TransactionBroadcaster ACCEPT_ALL = tx -> Optional.empty();

    @TempDir
    Path dir;
    private ChainManager chain;
    private WalletManager manager;
    private Wallet wallet;
    private int tag;

    @BeforeEach
    void setUp() throws Exception {
        chain = ChainManager.open(PARAMS, new MemoryKeyValueStore(), new RejectSpendsVerifier(), ChainOptions.defaults(), () -> NOW);
        manager = new WalletManager(dir.resolve("wallets"), dir.resolve("settings.json"), PARAMS, dev.blocksmith.wallet.WalletChain.of(chain), ACCEPT_ALL,
                FeeEstimator.NONE, WalletOptions.defaults().withScrypt(new ScryptParams(16, 8, 1)), Clock.systemUTC());
        wallet = manager.create("w", Optional.empty(), Optional.empty());
        // Two mature 50 BTC coinbases.
        mine(1, wallet.newAddress(AddressType.BECH32, false, "").toScriptPubKey());
        mine(1, wallet.newAddress(AddressType.BECH32, false, "").toScriptPubKey());
        mine(PARAMS.coinbaseMaturity(), TestBlocks.p2wpkhScript(9));
    }

    @AfterEach
    void tearDown() {
        manager.close();
        chain.close();
    }

    private void mine(int blocks, Script to) throws Exception {
        BlockIndex t = chain.tip().index();
        for (int i = 0; i < blocks; i++) {
            Block b = TestBlocks.nextBlock(PARAMS, t, to, List.of(), 0, ++tag);
            chain.processBlock(b);
            t = chain.index(b.header().hash()).orElseThrow();
        }
    }

    private Transaction pay(Script to, long sats) throws Exception {
        CreatedTransaction created = wallet.createTransaction(List.of(new Recipient(to, sats, false)), FeeRate.ofSatPerVb(2), true);
        wallet.commit(created.tx(), ACCEPT_ALL);
        return created.tx();
    }

    private static FeeBumpRequest request(Transaction original, Optional<FeeRate> rate, List<TxOut> outputs, OptionalInt changeIndex) {
        return new FeeBumpRequest(original.txid(), rate, FeeRate.WALLET_MINIMUM, true, outputs, changeIndex, 0);
    }

    private static long fee(Transaction original, long inputValue) {
        return inputValue - original.outputs().stream().mapToLong(TxOut::value).sum();
    }

    @Test
    void newOutputsReplaceTheOriginalPaymentsAndKeepItsInputs() throws Exception {
        Transaction original = pay(PAYEE, 10 * COIN);
        Wallet.FeeBumpResult bumped = wallet.bumpFee(request(original, Optional.of(FeeRate.ofSatPerVb(10)),
                List.of(new TxOut(3 * COIN, OTHER_PAYEE)), OptionalInt.empty()), manager::findCoin, ACCEPT_ALL);
        Transaction r = bumped.replacement();
        assertThat(r.inputs()).extracting(TxIn::prevout).containsExactlyElementsOf(original.inputs().stream().map(TxIn::prevout).toList());
        assertThat(r.outputs()).extracting(TxOut::scriptPubKey).doesNotContain(PAYEE);
        assertThat(r.outputs()).contains(new TxOut(3 * COIN, OTHER_PAYEE));
        assertThat(bumped.oldFee()).isEqualTo(fee(original, 50 * COIN));
        assertThat(bumped.newFee()).isEqualTo(fee(r, 50 * COIN)).isGreaterThanOrEqualTo(10L * r.vsize() - 10);
        assertThat(wallet.transaction(original.txid()).orElseThrow().notes().replacedByTxid()).contains(r.txid());
        assertThat(wallet.transaction(r.txid()).orElseThrow().notes().replacesTxid()).contains(original.txid());
    }

    @Test
    void aBumpKeepsTheChangeScriptAndPaysOutOfTheChange() throws Exception {
        Transaction original = pay(PAYEE, 10 * COIN);
        Script change = original.outputs().stream().map(TxOut::scriptPubKey).filter(wallet::isChange).findFirst().orElseThrow();
        Wallet.FeeBumpResult bumped = wallet.bumpFee(request(original, Optional.empty(), List.of(), OptionalInt.empty()), manager::findCoin,
                ACCEPT_ALL);
        Transaction r = bumped.replacement();
        assertThat(r.inputs()).hasSize(1);
        assertThat(r.outputs()).contains(new TxOut(10 * COIN, PAYEE));
        assertThat(r.outputs()).extracting(TxOut::scriptPubKey).contains(change);
        // The original's rate plus 1 sat/kvB plus the wallet's 5 sat/vB increment.
        FeeRate expected = new FeeRate(bumped.oldFee() * 1000 / original.vsize() + 1 + 5_000);
        assertThat(bumped.newFee()).isGreaterThanOrEqualTo(expected.fee(r.vsize()) - 1);
    }

    @Test
    void sendingEverythingBackToChangeAddsAnInputWhenTheOriginalsFallShort() throws Exception {
        Transaction original = pay(PAYEE, 10 * COIN);
        Script change = original.outputs().stream().map(TxOut::scriptPubKey).filter(wallet::isChange).findFirst().orElseThrow();
        // wallet_bumpfee's bump back to yourself: 60 BTC to the change script takes both coinbases; the fee comes out
        // of the 60, the rest goes to new change.
        Wallet.FeeBumpResult bumped = wallet.bumpFee(request(original, Optional.of(FeeRate.ofSatPerVb(20)),
                List.of(new TxOut(60 * COIN, change)), OptionalInt.empty()), manager::findCoin, ACCEPT_ALL);
        Transaction r = bumped.replacement();
        assertThat(r.inputs()).hasSize(2);
        assertThat(r.outputs()).hasSize(2);
        assertThat(r.outputs()).contains(new TxOut(60 * COIN - bumped.newFee(), change));
        assertThat(r.outputs().stream().mapToLong(TxOut::value).sum() + bumped.newFee()).isEqualTo(100 * COIN);
    }

    @Test
    void theNamedChangeOutputReceivesTheChange() throws Exception {
        Transaction original = pay(PAYEE, 10 * COIN);
        int payeeAt = original.outputs().indexOf(new TxOut(10 * COIN, PAYEE));
        TxOut realChange = original.output(1 - payeeAt);
        // wallet_bumpfee's original_change_index: the named output is change whatever the wallet thinks, so the
        // wallet's own change output becomes a payment, kept whole, and the named one pays the higher fee.
        Wallet.FeeBumpResult bumped = wallet.bumpFee(request(original, Optional.of(FeeRate.ofSatPerVb(10)), List.of(), OptionalInt.of(payeeAt)),
                manager::findCoin, ACCEPT_ALL);
        Transaction r = bumped.replacement();
        assertThat(r.outputs()).hasSize(2).contains(realChange);
        assertThat(r.outputs()).contains(new TxOut(50 * COIN - realChange.value() - bumped.newFee(), PAYEE));
        assertThat(bumped.newFee()).isGreaterThan(bumped.oldFee());
    }

    @Test
    void anExplicitRateMustPayTheIncrementalRelayFeeOnTop() throws Exception {
        Transaction original = pay(PAYEE, 10 * COIN);
        assertThatThrownBy(() -> wallet.bumpFee(request(original, Optional.of(FeeRate.ofSatPerVb(2)), List.of(), OptionalInt.empty()),
                manager::findCoin, ACCEPT_ALL))
                .isInstanceOf(WalletException.class).hasMessageStartingWith("Insufficient total fee ")
                .extracting(e -> ((WalletException) e).kind()).isEqualTo(WalletException.Kind.INVALID_PARAMETER);
    }

    @Test
    void optionsAreCheckedAsBitcoindChecksThem() throws Exception {
        Transaction original = pay(PAYEE, 10 * COIN);
        assertThatThrownBy(() -> wallet.bumpFee(request(original, Optional.empty(), List.of(new TxOut(COIN, OTHER_PAYEE)), OptionalInt.of(0)),
                manager::findCoin, ACCEPT_ALL)).hasMessageStartingWith("The options 'outputs' and 'original_change_index' are incompatible.");
        assertThatThrownBy(() -> wallet.bumpFee(request(original, Optional.empty(), List.of(), OptionalInt.of(2)), manager::findCoin, ACCEPT_ALL))
                .hasMessage("Change position is out of range");
    }
}
