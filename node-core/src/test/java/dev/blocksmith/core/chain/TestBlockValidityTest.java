package dev.blocksmith.core.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.block.BlockHeader;
import dev.blocksmith.core.block.MerkleTree;
import dev.blocksmith.core.consensus.Difficulty;
import dev.blocksmith.core.consensus.Subsidy;
import dev.blocksmith.core.consensus.ValidationException;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.params.Networks;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.store.MemoryKeyValueStore;
import dev.blocksmith.core.testing.RejectSpendsVerifier;
import dev.blocksmith.core.testing.TestBlocks;
import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.core.tx.TxOut;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** bitcoind's TestBlockValidity (getblocktemplate proposals): the node's rules, nothing stored. */
class TestBlockValidityTest {
    private final NetworkParams params = Networks.REGTEST;
    private final MemoryKeyValueStore store = new MemoryKeyValueStore();
    private final long now = 1_700_000_000L;
    private final Script pay = TestBlocks.p2wpkhScript(1);
    private ChainManager cm;
    private Block good;

    @BeforeEach
    void chainOfThree() throws Exception {
        cm = ChainManager.open(params, store, new RejectSpendsVerifier(), ChainOptions.defaults(), () -> now);
        for (int i = 0; i < 3; i++) cm.processBlock(TestBlocks.nextBlock(params, cm.tip().index(), pay, List.of(), 0, i));
        good = TestBlocks.nextBlock(params, cm.tip().index(), pay, List.of(), 0, 99);
    }

    private static void assertReason(ThrowingCallable call, String reason) {
        assertThatThrownBy(call).isInstanceOf(ValidationException.class)
                .extracting(e -> ((ValidationException) e).reason()).isEqualTo(reason);
    }

    /** The block with these transactions and the header changed by {@code header}, merkle root recomputed. */
    private Block with(List<Transaction> txs, java.util.function.UnaryOperator<BlockHeader> header) {
        List<Sha256Hash> ids = new ArrayList<>();
        for (Transaction t : txs) ids.add(t.txid());
        return new Block(header.apply(good.header().withMerkleRoot(MerkleTree.root(ids))), txs);
    }

    private BlockHeader unsolved(BlockHeader h) {
        BlockHeader cur = h;
        while (Difficulty.checkProofOfWork(cur.hash(), cur.bits(), params.powLimit())) cur = cur.withNonce(cur.nonce() + 1);
        return cur;
    }

    @Test
    void aValidBlockPassesAndLeavesNoTrace() throws Exception {
        Sha256Hash tip = cm.tip().hash();
        long txouts = cm.utxoStats().txouts();
        cm.testBlockValidity(good, true);
        cm.testBlockValidity(good, true);
        assertThat(cm.index(good.hash())).isEmpty();
        assertThat(cm.tip().hash()).isEqualTo(tip);
        assertThat(cm.utxoStats().txouts()).isEqualTo(txouts);
        assertThat(cm.processBlock(good)).isEqualTo(BlockAcceptance.CONNECTED);
    }

    @Test
    void proofOfWorkIsCheckedOnlyWhenAsked() {
        Block noPow = new Block(unsolved(good.header()), good.transactions());
        assertThatCode(() -> cm.testBlockValidity(noPow, false)).doesNotThrowAnyException();
        assertReason(() -> cm.testBlockValidity(noPow, true), "high-hash");
    }

    @Test
    void onlyBlocksOnTheTipCanBeJudged() throws Exception {
        BlockIndex parent = cm.tip().index().prev();
        Block onParent = TestBlocks.nextBlock(params, parent, pay, List.of(), 0, 7);
        assertReason(() -> cm.testBlockValidity(onParent, false), "inconclusive-not-best-prevblk");
    }

    @Test
    void eachKindOfRuleIsTheNodesOwn() {
        // CheckBlock: merkle root, coinbase shape.
        Block badRoot = new Block(good.header().withMerkleRoot(Sha256Hash.ZERO), good.transactions());
        assertReason(() -> cm.testBlockValidity(badRoot, false), "bad-txnmrklroot");
        Transaction cb = good.coinbase();
        Transaction notCoinbase = new Transaction(cb.version(),
                List.of(new TxIn(new OutPoint(Sha256Hash.wrap(new byte[] {1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}), 0), cb.input(0).scriptSig(), TxIn.SEQUENCE_FINAL)),
                cb.outputs(), 0);
        assertReason(() -> cm.testBlockValidity(with(List.of(notCoinbase), h -> h), false), "bad-cb-missing");
        // Contextual header checks: bits, time.
        assertReason(() -> cm.testBlockValidity(with(good.transactions(), h -> new BlockHeader(h.version(), h.prevHash(),
                h.merkleRoot(), h.time(), h.bits() - 1, 0)), false), "bad-diffbits");
        assertReason(() -> cm.testBlockValidity(with(good.transactions(), h -> h.withTime(0)), false), "time-too-old");
        assertReason(() -> cm.testBlockValidity(with(good.transactions(), h -> h.withTime(0xffffffffL)), false), "time-too-new");
        // Contextual block checks: finality.
        Transaction nonFinal = new Transaction(cb.version(), List.of(new TxIn(OutPoint.NULL, cb.input(0).scriptSig(), 0xfffffffeL)),
                cb.outputs(), 0xffffffffL);
        assertReason(() -> cm.testBlockValidity(with(List.of(nonFinal), h -> h), false), "bad-txns-nonfinal");
        // ConnectBlock: the subsidy and the inputs, against the UTXO set.
        Transaction greedy = TestBlocks.coinbase(4, pay, Subsidy.at(4, params) + 1, 99, false, Sha256Hash.ZERO);
        assertReason(() -> cm.testBlockValidity(with(List.of(greedy), h -> h), false), "bad-cb-amount");
        Transaction fromThinAir = new Transaction(2, List.of(new TxIn(new OutPoint(Sha256Hash.wrap(new byte[] {(byte) 0xff, 0, 0, 0,
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}), 0), Script.EMPTY,
                TxIn.SEQUENCE_FINAL)), List.of(new TxOut(1000, pay)), 0);
        assertReason(() -> cm.testBlockValidity(with(List.of(cb, fromThinAir), h -> h), false), "bad-txns-inputs-missingorspent");
        assertThat(cm.tip().height()).isEqualTo(3);
    }
}
