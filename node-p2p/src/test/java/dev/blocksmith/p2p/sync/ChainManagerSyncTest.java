package dev.blocksmith.p2p.sync;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.core.chain.ChainOptions;
import dev.blocksmith.core.consensus.ValidationException;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.params.Networks;
import dev.blocksmith.core.store.MemoryKeyValueStore;
import dev.blocksmith.core.testing.RejectSpendsVerifier;
import dev.blocksmith.core.testing.TestBlocks;
import dev.blocksmith.p2p.AddNodeAction;
import dev.blocksmith.p2p.message.InvItem;
import dev.blocksmith.p2p.message.Message;
import dev.blocksmith.p2p.testing.Await;
import dev.blocksmith.p2p.testing.RawClient;
import dev.blocksmith.p2p.testing.TestNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Two nodes backed by real ChainManagers (in-memory stores) syncing and reorganising over loopback. */
class ChainManagerSyncTest {
    private static final NetworkParams PARAMS = Networks.REGTEST;
    private static final Duration WAIT = Duration.ofSeconds(60);
    /**
     * The chains' clock: an hour after the regtest genesis, so that blocks mined one second apart from
     * genesis are recent (the miner leaves initial block download, and serves headers, as Core would).
     */
    private static final long NOW = PARAMS.genesis().header().time() + 3600;

    private static ChainManager openChain() {
        return ChainManager.open(PARAMS, new MemoryKeyValueStore(), new RejectSpendsVerifier(), ChainOptions.defaults(), () -> NOW);
    }

    private static void mine(ChainManager cm, int n, int tag) throws ValidationException {
        for (int i = 0; i < n; i++) {
            Block b = TestBlocks.nextBlock(PARAMS, cm.tip().index(), TestBlocks.p2wpkhScript(tag), List.of(), 0, tag * 10_000 + i);
            cm.processBlock(b);
        }
    }

    @Test
    void syncsAndReorgsBetweenRealChainManagers() throws Exception {
        ChainManager chainA = openChain();
        ChainManager chainB = openChain();
        mine(chainA, 250, 1);
        try (TestNode a = new TestNode(new ChainManagerBackend(chainA), false);
             TestNode b = new TestNode(new ChainManagerBackend(chainB), false)) {
            b.net.addNode(a.target(), AddNodeAction.ADD);
            Await.until("b synced", WAIT, () -> chainB.tip().height() == 250);
            assertThat(chainB.tip().hash()).isEqualTo(chainA.tip().hash());

            mine(chainA, 1, 1);
            Await.until("announcement followed", WAIT, () -> chainB.tip().hash().equals(chainA.tip().hash()));

            b.net.addNode(a.target(), AddNodeAction.REMOVE);
            b.net.disconnectNode(Optional.empty(), Optional.of(b.net.peers().get(0).id()));
            Await.until("partitioned", WAIT, () -> a.net.connectionCount() == 0);
            mine(chainA, 3, 2);
            mine(chainB, 5, 3);
            b.net.addNode(a.target(), AddNodeAction.ONETRY);
            Await.until("a reorganised to b's heavier branch", WAIT, () -> chainA.tip().hash().equals(chainB.tip().hash()));
            assertThat(chainA.tip().height()).isEqualTo(256);
        } finally {
            chainA.close();
            chainB.close();
        }
    }

    /**
     * bitcoind's FindNextBlocksToDownload fetches toward a peer's best block when its chain has at least the
     * tip's work: an equal-work branch too long for a direct fetch is stored, so that one more block on it
     * reorganises at once (feature_block.py's 1088-block reorg).
     */
    @Test
    void downloadsAnEqualWorkBranchSoThatItsNextBlockReorganises() throws Exception {
        ChainManager chainA = openChain();
        ChainManager chainB = openChain();
        mine(chainA, 30, 4);
        mine(chainB, 30, 5);
        try (TestNode a = new TestNode(new ChainManagerBackend(chainA), false);
             TestNode b = new TestNode(new ChainManagerBackend(chainB), false)) {
            b.net.addNode(a.target(), AddNodeAction.ADD);
            Await.until("a stored b's equal-work branch", WAIT,
                    () -> chainA.index(chainB.tip().hash()).map(i -> i.haveData()).orElse(false));
            assertThat(chainA.tip().height()).isEqualTo(30);
            assertThat(chainA.tip().hash()).isNotEqualTo(chainB.tip().hash());
        } finally {
            chainA.close();
            chainB.close();
        }
    }

    /**
     * feature_block.py's 1088-block reorg: an equal-work branch longer than the download window is neither
     * direct-fetched (too far from the tip) nor fetchable in one window; bitcoind's window starts after the
     * last block of the branch it already stored, so the whole branch is downloaded.
     */
    @Test
    void downloadsAnEqualWorkBranchLongerThanTheDownloadWindow() throws Exception {
        int length = SyncManager.DOWNLOAD_WINDOW + 40;
        ChainManager chainA = openChain();
        ChainManager chainB = openChain();
        mine(chainA, length, 6);
        mine(chainB, length, 7);
        try (TestNode a = new TestNode(new ChainManagerBackend(chainA), false);
             TestNode b = new TestNode(new ChainManagerBackend(chainB), false)) {
            b.net.addNode(a.target(), AddNodeAction.ADD);
            Await.until("a stored b's whole equal-work branch", WAIT,
                    () -> chainA.index(chainB.tip().hash()).map(i -> i.haveData()).orElse(false));
            assertThat(chainA.tip().hash()).isNotEqualTo(chainB.tip().hash());
        } finally {
            chainA.close();
            chainB.close();
        }
    }

    /**
     * p2p_headers_sync_with_minchainwork's large reorg: a heavier chain forking so far below the tip that its
     * first 2000 headers have less work than the tip less 144 blocks. bitcoind pre-synchronises such a full
     * batch up to that threshold (with no minimum chain work set) instead of ignoring it, then stores it
     * and reorganises.
     */
    @Test
    void reorganisesToAHeavierChainWhoseFirstHeadersAreBelowTheAntiDosThreshold() throws Exception {
        ChainManager chainA = openChain();
        ChainManager chainB = openChain();
        mine(chainA, 2200, 8);
        mine(chainB, 2202, 9);
        try (TestNode a = new TestNode(new ChainManagerBackend(chainA), false);
             TestNode b = new TestNode(new ChainManagerBackend(chainB), false)) {
            a.net.addNode(b.target(), AddNodeAction.ADD);
            Await.until("a reorganised to b's heavier chain", WAIT, () -> chainA.tip().hash().equals(chainB.tip().hash()));
        } finally {
            chainA.close();
            chainB.close();
        }
    }

    /**
     * feature_csv_activation: after invalidateblock moved the tip back, a peer announces another block at
     * the invalidated height; bitcoind fetches it from that peer (its chain has more work than the tip),
     * even though the tip is old (no direct fetch).
     */
    @Test
    void aBlockAnnouncedAfterInvalidateblockIsFetched() throws Exception {
        long farFuture = PARAMS.genesis().header().time() + 400L * 24 * 3600;
        ChainManager chain = ChainManager.open(PARAMS, new MemoryKeyValueStore(), new RejectSpendsVerifier(), ChainOptions.defaults(),
                () -> farFuture);
        mine(chain, 10, 1);
        var invalidated = chain.tip().index();
        Block sibling = TestBlocks.nextBlock(PARAMS, invalidated.prev(), TestBlocks.p2wpkhScript(2), List.of(), 0, 77);
        try (TestNode node = new TestNode(new ChainManagerBackend(chain), false);
             RawClient c = new RawClient(node.address())) {
            c.handshake(false);
            // The peer first announces the block that is then invalidated, as the test's peer sent it.
            c.send(new Message.Headers(List.of(invalidated.header())));
            c.send(new Message.Ping(1));
            c.expect(Message.Pong.class);
            chain.invalidateBlock(invalidated.hash());
            c.send(new Message.Headers(List.of(sibling.header())));
            Message.GetData getData = c.expect(Message.GetData.class);
            assertThat(getData.items()).extracting(InvItem::hash).containsExactly(sibling.hash());
        } finally {
            chain.close();
        }
    }
}
