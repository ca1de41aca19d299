package dev.blocksmith.core.index;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.chain.BlockIndex;
import dev.blocksmith.core.chain.BlockStore;
import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.core.chain.ChainOptions;
import dev.blocksmith.core.chain.FlatFileBlockStore;
import dev.blocksmith.core.chain.TxLocation;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.params.Networks;
import dev.blocksmith.core.script.Opcodes;
import dev.blocksmith.core.script.ScriptBuilder;
import dev.blocksmith.core.store.MemoryKeyValueStore;
import dev.blocksmith.core.testing.TestBlocks;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** -txindex as an index written in each block's batch: its catch-up at start, marker and getindexinfo entry. */
class TxIndexTest {
    private final NetworkParams params = Networks.REGTEST;
    private final MemoryKeyValueStore store = new MemoryKeyValueStore();
    private final BlockStore blocks = FlatFileBlockStore.inMemory(params.magic());
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(TxIndex.class);

    @BeforeEach
    void captureLog() {
        log.start();
        logger.addAppender(log);
    }

    @AfterEach
    void releaseLog() {
        logger.detachAppender(log);
    }

    private ChainManager open(boolean txIndex, boolean addressIndex) {
        return ChainManager.open(params, store, blocks, (block, spent, flags) -> { }, new ChainOptions(addressIndex, txIndex),
                () -> 1_700_000_000L);
    }

    private static List<Block> mine(ChainManager cm, int n) throws Exception {
        List<Block> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            BlockIndex prev = cm.tip().index();
            Block b = TestBlocks.nextBlock(Networks.REGTEST, prev, new ScriptBuilder().op(Opcodes.OP_TRUE).build(), List.of(), 0,
                    prev.height() + 1);
            cm.processBlock(b);
            out.add(b);
        }
        return out;
    }

    private List<String> messages() {
        return log.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    private static TxIndex txIndex(ChainManager cm) {
        return cm.batchIndexes().stream().filter(TxIndex.class::isInstance).map(TxIndex.class::cast).findFirst().orElseThrow();
    }

    @Test
    void catchesUpWithTheBlocksConnectedWithoutItAndLogsAsBitcoind() throws Exception {
        ChainManager without = open(false, false);
        List<Block> mined = mine(without, 3);
        without.close();
        assertThat(messages()).isEmpty();

        ChainManager with = open(true, false);
        // bitcoind's BaseIndex::Sync lines, which tests search debug.log for.
        assertThat(messages()).containsExactly("Syncing txindex with block chain from height 0", "txindex is enabled at height 3");
        for (Block b : mined) assertThat(with.txLocation(b.transactions().get(0).txid())).contains(new TxLocation(b.hash(), 0));
        assertThat(txIndex(with).bestBlock()).contains(with.tip().hash());
        with.close();
    }

    @Test
    void anIndexFlushedAtTheTipHasNothingToCatchUp() throws Exception {
        ChainManager first = open(true, false);
        mine(first, 2);
        first.close();
        log.list.clear();

        ChainManager again = open(true, false);
        assertThat(messages()).isEmpty();
        assertThat(txIndex(again).bestBlock()).contains(again.tip().hash());
        again.close();
    }

    @Test
    void onlyBitcoindsIndexesHaveAGetIndexInfoEntry() {
        ChainManager cm = open(true, true);
        assertThat(cm.batchIndexes()).extracting(BlockBatchIndex::name).containsExactly("txindex", "addressindex");
        assertThat(cm.batchIndexes()).extracting(i -> i.summary(7))
                .containsExactly(Optional.of(new ChainIndex.IndexSummary("txindex", true, 7)), Optional.empty());
        cm.close();
    }
}
