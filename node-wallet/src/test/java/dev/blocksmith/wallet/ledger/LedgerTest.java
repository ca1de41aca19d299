package dev.blocksmith.wallet.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.script.ScriptBuilder;
import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.core.tx.TxOut;
import dev.blocksmith.core.testing.TestBlocks;
import dev.blocksmith.wallet.WalletKeyLocation;
import dev.blocksmith.wallet.account.DescriptorId;
import dev.blocksmith.wallet.descriptor.Descriptor;
import dev.blocksmith.wallet.descriptor.InputWeight;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LedgerTest {
    private static final Script MINE_1 = TestBlocks.p2wpkhScript(1);
    private static final Script MINE_2 = TestBlocks.p2wpkhScript(2);
    private static final Script THEIRS = TestBlocks.p2wpkhScript(99);
    private static final Map<Script, WalletKeyLocation> OURS = Map.of(
            MINE_1, new WalletKeyLocation(new DescriptorId("11".repeat(32)), 0, Descriptor.Kind.WPKH, InputWeight.ofWitness(271)),
            MINE_2, new WalletKeyLocation(new DescriptorId("22".repeat(32)), 0, Descriptor.Kind.WPKH, InputWeight.ofWitness(271)));
    private static final int MATURITY = 100;

    private final Ledger ledger = new Ledger(s -> Optional.ofNullable(OURS.get(s)));

    private static Transaction coinbase(int height, Script to, long value) {
        return TestBlocks.coinbase(height, to, value, height, false, Sha256Hash.ZERO);
    }

    private static Transaction spend(List<OutPoint> from, TxOut... outs) {
        return new Transaction(2, from.stream().map(o -> new TxIn(o, new ScriptBuilder().build(), 0xfffffffdL)).toList(), List.of(outs), 0);
    }

    private static WalletTx confirmed(Transaction tx, int height, Sha256Hash block) {
        return new WalletTx(tx, WalletTx.State.CONFIRMED, Optional.of(new WalletTx.BlockPosition(block, height, 0, 0)), 0);
    }

    private static WalletTx pending(Transaction tx) {
        return new WalletTx(tx, WalletTx.State.PENDING, Optional.empty(), 0);
    }

    private static Sha256Hash block(int n) {
        byte[] b = new byte[32];
        b[0] = (byte) n;
        b[1] = (byte) (n >> 8);
        return Sha256Hash.wrap(b);
    }

    @Test
    void coinbaseIsImmatureUntilDepthMaturityPlusOne() {
        ledger.put(confirmed(coinbase(1, MINE_1, 5_000_000_000L), 1, block(1)));
        assertThat(ledger.balances(100, MATURITY).immature().sats()).isEqualTo(5_000_000_000L);
        assertThat(ledger.balances(100, MATURITY).trusted().sats()).isZero();
        // Depth 101 at tip 101: a block at height 102 may spend it, so Core counts it as mature.
        assertThat(ledger.balances(101, MATURITY).trusted().sats()).isEqualTo(5_000_000_000L);
        assertThat(ledger.balances(101, MATURITY).immature().sats()).isZero();
    }

    @Test
    void ownUnconfirmedChangeIsTrustedButPaymentsFromOthersAreNot() {
        Transaction cb = coinbase(1, MINE_1, 1_000_000);
        ledger.put(confirmed(cb, 1, block(1)));
        Transaction send = spend(List.of(new OutPoint(cb.txid(), 0)), new TxOut(600_000, THEIRS), new TxOut(399_000, MINE_2));
        ledger.put(pending(send));
        Transaction incoming = spend(List.of(new OutPoint(block(77), 3)), new TxOut(250_000, MINE_1));
        ledger.put(pending(incoming));
        ledger.setInMempool(send.txid(), true);
        ledger.setInMempool(incoming.txid(), true);
        WalletBalances b = ledger.balances(200, MATURITY);
        assertThat(b.trusted().sats()).isEqualTo(399_000);
        assertThat(b.untrustedPending().sats()).isEqualTo(250_000);
        assertThat(ledger.fee(send)).contains(1_000L);
        assertThat(ledger.fee(incoming)).isEmpty();
        assertThat(ledger.unspent(200, MATURITY)).extracting(WalletCoin::outPoint)
                .containsExactlyInAnyOrder(new OutPoint(send.txid(), 1), new OutPoint(incoming.txid(), 0));
    }

    @Test
    void anUnconfirmedTransactionOutOfTheMempoolCountsNowhereButStillSpendsItsInputs() {
        // bitcoind's CachedTxIsTrusted and AvailableCoins: depth 0 counts only while the mempool holds it.
        Transaction cb = coinbase(1, MINE_1, 1_000_000);
        ledger.put(confirmed(cb, 1, block(1)));
        Transaction send = spend(List.of(new OutPoint(cb.txid(), 0)), new TxOut(600_000, THEIRS), new TxOut(399_000, MINE_2));
        ledger.put(pending(send));
        Transaction child = spend(List.of(new OutPoint(send.txid(), 1)), new TxOut(398_000, MINE_1));
        ledger.put(pending(child));
        ledger.setInMempool(send.txid(), true);
        ledger.setInMempool(child.txid(), true);
        assertThat(ledger.balances(200, MATURITY).trusted().sats()).isEqualTo(398_000);
        assertThat(ledger.isTrusted(ledger.get(child.txid()).orElseThrow(), 200)).isTrue();

        // The parent leaves the mempool: the child is no longer trusted (its parent is not), though still held.
        ledger.setInMempool(send.txid(), false);
        assertThat(ledger.isTrusted(ledger.get(child.txid()).orElseThrow(), 200)).isFalse();
        WalletBalances b = ledger.balances(200, MATURITY);
        assertThat(b.trusted().sats()).isZero();
        assertThat(b.untrustedPending().sats()).isEqualTo(398_000);

        // Both out: nothing counts, and the coinbase output stays spent.
        ledger.setInMempool(child.txid(), false);
        assertThat(ledger.unspent(200, MATURITY)).isEmpty();
        assertThat(ledger.balances(200, MATURITY).untrustedPending().sats()).isZero();
        assertThat(ledger.isSpent(new OutPoint(cb.txid(), 0))).isTrue();
    }

    @Test
    void aBlockConflictEndsAnAbandonment() {
        Transaction cb = coinbase(1, MINE_1, 1_000_000);
        ledger.put(confirmed(cb, 1, block(1)));
        OutPoint coin = new OutPoint(cb.txid(), 0);
        Transaction ours = spend(List.of(coin), new TxOut(990_000, MINE_2));
        ledger.put(pending(ours));
        ledger.annotate(ours.txid(), WalletTx.Notes::abandon);
        assertThat(ledger.get(ours.txid()).orElseThrow().notes().abandoned()).isTrue();

        // As bitcoind's block-conflicted state replacing the abandoned one: not abandoned, even after the reorg.
        ledger.put(confirmed(spend(List.of(coin), new TxOut(995_000, THEIRS)), 200, block(200)));
        assertThat(ledger.get(ours.txid()).orElseThrow().notes().abandoned()).isFalse();
        ledger.blockDisconnected(block(200));
        assertThat(ledger.get(ours.txid()).orElseThrow().state()).isEqualTo(WalletTx.State.PENDING);
    }

    @Test
    void reorgMovesTransactionsBackToPendingAndDropsTheCoinbase() {
        Transaction cb = coinbase(1, MINE_1, 1_000_000);
        ledger.put(confirmed(cb, 1, block(1)));
        Transaction send = spend(List.of(new OutPoint(cb.txid(), 0)), new TxOut(900_000, MINE_2));
        ledger.put(confirmed(send, 150, block(150)));
        Transaction cb150 = coinbase(150, MINE_1, 7_000);
        ledger.put(confirmed(cb150, 150, block(150)));

        ledger.blockDisconnected(block(150));
        assertThat(ledger.get(send.txid()).orElseThrow().state()).isEqualTo(WalletTx.State.PENDING);
        assertThat(ledger.get(cb150.txid()).orElseThrow().state()).isEqualTo(WalletTx.State.INACTIVE);
        // The mempool takes the disconnected block's transaction back.
        ledger.setInMempool(send.txid(), true);
        WalletBalances b = ledger.balances(149, MATURITY);
        assertThat(b.trusted().sats()).isEqualTo(900_000);
        assertThat(b.immature().sats()).isZero();

        // Confirmed again in the new branch.
        ledger.put(confirmed(send, 150, block(1150)));
        assertThat(ledger.get(send.txid()).orElseThrow().confirmations(151)).isEqualTo(2);
    }

    @Test
    void aConfirmedDoubleSpendConflictsThePendingTransactionAndItsChildren() {
        Transaction cb = coinbase(1, MINE_1, 1_000_000);
        ledger.put(confirmed(cb, 1, block(1)));
        OutPoint coin = new OutPoint(cb.txid(), 0);
        Transaction ours = spend(List.of(coin), new TxOut(990_000, MINE_2));
        ledger.put(pending(ours));
        Transaction child = spend(List.of(new OutPoint(ours.txid(), 0)), new TxOut(980_000, MINE_1));
        ledger.put(pending(child));
        Transaction rival = spend(List.of(coin), new TxOut(995_000, THEIRS));
        ledger.put(confirmed(rival, 200, block(200)));

        assertThat(ledger.get(ours.txid()).orElseThrow().state()).isEqualTo(WalletTx.State.CONFLICTED);
        assertThat(ledger.get(child.txid()).orElseThrow().state()).isEqualTo(WalletTx.State.CONFLICTED);
        assertThat(ledger.balances(200, MATURITY).trusted().sats()).isZero();
        // Core shows minus the depth of the conflicting block, for the descendant too.
        assertThat(ledger.get(ours.txid()).orElseThrow().confirmations(202)).isEqualTo(-3);
        assertThat(ledger.get(child.txid()).orElseThrow().confirmations(202)).isEqualTo(-3);

        // The rival's block is reorged out: ours can confirm again.
        ledger.blockDisconnected(block(200));
        assertThat(ledger.get(ours.txid()).orElseThrow().state()).isEqualTo(WalletTx.State.PENDING);
        assertThat(ledger.get(child.txid()).orElseThrow().state()).isEqualTo(WalletTx.State.PENDING);
    }

    @Test
    void aBlockTransactionNotOursSpendingTheSameInputConflictsOursAndItsChildUntilTheBlockLeaves() {
        // bitcoind's wallet_conflicts: tx2 pays us from someone else's coin, tx3 (ours) spends it; a block then
        // confirms the coin's owner's other spend, which the wallet does not keep.
        OutPoint theirCoin = new OutPoint(block(77), 1);
        Transaction tx2 = spend(List.of(theirCoin), new TxOut(2_000_000, MINE_1));
        ledger.put(pending(tx2));
        ledger.setInMempool(tx2.txid(), true);
        Transaction tx3 = spend(List.of(new OutPoint(tx2.txid(), 0)), new TxOut(1_990_000, MINE_2));
        ledger.put(pending(tx3));
        ledger.setInMempool(tx3.txid(), true);
        Transaction rival = spend(List.of(theirCoin), new TxOut(1_999_000, THEIRS));
        Transaction unrelated = spend(List.of(new OutPoint(block(78), 0)), new TxOut(5_000, THEIRS));

        assertThat(ledger.recordForeignBlockSpends(List.of(unrelated), block(200), 200)).isFalse();
        assertThat(ledger.recordForeignBlockSpends(List.of(unrelated, rival), block(201), 201)).isTrue();
        for (Transaction t : List.of(tx2, tx3)) {
            WalletTx w = ledger.get(t.txid()).orElseThrow();
            assertThat(w.state()).isEqualTo(WalletTx.State.CONFLICTED);
            assertThat(w.confirmations(211)).isEqualTo(-11);
        }
        assertThat(ledger.balances(211, MATURITY).untrustedPending().sats()).isZero();
        assertThat(ledger.foreignBlockSpends()).containsOnlyKeys(theirCoin);

        // The block leaves the chain: both may confirm again.
        ledger.blockDisconnected(block(201));
        assertThat(ledger.get(tx2.txid()).orElseThrow().state()).isEqualTo(WalletTx.State.PENDING);
        assertThat(ledger.get(tx3.txid()).orElseThrow().confirmations(210)).isZero();
        assertThat(ledger.foreignBlockSpends()).isEmpty();
    }

    @Test
    void receivedOutputsAreListedUnlessABlockConflictsTheTransaction() {
        Transaction cb = coinbase(1, MINE_1, 1_000_000);
        ledger.put(confirmed(cb, 1, block(1)));
        OutPoint coin = new OutPoint(cb.txid(), 0);
        Transaction ours = spend(List.of(coin), new TxOut(990_000, MINE_2));
        ledger.put(pending(ours));
        assertThat(ledger.get(ours.txid()).orElseThrow().listsReceivedOutputs()).isTrue();
        Transaction cb150 = coinbase(150, MINE_1, 7_000);
        ledger.put(confirmed(cb150, 150, block(150)));

        // bitcoind lists received outputs only at depth >= 0: a block-conflicted transaction has none listed.
        ledger.put(confirmed(spend(List.of(coin), new TxOut(995_000, THEIRS)), 200, block(200)));
        assertThat(ledger.get(ours.txid()).orElseThrow().listsReceivedOutputs()).isFalse();
        // An orphaned coinbase is at depth 0 in bitcoind and still listed ("orphan").
        ledger.blockDisconnected(block(150));
        assertThat(ledger.get(cb150.txid()).orElseThrow().state()).isEqualTo(WalletTx.State.INACTIVE);
        assertThat(ledger.get(cb150.txid()).orElseThrow().confirmations(200)).isZero();
        assertThat(ledger.get(cb150.txid()).orElseThrow().listsReceivedOutputs()).isTrue();
    }

    @Test
    void anOrphanedCoinbaseAndItsDescendantsAreAbandonedAndTheDescendantsStaySoWhenItComesBack() {
        Transaction older = spend(List.of(new OutPoint(block(77), 0)), new TxOut(1_000_000, MINE_2));
        ledger.put(confirmed(older, 140, block(140)));
        Transaction cb = coinbase(150, MINE_1, 2_500_000);
        ledger.put(confirmed(cb, 150, block(150)));
        // Spends the coinbase and the older coin (bitcoind's wallet_orphanedreward).
        Transaction send = spend(List.of(new OutPoint(cb.txid(), 0), new OutPoint(older.txid(), 0)), new TxOut(3_000_000, THEIRS),
                new TxOut(400_000, MINE_1));
        ledger.put(pending(send));
        ledger.setInMempool(send.txid(), true);
        Transaction child = spend(List.of(new OutPoint(send.txid(), 1)), new TxOut(390_000, MINE_2));
        ledger.put(pending(child));
        ledger.setInMempool(child.txid(), true);

        ledger.blockDisconnected(block(150));
        for (Transaction t : List.of(cb, send, child)) {
            WalletTx w = ledger.get(t.txid()).orElseThrow();
            assertThat(w.notes().abandoned()).as("abandoned %s", t.txid()).isTrue();
            assertThat(w.state()).isEqualTo(WalletTx.State.INACTIVE);
        }
        ledger.setInMempool(send.txid(), false);
        ledger.setInMempool(child.txid(), false);
        // The older coin is free again; nothing else counts.
        WalletBalances b = ledger.balances(300, MATURITY);
        assertThat(b.trusted().sats()).isEqualTo(1_000_000);
        assertThat(b.immature().sats()).isZero();
        assertThat(b.untrustedPending().sats()).isZero();

        // The block comes back: the coinbase is confirmed (no longer abandoned), its spends stay abandoned.
        ledger.put(confirmed(cb, 150, block(150)));
        assertThat(ledger.get(cb.txid()).orElseThrow().notes().abandoned()).isFalse();
        assertThat(ledger.get(send.txid()).orElseThrow().notes().abandoned()).isTrue();
        assertThat(ledger.balances(300, MATURITY).trusted().sats()).isEqualTo(3_500_000);
    }

    @Test
    void aTransactionReplacedInTheMempoolStopsCountingAndComesBackWhenItReturns() {
        Transaction cb = coinbase(1, MINE_1, 1_000_000);
        ledger.put(confirmed(cb, 1, block(1)));
        OutPoint coin = new OutPoint(cb.txid(), 0);
        Transaction original = spend(List.of(coin), new TxOut(600_000, THEIRS), new TxOut(390_000, MINE_2));
        ledger.put(pending(original));
        Transaction child = spend(List.of(new OutPoint(original.txid(), 1)), new TxOut(380_000, MINE_1));
        ledger.put(pending(child));
        Transaction bump = spend(List.of(coin), new TxOut(600_000, THEIRS), new TxOut(385_000, MINE_2));
        ledger.put(pending(bump));
        ledger.setInMempool(bump.txid(), true);
        ledger.annotate(original.txid(), n -> n.bumpedBy(bump.txid()));
        ledger.annotate(bump.txid(), n -> n.bumping(original.txid()));

        assertThat(ledger.get(original.txid()).orElseThrow().state()).isEqualTo(WalletTx.State.INACTIVE);
        assertThat(ledger.get(child.txid()).orElseThrow().state()).isEqualTo(WalletTx.State.INACTIVE);
        assertThat(ledger.get(original.txid()).orElseThrow().confirmations(10)).isZero();
        // Only the replacement counts; its change is trusted but, being an unconfirmed fee bump, not safe.
        assertThat(ledger.balances(10, MATURITY).trusted().sats()).isEqualTo(385_000);
        WalletCoin change = ledger.unspent(10, MATURITY).get(0);
        assertThat(change.outPoint()).isEqualTo(new OutPoint(bump.txid(), 1));
        assertThat(change.trusted()).isTrue();
        assertThat(change.safe()).isFalse();
        assertThat(ledger.conflictsOf(original)).containsExactly(bump.txid());

        // The original confirms after all: the replacement is conflicted, the note stays.
        ledger.put(confirmed(original, 11, block(11)));
        assertThat(ledger.get(bump.txid()).orElseThrow().state()).isEqualTo(WalletTx.State.CONFLICTED);
        assertThat(ledger.get(child.txid()).orElseThrow().state()).isEqualTo(WalletTx.State.PENDING);
        assertThat(ledger.get(original.txid()).orElseThrow().notes().replacedByTxid()).contains(bump.txid());
        // The child spends our confirmed change again: out of the mempool it counts nowhere (bitcoind's
        // AvailableCoins); once the mempool takes it again it is our own unconfirmed coin, trusted.
        assertThat(ledger.balances(11, MATURITY).trusted().sats()).isZero();
        ledger.setInMempool(child.txid(), true);
        assertThat(ledger.balances(11, MATURITY).trusted().sats()).isEqualTo(380_000);
    }

    @Test
    void abandonedTransactionsFreeTheirInputs() {
        Transaction cb = coinbase(1, MINE_1, 1_000_000);
        ledger.put(confirmed(cb, 1, block(1)));
        Transaction send = spend(List.of(new OutPoint(cb.txid(), 0)), new TxOut(900_000, THEIRS));
        ledger.put(pending(send));
        assertThat(ledger.isSpent(new OutPoint(cb.txid(), 0))).isTrue();
        assertThat(ledger.balances(200, MATURITY).trusted().sats()).isZero();
        ledger.annotate(send.txid(), WalletTx.Notes::abandon);
        assertThat(ledger.get(send.txid()).orElseThrow().state()).isEqualTo(WalletTx.State.INACTIVE);
        assertThat(ledger.isSpent(new OutPoint(cb.txid(), 0))).isFalse();
        assertThat(ledger.balances(200, MATURITY).trusted().sats()).isEqualTo(1_000_000);
    }

    @Test
    void walletTxSerialisationRoundTrips() {
        Transaction cb = coinbase(5, MINE_1, 123);
        WalletTx c = confirmed(cb, 5, block(5));
        assertThat(WalletTx.deserialize(c.serialize())).isEqualTo(c);
        WalletTx p = pending(spend(List.of(new OutPoint(cb.txid(), 0)), new TxOut(100, THEIRS)));
        assertThat(WalletTx.deserialize(p.serialize())).isEqualTo(p);
        WalletTx noted = p.withNotes(WalletTx.Notes.NONE.bumpedBy(block(3)).bumping(block(4)).abandon());
        assertThat(WalletTx.deserialize(noted.serialize())).isEqualTo(noted);
        WalletTx commented = p.withNotes(WalletTx.Notes.NONE.withComments(Optional.of("comment välue"), Optional.of("to value")));
        assertThat(WalletTx.deserialize(commented.serialize())).isEqualTo(commented);
        WalletTx toOnly = p.withNotes(WalletTx.Notes.NONE.bumping(block(4)).withComments(Optional.empty(), Optional.of("to")));
        assertThat(WalletTx.deserialize(toOnly.serialize())).isEqualTo(toOnly);
    }

    @Test
    void emptyCommentsAreNotKept() {
        assertThat(WalletTx.Notes.NONE.withComments(Optional.of(""), Optional.of(""))).isEqualTo(WalletTx.Notes.NONE);
    }

    @Test
    void abandonedAndConflictedSpendsDoNotCountAsSpendingTheTransaction() {
        Transaction cb = coinbase(1, MINE_1, 1_000);
        ledger.put(confirmed(cb, 1, block(1)));
        Transaction child = spend(List.of(new OutPoint(cb.txid(), 0)), new TxOut(900, THEIRS));
        ledger.put(pending(child));
        assertThat(ledger.hasActiveSpend(cb.txid())).isTrue();
        ledger.annotate(child.txid(), WalletTx.Notes::abandon);
        assertThat(ledger.hasActiveSpend(cb.txid())).isFalse();
    }

    @Test
    void involvesMeSeesPaymentsAndSpends() {
        Transaction cb = coinbase(1, MINE_1, 1_000);
        assertThat(ledger.involvesMe(cb)).isTrue();
        ledger.put(confirmed(cb, 1, block(1)));
        assertThat(ledger.involvesMe(spend(List.of(new OutPoint(cb.txid(), 0)), new TxOut(900, THEIRS)))).isTrue();
        assertThat(ledger.involvesMe(spend(List.of(new OutPoint(block(9), 0)), new TxOut(900, THEIRS)))).isFalse();
    }
}
