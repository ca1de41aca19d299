package dev.blocksmith.wallet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blocksmith.core.address.Address;
import dev.blocksmith.core.address.P2pkhAddress;
import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.chain.BlockIndex;
import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.core.chain.ChainOptions;
import dev.blocksmith.core.crypto.SignedMessages;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.params.Networks;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.store.MemoryKeyValueStore;
import dev.blocksmith.core.testing.RejectSpendsVerifier;
import dev.blocksmith.core.testing.TestBlocks;
import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.core.tx.TxOut;
import dev.blocksmith.wallet.account.AddressType;
import dev.blocksmith.wallet.keystore.ScryptParams;
import dev.blocksmith.wallet.ledger.WalletTx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The wallet side of the exchange RPCs: received tallies, message signing, restore, balance simulation, HD keys. */
class ExchangeWalletFeaturesTest {
    private static final NetworkParams PARAMS = Networks.REGTEST;
    private static final long NOW = PARAMS.genesis().header().time() + 36_000;
    private static final long REWARD = 50 * 100_000_000L;

    @TempDir
    Path dir;
    private ChainManager chain;
    private WalletManager manager;
    private int tag;

    @BeforeEach
    void setUp() {
        chain = ChainManager.open(PARAMS, new MemoryKeyValueStore(), new RejectSpendsVerifier(), ChainOptions.defaults(), () -> NOW);
        manager = new WalletManager(dir.resolve("wallets"), dir.resolve("settings.json"), PARAMS, dev.blocksmith.wallet.WalletChain.of(chain), tx -> Optional.empty(),
                FeeEstimator.NONE, WalletOptions.defaults().withScrypt(new ScryptParams(16, 8, 1)), Clock.systemUTC());
    }

    @AfterEach
    void tearDown() {
        manager.close();
        chain.close();
    }

    private BlockIndex mine(int blocks, Script to) throws Exception {
        BlockIndex t = chain.tip().index();
        for (int i = 0; i < blocks; i++) {
            Block b = TestBlocks.nextBlock(PARAMS, t, to, List.of(), 0, ++tag);
            chain.processBlock(b);
            t = chain.index(b.header().hash()).orElseThrow();
        }
        return t;
    }

    @Test
    void receivedTotalsFollowLabelsDepthAndCoinbaseMaturity() throws Exception {
        Wallet w = manager.create("w", Optional.empty(), Optional.empty());
        Script deposit = w.newAddress(AddressType.BECH32, false, "user-1").toScriptPubKey();
        Address empty = w.newAddress(AddressType.BECH32, false, "user-2");
        mine(1, deposit);
        mine(2, TestBlocks.p2wpkhScript(9));

        ReceivedTally.Filter mature = new ReceivedTally.Filter(1, false, false);
        ReceivedTally.Filter immatureToo = new ReceivedTally.Filter(1, true, true);
        assertThat(ReceivedTally.byAddress(w, mature, Optional.empty())).isEmpty();
        List<ReceivedTally.AddressTotal> all = ReceivedTally.byAddress(w, immatureToo, Optional.empty());
        assertThat(all).extracting(ReceivedTally.AddressTotal::label).containsExactlyInAnyOrder("user-1", "user-2");
        ReceivedTally.AddressTotal paid = all.stream().filter(t -> t.label().equals("user-1")).findFirst().orElseThrow();
        assertThat(paid.amount()).isEqualTo(REWARD);
        assertThat(paid.confirmations()).isEqualTo(3);
        assertThat(paid.txids()).hasSize(1);
        assertThat(ReceivedTally.byAddress(w, immatureToo, Optional.of(empty))).singleElement()
                .satisfies(t -> assertThat(t.amount()).isZero());
        assertThat(ReceivedTally.byLabel(w, immatureToo)).extracting(ReceivedTally.LabelTotal::label).containsExactly("user-1", "user-2");
        assertThat(ReceivedTally.received(w, List.of(deposit), 4, true)).isZero();

        mine(PARAMS.coinbaseMaturity(), TestBlocks.p2wpkhScript(9));
        assertThat(ReceivedTally.received(w, List.of(deposit), 1, false)).isEqualTo(REWARD);
    }

    @Test
    void signedMessagesVerifyForTheWalletsLegacyAddress() throws Exception {
        Wallet w = manager.create("w", Optional.of("pw".toCharArray()), Optional.empty());
        Address a = w.newAddress(AddressType.LEGACY, false, "");
        byte[] keyId = ((P2pkhAddress) a).hash();
        assertThatThrownBy(() -> w.signMessage(keyId, "hello")).extracting(e -> ((WalletException) e).kind())
                .isEqualTo(WalletException.Kind.UNLOCK_NEEDED);
        w.unlock("pw".toCharArray(), java.time.Duration.ofSeconds(60));
        String sig = w.signMessage(keyId, "hello");
        assertThat(SignedMessages.verify(a.encode(), sig, "hello", PARAMS)).isEqualTo(SignedMessages.Verification.OK);
        assertThat(SignedMessages.verify(a.encode(), sig, "hello!", PARAMS)).isEqualTo(SignedMessages.Verification.NOT_SIGNED);
        assertThatThrownBy(() -> w.signMessage(new byte[20], "hello")).hasMessage("Private key not available");
    }

    @Test
    void restoreLoadsABackupAndRefusesWhatItCannot() throws Exception {
        Wallet w = manager.create("w", Optional.empty(), Optional.empty());
        mine(2, w.newAddress(AddressType.BECH32, false, "").toScriptPubKey());
        Path backup = dir.resolve("w.bak");
        w.backup(backup);
        mine(1, w.newAddress(AddressType.BECH32, false, "").toScriptPubKey());

        Wallet restored = manager.restore("copy", backup, Optional.empty());
        assertThat(restored.transactions()).extracting(WalletTx::txid).containsExactlyInAnyOrderElementsOf(
                w.transactions().stream().map(WalletTx::txid).toList());
        assertThatThrownBy(() -> manager.restore("copy", backup, Optional.empty())).extracting(e -> ((WalletException) e).kind())
                .isEqualTo(WalletException.Kind.ALREADY_EXISTS);
        assertThatThrownBy(() -> manager.restore("none", dir.resolve("missing.bak"), Optional.empty()))
                .extracting(e -> ((WalletException) e).kind()).isEqualTo(WalletException.Kind.INVALID_PARAMETER);
        Path junk = Files.writeString(dir.resolve("junk.bak"), "invald wallet");
        assertThatThrownBy(() -> manager.restore("junk", junk, Optional.empty())).hasMessageContaining("Data is not in recognized format");
        assertThat(dir.resolve("wallets").resolve("junk")).doesNotExist();
        assertThatThrownBy(() -> w.backup(dir.resolve("wallets"))).isInstanceOf(dev.blocksmith.wallet.store.WalletStoreException.class);
    }

    @Test
    void simulationCountsOurInputsAndOutputsAcrossAChain() throws Exception {
        Wallet w = manager.create("w", Optional.empty(), Optional.empty());
        Script ours = w.newAddress(AddressType.BECH32, false, "").toScriptPubKey();
        mine(1, ours);
        WalletTx coinbase = w.transactions().get(0);
        OutPoint coin = new OutPoint(coinbase.txid(), 0);
        Transaction pay = new Transaction(2, List.of(new TxIn(coin, Script.EMPTY, 0xffffffffL)),
                List.of(new TxOut(REWARD - 1_000_000, TestBlocks.p2wpkhScript(3)), new TxOut(500_000, ours)), 0);
        Transaction onward = new Transaction(2, List.of(new TxIn(new OutPoint(pay.txid(), 1), Script.EMPTY, 0xffffffffL)),
                List.of(new TxOut(400_000, TestBlocks.p2wpkhScript(4))), 0);
        java.util.function.Function<OutPoint, Optional<TxOut>> utxo = op -> chain.coin(op).map(c -> c.output());
        assertThat(BalanceSimulation.balanceChange(w, List.of(pay), utxo)).isEqualTo(-REWARD + 500_000);
        assertThat(BalanceSimulation.balanceChange(w, List.of(pay, onward), utxo)).isEqualTo(-REWARD);
        assertThatThrownBy(() -> BalanceSimulation.balanceChange(w, List.of(pay, pay), utxo))
                .hasMessage("Transaction(s) are spending the same output more than once");
        assertThatThrownBy(() -> BalanceSimulation.balanceChange(w, List.of(onward), utxo))
                .hasMessage("One or more transaction inputs are missing or have been spent already");
    }

    @Test
    void hdKeysAreListedLockedAfterEncryptionRotatesTheSeed() throws Exception {
        Wallet w = manager.create("w", Optional.empty(), Optional.empty());
        List<HdKeys.HdKey> before = HdKeys.list(w, false, true);
        assertThat(before).singleElement().satisfies(k -> {
            assertThat(k.hasPrivate()).isTrue();
            assertThat(k.xprv()).isPresent();
            assertThat(k.descriptors()).hasSize(8).allMatch(HdKeys.Use::active);
        });
        w.encrypt("pw".toCharArray(), new ScryptParams(16, 8, 1));
        assertThat(w.isLocked()).isTrue();
        assertThat(HdKeys.list(w, false, false)).hasSize(2);
        assertThat(HdKeys.list(w, true, false)).singleElement().satisfies(k -> assertThat(k.xpub()).isNotEqualTo(before.get(0).xpub()));
        assertThatThrownBy(() -> HdKeys.createDescriptors(w, AddressType.BECH32M, Optional.empty(), Optional.empty(), NOW))
                .extracting(e -> ((WalletException) e).kind()).isEqualTo(WalletException.Kind.UNLOCK_NEEDED);
        w.unlock("pw".toCharArray(), java.time.Duration.ofSeconds(60));
        assertThatThrownBy(() -> HdKeys.createDescriptors(w, AddressType.BECH32M, Optional.empty(), Optional.empty(), NOW))
                .hasMessage("Descriptor already exists");
    }
}
