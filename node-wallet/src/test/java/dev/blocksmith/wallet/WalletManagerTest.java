package dev.blocksmith.wallet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blocksmith.core.address.Address;
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

class WalletManagerTest {
    private static final NetworkParams PARAMS = Networks.REGTEST;
    private static final long NOW = PARAMS.genesis().header().time() + 36_000;

    @TempDir
    Path dir;
    private ChainManager chain;
    private WalletManager manager;
    private int tag;

    @BeforeEach
    void setUp() {
        chain = ChainManager.open(PARAMS, new MemoryKeyValueStore(), new RejectSpendsVerifier(), ChainOptions.defaults(), () -> NOW);
        manager = newManager();
    }

    private WalletManager newManager() {
        return new WalletManager(dir.resolve("wallets"), dir.resolve("settings.json"), PARAMS, dev.blocksmith.wallet.WalletChain.of(chain), tx -> Optional.empty(),
                FeeEstimator.NONE, WalletOptions.defaults().withScrypt(new ScryptParams(16, 8, 1)), Clock.systemUTC());
    }

    @AfterEach
    void tearDown() {
        manager.close();
        chain.close();
    }

    private BlockIndex mineOn(BlockIndex prev, Script to) throws Exception {
        Block b = TestBlocks.nextBlock(PARAMS, prev, to, List.of(), 0, ++tag);
        chain.processBlock(b);
        return chain.index(b.header().hash()).orElseThrow();
    }

    @Test
    void reorgDropsTheOrphanedCoinbasesAndRecordsTheNewBranch() throws Exception {
        Wallet w = manager.create("w", Optional.empty(), Optional.empty());
        Script mine = w.newAddress(AddressType.BECH32, false, "").toScriptPubKey();
        BlockIndex fork = chain.tip().index();
        BlockIndex a = fork;
        for (int i = 0; i < 3; i++) a = mineOn(a, mine);
        assertThat(w.balances().immature().sats()).isEqualTo(150 * 100_000_000L);
        assertThat(w.lastBlockHeight()).isEqualTo(3);

        // A longer branch paying someone else replaces ours.
        BlockIndex b = fork;
        for (int i = 0; i < 4; i++) b = mineOn(b, TestBlocks.p2wpkhScript(7));
        assertThat(chain.tip().hash()).isEqualTo(b.hash());
        assertThat(w.balances().immature().sats()).isZero();
        // Orphaned coinbases are inactive and abandoned (bitcoind's depth 0, "orphan").
        assertThat(w.transactions()).allMatch(t -> t.state() == WalletTx.State.INACTIVE && t.notes().abandoned());
        assertThat(w.lastBlockHash()).isEqualTo(b.hash());

        // And our branch wins back with one more block: the coinbases confirm again.
        a = mineOn(a, mine);
        a = mineOn(a, mine);
        assertThat(chain.tip().hash()).isEqualTo(a.hash());
        assertThat(w.balances().immature().sats()).isEqualTo(250 * 100_000_000L);
    }

    /**
     * The wallet hears blocks on the validation queue's thread (bitcoind's validation interface queue): while the queue
     * is held up the chain moves on without it, and a wallet call that first waits for the queue (bitcoind's
     * BlockUntilSyncedToCurrentChain) sees every block connected before it.
     */
    @Test
    void aWalletFollowsTheChainThroughTheValidationQueue() throws Exception {
        try (dev.blocksmith.core.events.ValidationEventQueue queue = dev.blocksmith.core.events.ValidationEventQueue.start("wallet-test-events")) {
            chain.publishTo(queue);
            // A listener ahead of the wallet holds the queue up.
            java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
            chain.addQueuedListener(new dev.blocksmith.core.chain.ChainListener() {
                @Override
                public void blockConnected(Block block, BlockIndex index) {
                    try {
                        release.await(10, java.util.concurrent.TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            });
            Wallet w = manager.create("w", Optional.empty(), Optional.empty());
            Script mine = w.newAddress(AddressType.BECH32, false, "").toScriptPubKey();
            BlockIndex a = mineOn(chain.tip().index(), mine);
            mineOn(a, mine);
            assertThat(chain.tip().height()).isEqualTo(2);
            assertThat(w.lastBlockHeight()).isZero();
            release.countDown();
            manager.chain().awaitNotifications();
            assertThat(w.lastBlockHeight()).isEqualTo(2);
            assertThat(w.balances().immature().sats()).isEqualTo(100 * 100_000_000L);
            manager.close();
            // Unsubscribed on close: later blocks reach no closed wallet.
            mineOn(chain.tip().index(), mine);
            manager.chain().awaitNotifications();
            assertThat(w.lastBlockHeight()).isEqualTo(2);
        }
    }

    @Test
    void startupWalletsReloadWithTheirHistory() throws Exception {
        Wallet w = manager.create("keep", Optional.of("pw".toCharArray()), Optional.of(true));
        manager.create("drop", Optional.empty(), Optional.of(false));
        Script mine = w.newAddress(AddressType.BECH32M, false, "").toScriptPubKey();
        BlockIndex t = chain.tip().index();
        for (int i = 0; i < 2; i++) t = mineOn(t, mine);
        manager.close();
        mineOn(t, mine);

        manager = newManager();
        manager.loadStartupWallets(List.of());
        assertThat(manager.loadedNames()).containsExactly("keep");
        Wallet back = manager.loadedWallet("keep").orElseThrow();
        assertThat(back.keys().isEncrypted()).isTrue();
        assertThat(back.isLocked()).isTrue();
        assertThat(back.transactions()).hasSize(3);
        assertThat(back.balances().immature().sats()).isEqualTo(150 * 100_000_000L);
        assertThat(Files.readString(dir.resolve("settings.json"))).contains("\"keep\"").doesNotContain("drop");
    }

    @Test
    void walletSelectionAndLoadErrors() throws Exception {
        assertThatThrownBy(() -> manager.forRequest(Optional.empty())).isInstanceOf(WalletException.class)
                .extracting(e -> ((WalletException) e).kind()).isEqualTo(WalletException.Kind.NOT_FOUND);
        manager.create("x", Optional.empty(), Optional.empty());
        assertThat(manager.forRequest(Optional.empty()).name()).isEqualTo("x");
        manager.create("y", Optional.empty(), Optional.empty());
        assertThatThrownBy(() -> manager.forRequest(Optional.empty()))
                .extracting(e -> ((WalletException) e).kind()).isEqualTo(WalletException.Kind.NOT_SPECIFIED);
        assertThatThrownBy(() -> manager.load("x", Optional.empty()))
                .extracting(e -> ((WalletException) e).kind()).isEqualTo(WalletException.Kind.ALREADY_LOADED);
        manager.unload("y", Optional.empty());
        assertThat(manager.walletDirNames()).containsExactly("x", "y");
        assertThat(manager.load("y", Optional.empty()).name()).isEqualTo("y");
    }

    @Test
    void settingsNamesRoundTripThroughJsonEscapes() throws Exception {
        WalletSettings s = new WalletSettings(dir.resolve("s.json"));
        s.add("plain");
        s.add("quote\"back\\slash");
        s.add("ctl\u0001");
        assertThat(s.names()).containsExactly("plain", "quote\"back\\slash", "ctl\u0001");
        s.remove("plain");
        assertThat(s.names()).containsExactly("quote\"back\\slash", "ctl\u0001");
    }

    @Test
    void ourUnconfirmedChangeCountsOnlyWhileTheMempoolHoldsIt() throws Exception {
        // A mempool that holds what it takes, as the node's.
        java.util.Set<dev.blocksmith.core.primitives.Sha256Hash> held = new java.util.HashSet<>();
        TransactionBroadcaster mempool = new TransactionBroadcaster() {
            @Override
            public Optional<String> submit(dev.blocksmith.core.tx.Transaction tx) {
                held.add(tx.txid());
                return Optional.empty();
            }

            @Override
            public boolean inMempool(dev.blocksmith.core.primitives.Sha256Hash txid) {
                return held.contains(txid);
            }
        };
        manager.close();
        manager = new WalletManager(dir.resolve("wallets"), dir.resolve("settings.json"), PARAMS, dev.blocksmith.wallet.WalletChain.of(chain), mempool, FeeEstimator.NONE,
                WalletOptions.defaults().withScrypt(new ScryptParams(16, 8, 1)), Clock.systemUTC());
        Wallet w = manager.create("w", Optional.empty(), Optional.empty());
        Script mine = w.newAddress(AddressType.BECH32, false, "").toScriptPubKey();
        BlockIndex tip = chain.tip().index();
        for (int i = 0; i < 101; i++) tip = mineOn(tip, mine);
        long before = w.balances().trusted().sats();
        CreatedTransaction tx = w.createTransaction(List.of(new Recipient(TestBlocks.p2wpkhScript(4), 100_000_000L, false)),
                new dev.blocksmith.wallet.coinselection.FeeRate(1000), true);
        w.commit(tx.tx(), manager.broadcaster());
        long change = tx.tx().output(tx.changePosition()).value();
        assertThat(w.balances().trusted().sats()).isEqualTo(before - 50 * 100_000_000L + change);

        // Out of the mempool (bitcoind's inactive state): the coin stays spent and the change counts nowhere.
        held.remove(tx.tx().txid());
        manager.transactionRemoved(tx.tx(), dev.blocksmith.core.mempool.RemovalReason.EXPIRY);
        assertThat(w.balances().trusted().sats()).isEqualTo(before - 50 * 100_000_000L);
        assertThat(w.unspent()).noneMatch(c -> c.outPoint().txid().equals(tx.tx().txid()));

        // Abandoned, then seen entering the mempool again: no longer abandoned, the change back.
        w.abandon(tx.tx().txid(), mempool);
        assertThat(w.balances().trusted().sats()).isEqualTo(before);
        held.add(tx.tx().txid());
        w.transactionAddedToMempool(tx.tx());
        assertThat(w.transaction(tx.tx().txid()).orElseThrow().notes().abandoned()).isFalse();
        assertThat(w.balances().trusted().sats()).isEqualTo(before - 50 * 100_000_000L + change);
    }

    @Test
    void aForeignMempoolTransactionSpendingTheSameOutputIsAMempoolConflictWhileItStaysThere() throws Exception {
        Wallet w = manager.create("w", Optional.empty(), Optional.empty());
        Script mine = w.newAddress(AddressType.BECH32, false, "").toScriptPubKey();
        var theirCoin = new dev.blocksmith.core.tx.OutPoint(dev.blocksmith.core.primitives.Sha256Hash.wrap(new byte[32]), 7);
        var empty = new dev.blocksmith.core.script.ScriptBuilder().build();
        var incoming = new dev.blocksmith.core.tx.Transaction(2, List.of(new dev.blocksmith.core.tx.TxIn(theirCoin, empty, 0xfffffffdL)),
                List.of(new dev.blocksmith.core.tx.TxOut(100_000, mine)), 0);
        w.transactionAddedToMempool(incoming);
        assertThat(w.balances().untrustedPending().sats()).isEqualTo(100_000);

        // A double spend paying someone else replaces it there: bitcoind records it as a mempool conflict though
        // the wallet does not keep that transaction.
        var rival = new dev.blocksmith.core.tx.Transaction(2, List.of(new dev.blocksmith.core.tx.TxIn(theirCoin, empty, 0xfffffffdL)),
                List.of(new dev.blocksmith.core.tx.TxOut(99_000, TestBlocks.p2wpkhScript(5))), 0);
        w.transactionAddedToMempool(rival);
        WalletTx replaced = w.transaction(incoming.txid()).orElseThrow();
        assertThat(replaced.state()).isEqualTo(WalletTx.State.INACTIVE);
        assertThat(w.mempoolConflicts(replaced)).containsExactly(rival.txid());
        assertThat(w.transaction(rival.txid())).isEmpty();
        assertThat(w.balances().untrustedPending().sats()).isZero();

        // The rival leaves the mempool: no conflict any more, yet ours is not back in the mempool, so nothing counts.
        w.transactionLeftMempool(rival.txid(), false);
        WalletTx after = w.transaction(incoming.txid()).orElseThrow();
        assertThat(after.state()).isEqualTo(WalletTx.State.PENDING);
        assertThat(w.mempoolConflicts(after)).isEmpty();
        assertThat(w.balances().untrustedPending().sats()).isZero();
    }

    @Test
    void walletBroadcastOffKeepsSendsOutOfTheMempoolUntilALoadWithItOn() throws Exception {
        List<dev.blocksmith.core.tx.Transaction> submitted = new java.util.ArrayList<>();
        TransactionBroadcaster mempool = tx -> {
            submitted.add(tx);
            return Optional.empty();
        };
        WalletOptions quiet = WalletOptions.defaults().withScrypt(new ScryptParams(16, 8, 1))
                .withPolicy(WalletPolicy.DEFAULT.withWalletBroadcast(false).withAddressType(AddressType.LEGACY));
        manager.close();
        manager = new WalletManager(dir.resolve("wallets"), dir.resolve("settings.json"), PARAMS, dev.blocksmith.wallet.WalletChain.of(chain), mempool, FeeEstimator.NONE, quiet,
                Clock.systemUTC());
        Wallet w = manager.create("w", Optional.empty(), Optional.of(true));
        // -addresstype=legacy: getnewaddress without a type gives P2PKH, and change follows it.
        assertThat(manager.policy().addressType()).isEqualTo(AddressType.LEGACY);
        Script mine = w.newAddress(AddressType.BECH32, false, "").toScriptPubKey();
        BlockIndex tip = chain.tip().index();
        for (int i = 0; i < 101; i++) tip = mineOn(tip, mine);
        CreatedTransaction tx = w.createTransaction(List.of(new Recipient(TestBlocks.p2wpkhScript(4), 100_000_000L, false)),
                new dev.blocksmith.wallet.coinselection.FeeRate(1000), true);
        assertThat(tx.tx().output(tx.changePosition()).scriptPubKey().isP2PKH()).isTrue();
        w.commit(tx.tx(), manager.broadcaster());
        assertThat(submitted).isEmpty();
        // Never submitted, so out of the mempool: its change is not a coin (bitcoind's CommitTransaction without
        // broadcasting leaves the transaction inactive).
        assertThat(w.unspent()).noneMatch(c -> c.outPoint().txid().equals(tx.tx().txid()));
        assertThat(w.transactions()).extracting(WalletTx::txid).contains(tx.tx().txid());
        manager.close();

        // Loaded again with broadcasting on, the unconfirmed send goes to the mempool.
        manager = new WalletManager(dir.resolve("wallets"), dir.resolve("settings.json"), PARAMS, dev.blocksmith.wallet.WalletChain.of(chain), mempool, FeeEstimator.NONE,
                WalletOptions.defaults().withScrypt(new ScryptParams(16, 8, 1)), Clock.systemUTC());
        manager.loadStartupWallets(List.of());
        assertThat(submitted).extracting(dev.blocksmith.core.tx.Transaction::txid).containsExactly(tx.tx().txid());
    }

    /** A clock tests move by hand (the node's mock time). */
    private static final class MovableClock extends Clock {
        private java.time.Instant now;

        MovableClock(java.time.Instant start) {
            now = start;
        }

        void set(java.time.Instant t) {
            now = t;
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public java.time.Instant instant() {
            return now;
        }
    }

    @Test
    void periodicResendWaitsTwelveHoursAndSkipsWhatArrivedAfterTheLastBlock() throws Exception {
        List<dev.blocksmith.core.tx.Transaction> submitted = new java.util.ArrayList<>();
        java.util.Set<dev.blocksmith.core.primitives.Sha256Hash> held = new java.util.HashSet<>();
        TransactionBroadcaster mempool = new TransactionBroadcaster() {
            @Override
            public Optional<String> submit(dev.blocksmith.core.tx.Transaction tx) {
                submitted.add(tx);
                held.add(tx.txid());
                return Optional.empty();
            }

            @Override
            public boolean inMempool(dev.blocksmith.core.primitives.Sha256Hash txid) {
                return held.contains(txid);
            }
        };
        java.time.Instant t0 = java.time.Instant.ofEpochSecond(1_700_000_000L);
        MovableClock clock = new MovableClock(t0);
        manager.close();
        manager = new WalletManager(dir.resolve("wallets"), dir.resolve("settings.json"), PARAMS, dev.blocksmith.wallet.WalletChain.of(chain), mempool, FeeEstimator.NONE,
                WalletOptions.defaults().withScrypt(new ScryptParams(16, 8, 1)), clock);
        Wallet w = manager.create("w", Optional.empty(), Optional.empty());
        Script mine = w.newAddress(AddressType.BECH32, false, "").toScriptPubKey();
        BlockIndex tip = chain.tip().index();
        for (int i = 0; i < 101; i++) tip = mineOn(tip, mine);
        CreatedTransaction first = w.createTransaction(List.of(new Recipient(TestBlocks.p2wpkhScript(4), 100_000_000L, false)),
                new dev.blocksmith.wallet.coinselection.FeeRate(1000), true);
        w.commit(first.tx(), manager.broadcaster());
        // A block six minutes later: the send is then old enough to be resent.
        clock.set(t0.plusSeconds(6 * 60));
        tip = mineOn(tip, TestBlocks.p2wpkhScript(9));
        submitted.clear();

        // Never within twelve hours of the wallet's start (bitcoind draws 12 to 36 hours).
        clock.set(t0.plusSeconds(12 * 3600 - 120));
        manager.resendDue();
        assertThat(submitted).isEmpty();

        // By 36 hours it is resent, even though the mempool holds it (bitcoind relays it again), and only once.
        clock.set(t0.plusSeconds(36 * 3600));
        manager.resendDue();
        assertThat(submitted).extracting(dev.blocksmith.core.tx.Transaction::txid).containsExactly(first.tx().txid());
        manager.resendDue();
        assertThat(submitted).hasSize(1);

        // A send made after the last block is not resent with it: it may still be on its first way out.
        CreatedTransaction second = w.createTransaction(List.of(new Recipient(TestBlocks.p2wpkhScript(5), 100_000_000L, false)),
                new dev.blocksmith.wallet.coinselection.FeeRate(1000), true);
        w.commit(second.tx(), manager.broadcaster());
        submitted.clear();
        clock.set(t0.plusSeconds(72 * 3600 + 1));
        manager.resendDue();
        assertThat(submitted).extracting(dev.blocksmith.core.tx.Transaction::txid).containsExactly(first.tx().txid());
    }

    @Test
    void listReceivedByAddressGivesTxidsInTxidOrderNotArrivalOrder() throws Exception {
        Wallet w = manager.create("w", Optional.empty(), Optional.empty());
        Address addr = w.newAddress(AddressType.BECH32, false, "");
        var empty = new dev.blocksmith.core.script.ScriptBuilder().build();
        List<dev.blocksmith.core.primitives.Sha256Hash> arrival = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            var coin = new dev.blocksmith.core.tx.OutPoint(dev.blocksmith.core.primitives.Sha256Hash.wrap(new byte[32]), i);
            var incoming = new dev.blocksmith.core.tx.Transaction(2, List.of(new dev.blocksmith.core.tx.TxIn(coin, empty, 0xfffffffdL)),
                    List.of(new dev.blocksmith.core.tx.TxOut(100_000 + i, addr.toScriptPubKey())), 0);
            w.transactionAddedToMempool(incoming);
            arrival.add(incoming.txid());
        }
        List<dev.blocksmith.core.primitives.Sha256Hash> sorted = arrival.stream()
                .sorted(java.util.Comparator.comparing(dev.blocksmith.core.primitives.Sha256Hash::toHex)).toList();
        assertThat(sorted).isNotEqualTo(arrival);
        var totals = ReceivedTally.byAddress(w, new ReceivedTally.Filter(0, false, false), Optional.of(addr));
        assertThat(totals).hasSize(1);
        assertThat(totals.get(0).txids()).containsExactlyElementsOf(sorted);
    }

    @Test
    void aStartupWalletThatDoesNotExistIsSkippedAsBitcoindDoes() throws Exception {
        manager.create("here", Optional.empty(), Optional.of(false));
        manager.close();
        manager = newManager();
        manager.loadStartupWallets(List.of("nosuch", "here"));
        assertThat(manager.loadedNames()).containsExactly("here");
    }

    @Test
    void aWalletPathLinkingToAFileStopsTheStartAsBitcoindsGetWalletPath() throws Exception {
        Path walletsDir = java.nio.file.Files.createDirectories(dir.resolve("wallets"));
        java.nio.file.Files.writeString(walletsDir.resolve("w8"), "an old data file");
        java.nio.file.Files.createSymbolicLink(walletsDir.resolve("w8_symlink"), Path.of("w8"));
        assertThatThrownBy(() -> manager.loadStartupWallets(List.of("w8_symlink")))
                .isInstanceOf(WalletException.class)
                .hasMessageStartingWith("Invalid -wallet path 'w8_symlink'. -wallet path should point to a directory");
        // A folder without a wallet file is data in no recognised format: not skipped at start as a missing one is.
        java.nio.file.Files.createDirectories(walletsDir.resolve("empty_wallet_dir"));
        assertThatThrownBy(() -> manager.load("empty_wallet_dir", Optional.empty()))
                .isInstanceOf(WalletException.class).hasMessageEndingWith("Data is not in recognized format.")
                .extracting(e -> ((WalletException) e).kind()).isEqualTo(WalletException.Kind.BAD_FORMAT);
        assertThatThrownBy(() -> manager.create("w8_symlink", Optional.empty(), Optional.empty()))
                .isInstanceOf(WalletException.class)
                .extracting(e -> ((WalletException) e).kind()).isEqualTo(WalletException.Kind.WALLET_ERROR);
    }
}
