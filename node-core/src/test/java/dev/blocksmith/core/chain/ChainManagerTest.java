package dev.blocksmith.core.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.block.BlockHeader;
import dev.blocksmith.core.consensus.Subsidy;
import dev.blocksmith.core.consensus.ValidationException;
import dev.blocksmith.core.index.AddressIndex;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.params.Networks;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.store.MemoryKeyValueStore;
import dev.blocksmith.core.testing.RejectSpendsVerifier;
import dev.blocksmith.core.testing.TestBlocks;
import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.core.tx.Transaction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ChainManagerTest {
    private final NetworkParams params = Networks.REGTEST;
    private final MemoryKeyValueStore store = new MemoryKeyValueStore();
    private final BlockStore blocks = FlatFileBlockStore.inMemory(params.magic());
    private final long now = 1_700_000_000L;

    private ChainManager open() {
        return ChainManager.open(params, store, blocks, new RejectSpendsVerifier(), ChainOptions.defaults(), () -> now);
    }

    private List<Block> extend(ChainManager cm, BlockIndex from, int n, Script payTo, int tag) throws ValidationException {
        List<Block> out = new ArrayList<>();
        BlockIndex prev = from;
        for (int i = 0; i < n; i++) {
            Block b = TestBlocks.nextBlock(params, prev, payTo, List.of(), 0, tag * 1000 + i);
            cm.processBlock(b);
            prev = cm.index(b.hash()).orElseThrow();
            out.add(b);
        }
        return out;
    }

    private Map<OutPoint, Coin> utxoSet(ChainManager cm) {
        Map<OutPoint, Coin> m = new TreeMap<>((a, b) -> a.toString().compareTo(b.toString()));
        // The database holds the coins of the last flush: the cache goes there first.
        cm.flushCoins();
        cm.db().forEachCoin((op, c) -> {
            m.put(op, c);
            return true;
        });
        return m;
    }

    /** -txindex turned on for a chain connected without it indexes the blocks already there (mempool_accept's cache). */
    @Test
    void txIndexTurnedOnLaterCatchesUpWithTheChain() throws Exception {
        ChainOptions without = new ChainOptions(false, false);
        ChainManager cm = ChainManager.open(params, store, blocks, new RejectSpendsVerifier(), without, () -> now);
        List<Block> early = extend(cm, cm.tip().index(), 3, Script.of(new byte[] {0x51}), 1);
        cm.close();
        ChainOptions with = new ChainOptions(false, true);
        ChainManager reopened = ChainManager.open(params, store, blocks, new RejectSpendsVerifier(), with, () -> now);
        Sha256Hash coinbase = early.get(1).transactions().get(0).txid();
        assertThat(reopened.txLocation(coinbase)).contains(new TxLocation(early.get(1).hash(), 0));
        // From then on it follows the chain, and a later start has nothing to catch up.
        List<Block> later = extend(reopened, reopened.tip().index(), 1, Script.of(new byte[] {0x51}), 2);
        reopened.close();
        ChainManager again = ChainManager.open(params, store, blocks, new RejectSpendsVerifier(), with, () -> now);
        assertThat(again.txLocation(later.get(0).transactions().get(0).txid())).contains(new TxLocation(later.get(0).hash(), 0));
        assertThat(again.txLocation(coinbase)).contains(new TxLocation(early.get(1).hash(), 0));
    }

    @Test
    void startsAtGenesis() {
        ChainManager cm = open();
        assertThat(cm.tip().height()).isZero();
        assertThat(cm.tip().hash()).isEqualTo(params.genesisHash());
        assertThat(cm.utxoStats().txouts()).isZero();
    }

    @Test
    void connectsBlocksAndPaysSubsidy() throws Exception {
        ChainManager cm = open();
        Script pay = TestBlocks.p2wpkhScript(1);
        extend(cm, cm.tip().index(), 160, pay, 1);
        assertThat(cm.tip().height()).isEqualTo(160);
        long expected = 0;
        for (int h = 1; h <= 160; h++) expected += Subsidy.at(h, params);
        assertThat(cm.utxoStats().totalAmount()).isEqualTo(expected);
        AddressIndex.Balance bal = cm.addressIndex().orElseThrow().balance(pay);
        assertThat(bal.balance()).isEqualTo(expected);
        assertThat(bal.received()).isEqualTo(expected);
        assertThat(cm.addressIndex().orElseThrow().utxos(pay)).hasSize(160);
    }

    @Test
    void restartResumesAtTheSameTip() throws Exception {
        ChainManager cm = open();
        extend(cm, cm.tip().index(), 20, TestBlocks.p2wpkhScript(1), 1);
        Sha256Hash tip = cm.tip().hash();
        cm.close();
        ChainManager reopened = open();
        assertThat(reopened.tip().hash()).isEqualTo(tip);
        assertThat(reopened.tip().height()).isEqualTo(20);
        assertThat(reopened.utxoStats().txouts()).isEqualTo(20);
    }

    @Test
    void aStoredTipFromTheFutureStopsTheStartAsBitcoind() throws Exception {
        ChainManager cm = open();
        extend(cm, cm.tip().index(), 3, TestBlocks.p2wpkhScript(1), 1);
        long tipTime = cm.tip().index().time();
        // The tip checked at start is the database's, written with the coins at a flush (here, as at shutdown).
        cm.flush();
        // bitcoind's VerifyLoadedChainstate: more than MAX_FUTURE_BLOCK_TIME (two hours) ahead of the clock.
        assertThatThrownBy(() -> ChainManager.open(params, store, blocks, new RejectSpendsVerifier(), ChainOptions.defaults(),
                () -> tipTime - 7200 - 1)).isInstanceOf(ChainstateLoadException.class)
                .hasMessageStartingWith("The block database contains a block which appears to be from the future.")
                .satisfies(e -> assertThat(((ChainstateLoadException) e).startupMessage()).endsWith(
                        "are correct." + System.lineSeparator() + "Please restart with -reindex or -reindex-chainstate to recover."));
        ChainManager atTheLimit = ChainManager.open(params, store, blocks, new RejectSpendsVerifier(), ChainOptions.defaults(),
                () -> tipTime - 7200);
        assertThat(atTheLimit.tip().height()).isEqualTo(3);
    }

    /**
     * feature_presegwit_node_upgrade: blocks received before segwit applied to their heights, then a start whose rules
     * have segwit active below them, stops as bitcoind's NeedsRedownload asks (-reindex validates them again).
     */
    @Test
    void blocksReceivedBeforeSegwitAppliedStopTheStartOnceItApplies() throws Exception {
        NetworkParams lateSegwit = params.withActivationHeights(Map.of(dev.blocksmith.core.params.BuriedDeployment.SEGWIT, 10));
        NetworkParams earlierSegwit = params.withActivationHeights(Map.of(dev.blocksmith.core.params.BuriedDeployment.SEGWIT, 5));
        ChainManager cm = ChainManager.open(lateSegwit, store, blocks, new RejectSpendsVerifier(), ChainOptions.defaults(), () -> now);
        BlockIndex prev = cm.tip().index();
        for (int i = 0; i < 8; i++) {
            Block b = TestBlocks.nextBlock(lateSegwit, prev, TestBlocks.p2wpkhScript(1), List.of(), 0, i);
            cm.processBlock(b);
            prev = cm.index(b.hash()).orElseThrow();
        }
        assertThat(prev.hasStatus(BlockStatus.OPT_WITNESS)).isFalse();
        cm.flush();
        assertThatThrownBy(() -> ChainManager.open(earlierSegwit, store, blocks, new RejectSpendsVerifier(), ChainOptions.defaults(),
                () -> now)).isInstanceOf(ChainstateLoadException.class)
                .satisfies(e -> assertThat(((ChainstateLoadException) e).startupMessage()).isEqualTo(
                        ": Witness data for blocks after height 5 requires validation. Please restart with -reindex.."
                                + System.lineSeparator() + "Please restart with -reindex or -reindex-chainstate to recover."));
        // The rules the blocks were received with still start.
        assertThat(ChainManager.open(lateSegwit, store, blocks, new RejectSpendsVerifier(), ChainOptions.defaults(), () -> now)
                .tip().height()).isEqualTo(8);
    }

    /** A database from before the flag: its blocks were received with the rules it is opened with, so it starts. */
    @Test
    void aDatabaseFromBeforeTheWitnessFlagIsMarkedAndStarts() throws Exception {
        ChainManager cm = open();
        extend(cm, cm.tip().index(), 3, TestBlocks.p2wpkhScript(1), 1);
        cm.flush();
        // As an older Blocksmith wrote it: no OPT_WITNESS anywhere, schema 2.
        try (dev.blocksmith.core.store.WriteBatch b = store.newBatch()) {
            cm.db().forEachIndexEntry((hash, st) -> b.put(dev.blocksmith.core.store.StoreSegment.BLOCK_INDEX, hash.bytes(),
                    st.withStatus(st.status() & ~BlockStatus.OPT_WITNESS).serialize()));
            b.put(dev.blocksmith.core.store.StoreSegment.META, ChainDb.VERSION_KEY,
                    new dev.blocksmith.core.primitives.ByteWriter(4).i32le(ChainDb.SCHEMA_BEFORE_WITNESS_FLAG).toByteArray());
            b.commit();
        }
        ChainManager reopened = open();
        assertThat(reopened.tip().height()).isEqualTo(3);
        assertThat(reopened.tip().index().hasStatus(BlockStatus.OPT_WITNESS)).isTrue();
        assertThat(reopened.db().schemaVersion()).contains(ChainDb.SCHEMA_VERSION);
    }

    @Test
    void heavierBranchWinsAndSwitchingBackRestoresState() throws Exception {
        ChainManager cm = open();
        Script a = TestBlocks.p2wpkhScript(0xa);
        Script b = TestBlocks.p2wpkhScript(0xb);
        List<Block> common = extend(cm, cm.tip().index(), 3, a, 1);
        BlockIndex fork = cm.index(common.get(2).hash()).orElseThrow();
        extend(cm, fork, 4, a, 2);
        Map<OutPoint, Coin> utxoA = utxoSet(cm);
        long balA = cm.addressIndex().orElseThrow().balance(a).balance();
        Sha256Hash tipA = cm.tip().hash();

        extend(cm, fork, 5, b, 3);
        assertThat(cm.tip().height()).isEqualTo(8);
        assertThat(cm.addressIndex().orElseThrow().balance(a).balance()).isEqualTo(3 * Subsidy.at(1, params));
        assertThat(cm.addressIndex().orElseThrow().balance(b).balance()).isEqualTo(5 * Subsidy.at(1, params));
        assertThat(utxoSet(cm)).hasSize(8);

        // Branch A grows heavier again: back to it, and the state equals what it was plus the new blocks.
        extend(cm, cm.index(tipA).orElseThrow(), 2, a, 4);
        assertThat(cm.tip().height()).isEqualTo(9);
        assertThat(cm.addressIndex().orElseThrow().balance(b).balance()).isZero();
        assertThat(cm.addressIndex().orElseThrow().utxos(b)).isEmpty();
        assertThat(cm.addressIndex().orElseThrow().balance(a).balance()).isEqualTo(balA + 2 * Subsidy.at(1, params));
        Map<OutPoint, Coin> now = utxoSet(cm);
        assertThat(now.keySet()).containsAll(utxoA.keySet());
        assertThat(now).hasSize(utxoA.size() + 2);
    }

    @Test
    void equalWorkKeepsTheFirstSeenTip() throws Exception {
        ChainManager cm = open();
        BlockIndex g = cm.tip().index();
        extend(cm, g, 2, TestBlocks.p2wpkhScript(1), 1);
        Sha256Hash first = cm.tip().hash();
        extend(cm, g, 2, TestBlocks.p2wpkhScript(2), 2);
        assertThat(cm.tip().hash()).isEqualTo(first);
    }

    @Test
    void invalidBlocksLeaveTheStateUnchanged() throws Exception {
        ChainManager cm = open();
        extend(cm, cm.tip().index(), 2, TestBlocks.p2wpkhScript(1), 1);
        Sha256Hash tip = cm.tip().hash();
        long txouts = cm.utxoStats().txouts();

        // Extra subsidy.
        Block good = TestBlocks.nextBlock(params, cm.tip().index(), TestBlocks.p2wpkhScript(1), List.of(), 0, 9);
        Transaction cb = good.coinbase();
        Transaction greedy = TestBlocks.coinbase(3, TestBlocks.p2wpkhScript(1), Subsidy.at(3, params) + 1, 9, false, Sha256Hash.ZERO);
        Block bad = rebuild(good, List.of(greedy));
        assertThatThrownBy(() -> cm.processBlock(bad)).isInstanceOf(ValidationException.class)
                .extracting(e -> ((ValidationException) e).reason()).isEqualTo("bad-cb-amount");
        assertThat(cm.tip().hash()).isEqualTo(tip);

        // Wrong BIP34 height.
        Transaction wrongHeight = TestBlocks.coinbase(7, TestBlocks.p2wpkhScript(1), Subsidy.at(3, params), 9, false, Sha256Hash.ZERO);
        assertThatThrownBy(() -> cm.processBlock(rebuild(good, List.of(wrongHeight))))
                .extracting(e -> ((ValidationException) e).reason()).isEqualTo("bad-cb-height");

        // Bad proof of work.
        BlockHeader h = good.header();
        BlockHeader unsolved = h;
        while (dev.blocksmith.core.consensus.Difficulty.checkProofOfWork(unsolved.hash(), unsolved.bits(), params.powLimit())) {
            unsolved = unsolved.withNonce(unsolved.nonce() + 1);
        }
        Block badPow = new Block(unsolved, good.transactions());
        assertThatThrownBy(() -> cm.processBlock(badPow)).extracting(e -> ((ValidationException) e).reason()).isEqualTo("high-hash");

        // Bad merkle root: a mutation, so the header stays usable and the good block is then accepted.
        Block badMerkle = new Block(TestBlocks.solve(h.withMerkleRoot(Sha256Hash.ZERO).withNonce(0), params), good.transactions());
        assertThatThrownBy(() -> cm.processBlock(badMerkle)).extracting(e -> ((ValidationException) e).reason()).isEqualTo("bad-txnmrklroot");

        assertThat(cm.tip().hash()).isEqualTo(tip);
        assertThat(cm.utxoStats().txouts()).isEqualTo(txouts);
        assertThat(cm.processBlock(good)).isEqualTo(BlockAcceptance.CONNECTED);
        assertThat(cm.processBlock(good)).isEqualTo(BlockAcceptance.DUPLICATE);
    }

    /** bitcoind never caches a CheckBlock failure: the block is refused each time with its own reason. */
    @Test
    void contextFreeBlockFailuresAreNotCachedAsInvalid() throws Exception {
        ChainManager cm = open();
        extend(cm, cm.tip().index(), 2, TestBlocks.p2wpkhScript(1), 1);
        Block good = TestBlocks.nextBlock(params, cm.tip().index(), TestBlocks.p2wpkhScript(1), List.of(), 0, 9);
        Transaction second = TestBlocks.coinbase(3, TestBlocks.p2wpkhScript(2), Subsidy.at(3, params), 8, false, Sha256Hash.ZERO);
        Block twoCoinbases = rebuild(good, List.of(good.coinbase(), second));
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> cm.processBlock(twoCoinbases, false))
                    .extracting(e -> ((ValidationException) e).reason()).isEqualTo("bad-cb-multiple");
        }
        assertThat(cm.index(twoCoinbases.hash())).isEmpty();
        assertThat(cm.processBlock(good, false)).isEqualTo(BlockAcceptance.CONNECTED);
    }

    /** bitcoind's AcceptBlock for unrequested blocks: less-work forks keep only their header; equal work is stored. */
    @Test
    void unrequestedBlocksAreStoredOnlyWithAtLeastTheTipsWork() throws Exception {
        ChainManager cm = open();
        BlockIndex genesis = cm.tip().index();
        extend(cm, genesis, 2, TestBlocks.p2wpkhScript(1), 1);
        Block fork1 = TestBlocks.nextBlock(params, genesis, TestBlocks.p2wpkhScript(2), List.of(), 0, 77);
        assertThat(cm.processBlock(fork1, false)).isEqualTo(BlockAcceptance.IGNORED);
        BlockIndex forkIdx = cm.index(fork1.hash()).orElseThrow();
        assertThat(forkIdx.haveData()).isFalse();
        Block fork2 = TestBlocks.nextBlock(params, forkIdx, TestBlocks.p2wpkhScript(2), List.of(), 0, 78);
        assertThat(cm.processBlock(fork2, false)).isEqualTo(BlockAcceptance.STORED);
        assertThat(cm.index(fork2.hash()).orElseThrow().haveData()).isTrue();
        // Asked for, the less-work block is stored.
        assertThat(cm.processBlock(fork1, true)).isEqualTo(BlockAcceptance.STORED);
        assertThat(cm.index(fork1.hash()).orElseThrow().haveData()).isTrue();
    }

    /**
     * bitcoind's BlockChecked: a side-branch block is stored unchecked while its branch has no more work;
     * when a child makes that branch the best, the block fails to connect and listeners learn which block
     * failed and why (net_processing punishes the peer that sent it, as feature_block.py's b7/b8 expect).
     */
    @Test
    void listenersLearnOfStoredBlocksFailingToConnectLater() throws Exception {
        ChainManager cm = open();
        BlockIndex genesis = cm.tip().index();
        List<Block> main = extend(cm, genesis, 2, TestBlocks.p2wpkhScript(1), 1);
        List<String> failures = new ArrayList<>();
        cm.addListener(new ChainListener() {
            @Override
            public void blockInvalid(BlockIndex index, String reason) {
                failures.add(index.hash() + " " + reason);
            }
        });
        BlockIndex a1 = cm.index(main.get(0).hash()).orElseThrow();
        Block template = TestBlocks.nextBlock(params, a1, TestBlocks.p2wpkhScript(2), List.of(), 0, 50);
        Transaction greedy = TestBlocks.coinbase(2, TestBlocks.p2wpkhScript(2), Subsidy.at(2, params) + 1, 50, false, Sha256Hash.ZERO);
        Block sideBad = rebuild(template, List.of(greedy));
        assertThat(cm.processBlock(sideBad)).isEqualTo(BlockAcceptance.STORED);
        assertThat(failures).isEmpty();

        Block child = TestBlocks.nextBlock(params, cm.index(sideBad.hash()).orElseThrow(), TestBlocks.p2wpkhScript(2), List.of(), 0, 51);
        assertThat(cm.processBlock(child)).isEqualTo(BlockAcceptance.STORED);
        assertThat(failures).containsExactly(sideBad.hash() + " bad-cb-amount");
        assertThat(cm.tip().hash()).isEqualTo(main.get(1).hash());
    }

    private Block rebuild(Block template, List<Transaction> txs) {
        List<Sha256Hash> ids = new ArrayList<>();
        for (Transaction t : txs) ids.add(t.txid());
        BlockHeader h = template.header().withMerkleRoot(dev.blocksmith.core.block.MerkleTree.root(ids)).withNonce(0);
        return new Block(TestBlocks.solve(h, params), txs);
    }

    @Test
    void blocksArrivingBeforeTheirParentsAreConnectedLater() throws Exception {
        ChainManager source = open();
        List<Block> blocks = extend(source, source.tip().index(), 5, TestBlocks.p2wpkhScript(1), 1);
        ChainManager other = ChainManager.open(params, new MemoryKeyValueStore(), new RejectSpendsVerifier(),
                ChainOptions.defaults(), () -> now);
        List<BlockHeader> headers = blocks.stream().map(Block::header).toList();
        other.processHeaders(headers);
        assertThat(other.bestHeader().height()).isEqualTo(5);
        for (int i = 4; i >= 1; i--) {
            assertThat(other.processBlock(blocks.get(i))).isEqualTo(BlockAcceptance.STORED);
        }
        assertThat(other.tip().height()).isZero();
        assertThat(other.processBlock(blocks.get(0))).isEqualTo(BlockAcceptance.CONNECTED);
        assertThat(other.tip().hash()).isEqualTo(source.tip().hash());
    }

    @Test
    void blockWithUnknownParentIsInconclusive() {
        ChainManager cm = open();
        BlockHeader orphan = TestBlocks.solve(new BlockHeader(0x20000000, Sha256Hash.fromHex("11".repeat(32)),
                Sha256Hash.ZERO, now, 0x207fffffL, 0), params);
        assertThatThrownBy(() -> cm.processHeader(orphan))
                .extracting(e -> ((ValidationException) e).kind()).isEqualTo(ValidationException.Kind.INCONCLUSIVE);
    }
}
