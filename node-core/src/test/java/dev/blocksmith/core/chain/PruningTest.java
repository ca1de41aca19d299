package dev.blocksmith.core.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.consensus.ValidationException;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.params.Networks;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.store.MemoryKeyValueStore;
import dev.blocksmith.core.testing.RejectSpendsVerifier;
import dev.blocksmith.core.testing.TestBlocks;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * Pruning as bitcoind does it: manual (-prune=1) and automatic (a target), restart, reorgs past pruned data. bitcoind
 * prunes whole blk/rev file pairs; here every blk file holds one block (a file size limit below any block), so the
 * heights pruned are exactly those of the files chosen.
 */
class PruningTest {
    private final NetworkParams params = Networks.REGTEST;
    private final MemoryKeyValueStore store = new MemoryKeyValueStore();
    private final MemoryBlockFiles files = new MemoryBlockFiles();
    private final BlockStore blocks = FlatFileBlockStore.inMemory(files, params.magic(), 1);
    private final Script pay = TestBlocks.p2wpkhScript(7);
    /** -prune=1 -fastprune: pruneblockchain only, pruning possible above height 100. */
    private static final PruneOptions MANUAL_FAST = new PruneOptions(PruneOptions.MANUAL, true);

    private ChainManager open(PruneOptions prune) {
        return ChainManager.open(params, store, blocks, new RejectSpendsVerifier(),
                new ChainOptions(true, false).withPrune(prune), () -> 1_700_000_000L);
    }

    private List<Block> extend(ChainManager cm, BlockIndex from, int n, int tag) throws ValidationException {
        List<Block> out = new ArrayList<>();
        BlockIndex prev = from;
        for (int i = 0; i < n; i++) {
            Block b = TestBlocks.nextBlock(params, prev, pay, List.of(), 0, tag * 10_000 + i);
            cm.processBlock(b);
            prev = cm.index(b.hash()).orElseThrow();
            out.add(b);
        }
        return out;
    }

    private BlockIndex at(ChainManager cm, int height) {
        return cm.atHeight(height).orElseThrow();
    }

    @Test
    void optionsAreReadAsBitcoindReadsThem() throws Exception {
        assertThat(PruneOptions.fromMiB(0, false).enabled()).isFalse();
        assertThat(PruneOptions.fromMiB(1, false).automatic()).isFalse();
        assertThat(PruneOptions.fromMiB(1, false).enabled()).isTrue();
        assertThat(PruneOptions.fromMiB(550, false).targetBytes()).isEqualTo(576_716_800L);
        assertThat(PruneOptions.fromMiB(123_456_789, false).automatic()).isTrue();
        assertThatThrownBy(() -> PruneOptions.fromMiB(549, false))
                .hasMessage("Prune configured below the minimum of 550 MiB.  Please use a higher number.");
        assertThatThrownBy(() -> PruneOptions.fromMiB(2, false))
                .hasMessage("Prune configured below the minimum of 550 MiB.  Please use a higher number.");
        assertThatThrownBy(() -> PruneOptions.fromMiB(-1, false)).hasMessage("Prune cannot be configured with a negative value.");
        assertThatThrownBy(() -> new ChainOptions(true, true).withPrune(MANUAL_FAST))
                .hasMessage("Prune mode is incompatible with -txindex.");
        assertThat(PruneOptions.fromMiB(1, true).pruneAfterHeight(Networks.REGTEST)).isEqualTo(100);
        assertThat(PruneOptions.fromMiB(1, false).pruneAfterHeight(Networks.REGTEST)).isEqualTo(1000);
        assertThat(PruneOptions.fromMiB(1, true).pruneAfterHeight(Networks.MAIN)).isEqualTo(100_000);
    }

    @Test
    void pruneLocksKeepTheBlocksAnIndexStillReads() throws Exception {
        ChainManager cm = open(MANUAL_FAST);
        extend(cm, cm.tip().index(), 400, 1);
        // An index at height 60 still reads from there: pruning stops PRUNE_LOCK_BUFFER + 1 blocks below it.
        cm.updatePruneLock("basic block filter index", 60);
        assertThat(cm.pruneBlockchain(300)).isEqualTo(OptionalInt.of(60 - PruneController.PRUNE_LOCK_BUFFER - 1));
        assertThat(at(cm, 49).haveData()).isFalse();
        assertThat(at(cm, 50).haveData()).isTrue();
        cm.updatePruneLock("basic block filter index", 400);
        assertThat(cm.pruneBlockchain(300)).isEqualTo(OptionalInt.of(400 - ChainManager.MIN_BLOCKS_TO_KEEP));
    }

    @Test
    void theAddressIndexAnswersBalancesUtxosAndHistoryOfPrunedBlocks() throws Exception {
        ChainManager cm = open(MANUAL_FAST);
        List<Block> blocks = extend(cm, cm.tip().index(), 400, 1);
        long subsidies = 0;
        for (int h = 1; h <= 400; h++) subsidies += dev.blocksmith.core.consensus.Subsidy.at(h, params);
        assertThat(cm.pruneBlockchain(400)).isEqualTo(OptionalInt.of(112));

        // The address index lives in the chain database, written with each block: pruning blk/rev files leaves it whole.
        dev.blocksmith.core.index.AddressIndex index = cm.addressIndex().orElseThrow();
        assertThat(index.balance(pay)).isEqualTo(new dev.blocksmith.core.index.AddressIndex.Balance(subsidies, subsidies));
        assertThat(index.utxos(pay)).hasSize(400);
        assertThat(index.utxos(pay).get(0).outPoint().txid()).isEqualTo(blocks.get(0).transactions().get(0).txid());
        assertThat(index.txids(pay, 1, 112)).hasSize(112);
        assertThat(cm.isBlockPruned(at(cm, 1))).isTrue();
    }

    @Test
    void manualPruningDeletesDataBelowTheKeptBlocksAndSurvivesARestart() throws Exception {
        ChainManager cm = open(MANUAL_FAST);
        List<Block> blocks = extend(cm, cm.tip().index(), 400, 1);
        assertThat(cm.lastPrunedHeight()).isEmpty();
        long before = cm.storedBlockBytes();

        // As bitcoind: never one of the last 288 blocks, whatever height is asked for.
        assertThat(cm.pruneBlockchain(400)).isEqualTo(OptionalInt.of(400 - ChainManager.MIN_BLOCKS_TO_KEEP));
        assertThat(cm.havePruned()).isTrue();
        assertThat(cm.storedBlockBytes()).isLessThan(before);
        for (int h = 1; h <= 112; h++) {
            BlockIndex idx = at(cm, h);
            assertThat(idx.haveData()).isFalse();
            assertThat(idx.hasStatus(BlockStatus.HAVE_UNDO)).isFalse();
            assertThat(cm.isBlockPruned(idx)).isTrue();
            assertThat(cm.rawBlock(idx.hash())).isEmpty();
            assertThat(cm.undo(idx.hash())).isEmpty();
        }
        for (int h = 113; h <= 400; h++) {
            assertThat(cm.rawBlock(at(cm, h).hash()).orElseThrow()).isEqualTo(blocks.get(h - 1).serialize());
            assertThat(cm.isBlockPruned(at(cm, h))).isFalse();
        }
        // bitcoind prunes blk00000.dat, genesis block included, once every block in it is old enough.
        assertThat(cm.block(params.genesisHash())).isEmpty();
        assertThat(files.exists("blk00000.dat")).isFalse();
        assertThat(files.exists("rev00112.dat")).isFalse();
        assertThat(files.exists("blk00113.dat")).isTrue();
        assertThat(files.exists("rev00113.dat")).isTrue();
        assertThat(cm.hasBlockData(113, 400)).isTrue();
        assertThat(cm.hasBlockData(100, 400)).isFalse();
        // A lower height prunes nothing more; the answer stays the last pruned block.
        assertThat(cm.pruneBlockchain(50)).isEqualTo(OptionalInt.of(112));

        // The chain keeps growing on top of pruned history.
        extend(cm, cm.tip().index(), 5, 2);
        assertThat(cm.tip().height()).isEqualTo(405);

        cm.close();
        ChainManager reopened = open(MANUAL_FAST);
        assertThat(reopened.tip().height()).isEqualTo(405);
        assertThat(reopened.lastPrunedHeight()).isEqualTo(OptionalInt.of(112));
        assertThat(reopened.havePruned()).isTrue();
        assertThat(reopened.isBlockPruned(at(reopened, 2))).isTrue();
        assertThat(reopened.storedBlockBytes()).isEqualTo(cm.storedBlockBytes());
        extend(reopened, reopened.tip().index(), 3, 3);
        assertThat(reopened.tip().height()).isEqualTo(408);
        assertThat(reopened.pruneBlockchain(1000)).isEqualTo(OptionalInt.of(408 - 288));

        // bitcoind: a pruned database does not start as a full node.
        assertThatThrownBy(() -> open(PruneOptions.OFF)).isInstanceOf(ChainstateLoadException.class)
                .hasMessage("You need to rebuild the database using -reindex to go back to unpruned mode.  "
                        + "This will redownload the entire blockchain");
    }

    @Test
    void aPrunedBlockCanBeStoredAgainWhenSubmitted() throws Exception {
        ChainManager cm = open(MANUAL_FAST);
        List<Block> blocks = extend(cm, cm.tip().index(), 400, 1);
        cm.pruneBlockchain(400);
        Block second = blocks.get(1);
        Block third = blocks.get(2);

        // Unrequested (a peer's): ignored, as bitcoind ignores a previously processed, pruned block.
        assertThat(cm.processBlock(third, false)).isEqualTo(BlockAcceptance.IGNORED);
        assertThat(cm.rawBlock(third.hash())).isEmpty();
        // submitblock: stored again, not connected again (bitcoind's "inconclusive").
        assertThat(cm.processBlock(second)).isEqualTo(BlockAcceptance.STORED);
        assertThat(cm.rawBlock(second.hash()).orElseThrow()).isEqualTo(second.serialize());
        assertThat(cm.isBlockPruned(at(cm, 2))).isFalse();
        assertThat(cm.tip().height()).isEqualTo(400);
        assertThat(cm.processBlock(second)).isEqualTo(BlockAcceptance.DUPLICATE);
        // Its undo data is gone, so the pruned range reported does not change.
        assertThat(cm.lastPrunedHeight()).isEqualTo(OptionalInt.of(112));
    }

    @Test
    void manualPruningNeedsPruneModeAndLeavesThePruneAfterHeightToTheRpc() throws Exception {
        ChainManager cm = open(new PruneOptions(PruneOptions.MANUAL, false));
        extend(cm, cm.tip().index(), 400, 1);
        assertThat(cm.pruneAfterHeight()).isEqualTo(1000);
        // The RPC refuses a chain this short; the chain manager itself keeps the 288 blocks rule only.
        assertThat(cm.pruneBlockchain(10)).isEqualTo(OptionalInt.of(10));

        ChainManager unpruned = ChainManager.open(params, new MemoryKeyValueStore(), new RejectSpendsVerifier(),
                new ChainOptions(true, false), () -> 1_700_000_000L);
        assertThatThrownBy(() -> unpruned.pruneBlockchain(10)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void automaticPruningKeepsStoredDataWithinTheTarget() throws Exception {
        // A target of a few dozen blocks (bitcoind's minimum is 550 MiB; the rule is the same): what the blk/rev pair
        // of one block takes.
        BlockStore sizingFiles = FlatFileBlockStore.inMemory(new MemoryBlockFiles(), params.magic(), 1);
        ChainManager sizing = ChainManager.open(params, new MemoryKeyValueStore(), sizingFiles, new RejectSpendsVerifier(),
                new ChainOptions(true, false).withPrune(MANUAL_FAST), () -> 1_700_000_000L);
        extend(sizing, sizing.tip().index(), 1, 9);
        long perBlock = sizingFiles.fileBytes(at(sizing, 1).file());
        assertThat(perBlock).isGreaterThan(at(sizing, 1).storedBytes());
        // bitcoind keeps a blk and a rev chunk free under the target: the data itself may take perBlock * 320.
        long room = perBlock * 320;
        long target = BlockPruner.CHUNK_BUFFER_BYTES + room;

        ChainManager cm = open(new PruneOptions(target, true));
        BlockIndex prev = cm.tip().index();
        for (int i = 0; i < 600; i++) {
            Block b = TestBlocks.nextBlock(params, prev, pay, List.of(), 0, i);
            cm.processBlock(b);
            prev = cm.index(b.hash()).orElseThrow();
            int tip = prev.height();
            OptionalInt pruned = cm.lastPrunedHeight();
            if (tip <= 100) {
                assertThat(pruned).as("no pruning up to PruneAfterHeight, height %d", tip).isEmpty();
                continue;
            }
            if (pruned.isPresent()) assertThat(pruned.getAsInt()).isLessThanOrEqualTo(tip - ChainManager.MIN_BLOCKS_TO_KEEP);
            if (tip - ChainManager.MIN_BLOCKS_TO_KEEP > 40) {
                assertThat(cm.storedBlockBytes()).as("stored bytes at height %d", tip).isLessThan(room);
            }
        }
        // The lowest blocks went first, and only as many as needed.
        int last = cm.lastPrunedHeight().orElseThrow();
        assertThat(at(cm, last + 1).haveData()).isTrue();
        assertThat(cm.storedBlockBytes()).isGreaterThan(room - 2 * perBlock);
        for (int h = 1; h <= last; h++) assertThat(at(cm, h).haveData()).isFalse();

        ChainManager reopened = open(new PruneOptions(target, true));
        assertThat(reopened.storedBlockBytes()).isEqualTo(cm.storedBlockBytes());
        assertThat(reopened.lastPrunedHeight()).isEqualTo(OptionalInt.of(last));
        // A lower target at start prunes at once, as bitcoind's PruneAndFlush at init; below what the last 288
        // blocks take, everything else goes.
        ChainManager lowered = open(new PruneOptions(target / 2, true));
        assertThat(lowered.lastPrunedHeight()).isEqualTo(OptionalInt.of(600 - ChainManager.MIN_BLOCKS_TO_KEEP));
    }

    @Test
    void duringInitialDownloadEverythingBelowTheKeptBlocksIsPrunedAtOnce() throws Exception {
        // bitcoind's FindFilesToPrune adds 1 MB for each block still to connect to its allowance while the initial
        // download is under way: once the target is reached, a syncing node prunes every file it may at once, not just
        // enough for the next block.
        ChainManager source = ChainManager.open(params, new MemoryKeyValueStore(),
                FlatFileBlockStore.inMemory(new MemoryBlockFiles(), params.magic(), 1), new RejectSpendsVerifier(),
                new ChainOptions(true, false).withPrune(MANUAL_FAST), () -> 1_700_000_000L);
        List<Block> chain = extend(source, source.tip().index(), 2200, 3);
        long perBlock = (long) Math.ceil((double) source.storedBlockBytes() / 2200);
        long room = perBlock * 1500;

        ChainManager cm = open(new PruneOptions(BlockPruner.CHUNK_BUFFER_BYTES + room, true));
        cm.processHeaders(chain.stream().map(Block::header).toList());
        OptionalInt last = OptionalInt.empty();
        int events = 0;
        for (Block b : chain.subList(0, 2000)) {
            cm.processBlock(b);
            assertThat(cm.isInitialBlockDownload()).isTrue();
            int tip = cm.tip().height();
            OptionalInt pruned = cm.lastPrunedHeight();
            if (pruned.equals(last)) continue;
            events++;
            last = pruned;
            // The lowest file left holds one of the last 288 blocks: nothing more could go.
            int lowest = at(cm, pruned.getAsInt() + 1).file();
            int highestInLowest = 0;
            for (int h = pruned.getAsInt() + 1; h <= tip; h++) if (at(cm, h).file() == lowest) highestInLowest = h;
            assertThat(highestInLowest).as("after pruning at height %d", tip).isGreaterThan(tip - ChainManager.MIN_BLOCKS_TO_KEEP);
            assertThat(cm.storedBlockBytes()).isLessThan(room);
        }
        assertThat(events).isPositive();
    }

    @Test
    void aReorgPastPrunedDataIsRefusedAndLeavesTheStateAlone() throws Exception {
        ChainManager cm = open(MANUAL_FAST);
        extend(cm, cm.tip().index(), 400, 1);
        cm.pruneBlockchain(400);
        var tipBefore = cm.tip();
        UtxoStats statsBefore = cm.utxoStats();

        // A heavier branch forking at height 50, inside the pruned range: blocks 51..112 cannot be disconnected.
        List<Block> branch = extend(cm, at(cm, 50), 360, 2);
        assertThat(cm.tip().hash()).isEqualTo(tipBefore.hash());
        assertThat(cm.utxoStats()).isEqualTo(statsBefore);
        assertThat(cm.index(branch.get(branch.size() - 1).hash()).orElseThrow().chainWork())
                .isGreaterThan(tipBefore.chainWork());
        assertThat(cm.verifyChain(3, 6)).isTrue();

        // invalidateblock of a pruned block is refused before anything is disconnected.
        assertThatThrownBy(() -> cm.invalidateBlock(at(cm, 60).hash())).isInstanceOf(ValidationException.class)
                .hasMessageContaining("pruned");
        assertThat(cm.tip().hash()).isEqualTo(tipBefore.hash());

        // A reorg within the kept blocks works as ever.
        List<Block> near = extend(cm, at(cm, 390), 12, 3);
        assertThat(cm.tip().hash()).isEqualTo(near.get(near.size() - 1).hash());
        assertThat(cm.tip().height()).isEqualTo(402);
        assertThat(cm.verifyChain(4, 20)).isTrue();
        // verifychain reaching pruned blocks stops there and reports the check incomplete, as bitcoind.
        assertThat(cm.verifyChain(4, 0)).isFalse();

        cm.close();
        ChainManager reopened = open(MANUAL_FAST);
        assertThat(reopened.tip().hash()).isEqualTo(cm.tip().hash());
        assertThat(reopened.utxoStats().totalAmount()).isEqualTo(cm.utxoStats().totalAmount());
    }

    @Test
    void reindexChainstateIsRefusedAndReindexStartsOver() throws Exception {
        ChainManager cm = open(MANUAL_FAST);
        extend(cm, cm.tip().index(), 400, 1);
        cm.pruneBlockchain(400);

        assertThatThrownBy(() -> ChainManager.wipeChainState(store, blocks, false, MANUAL_FAST))
                .hasMessage("Prune mode is incompatible with -reindex-chainstate. Use full -reindex instead.");
        assertThatThrownBy(() -> ChainManager.wipeChainState(store, blocks, false, PruneOptions.OFF))
                .hasMessageStartingWith("You need to rebuild the database using -reindex");
        assertThat(cm.tip().height()).isEqualTo(400);

        // -reindex: the stored blocks past the pruned gap (blk00000.dat is gone) cannot be connected; their files are
        // dropped (bitcoind's CleanupBlockRevFiles), the blocks to be downloaded again, and genesis written anew.
        ChainManager.wipeChainState(store, blocks, true, MANUAL_FAST);
        ChainManager reindexed = open(MANUAL_FAST);
        assertThat(reindexed.reindexBlockFiles()).isZero();
        assertThat(reindexed.reindexPending()).isFalse();
        assertThat(reindexed.tip().height()).isZero();
        assertThat(reindexed.havePruned()).isFalse();
        // As bitcoind (feature_remove_pruned_files_on_startup): the genesis block's file and its empty rev file.
        assertThat(files.list()).containsExactlyInAnyOrder("blk00000.dat", "rev00000.dat");
        assertThat(files.size("rev00000.dat")).isZero();
        assertThat(reindexed.block(params.genesisHash())).isPresent();
    }
}
