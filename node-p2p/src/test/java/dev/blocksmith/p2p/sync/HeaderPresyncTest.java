package dev.blocksmith.p2p.sync;

import dev.blocksmith.core.block.BlockHeader;
import dev.blocksmith.core.params.Deployments;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.params.Networks;
import dev.blocksmith.p2p.AddNodeAction;
import dev.blocksmith.p2p.message.Message;
import dev.blocksmith.p2p.testing.Await;
import dev.blocksmith.p2p.testing.FakeChain;
import dev.blocksmith.p2p.testing.RawClient;
import dev.blocksmith.p2p.testing.TestNode;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Headers below the network's minimum chain work are counted first and stored only once they qualify. */
class HeaderPresyncTest {
    /** Regtest blocks carry 2 units of work each (target 2^255); genesis included, 2501 blocks = 5002. */
    private static final NetworkParams MIN_WORK_REGTEST = NetworkParams.builder()
            .name("regtest").dataDirName("regtest")
            .magic(Networks.REGTEST.magic()).p2pPort(18444).rpcPort(18443)
            .genesis(Networks.REGTEST.genesis())
            .powLimit(Networks.REGTEST.powLimit(), Networks.REGTEST.powLimitBits())
            .targetTimespan(24 * 3600)
            .allowMinDifficultyBlocks(true).noRetargeting(true)
            .subsidyHalvingInterval(150)
            .deployments(Deployments.allActive())
            .bech32Hrp("bcrt")
            .minimumChainWork(BigInteger.valueOf(5002))
            .build();

    @Test
    void chainReachingMinimumWorkIsPresyncedThenStored() {
        FakeChain source = new FakeChain(MIN_WORK_REGTEST);
        source.mine(2600, 1);
        FakeChain target = new FakeChain(MIN_WORK_REGTEST);
        try (TestNode a = new TestNode(source, false); TestNode b = new TestNode(target, false)) {
            b.net.addNode(a.target(), AddNodeAction.ADD);
            Await.until("headers stored", Duration.ofSeconds(60), () -> target.bestHeader().height() == 2600);
            Await.until("blocks synced", Duration.ofSeconds(120), () -> target.tip().equals(source.tip()));
            // The first 2000 headers were sent twice: once counted, once stored.
            assertThat(b.net.peers().get(0).bytesRecvPerMsg().get("headers")).isGreaterThan(2L * 2000 * 81);
        }
    }

    @Test
    void chainBelowMinimumWorkIsNeverStored() {
        FakeChain source = new FakeChain(MIN_WORK_REGTEST);
        source.mine(2100, 1);
        FakeChain target = new FakeChain(MIN_WORK_REGTEST);
        // A node whose chain lacks the minimum work serves headers only to download peers (bitcoind).
        List<dev.blocksmith.p2p.peer.NetWhitelistPermissions> download;
        try {
            download = List.of(dev.blocksmith.p2p.peer.NetWhitelistPermissions.parse("download@127.0.0.1"));
        } catch (dev.blocksmith.p2p.peer.InvalidPermissionException e) {
            throw new AssertionError(e);
        }
        try (TestNode a = new TestNode(source, c -> c.withWhitelist(download)); TestNode b = new TestNode(target, false)) {
            b.net.addNode(a.target(), AddNodeAction.ADD);
            Await.until("all headers seen", Duration.ofSeconds(60),
                    () -> b.net.peers().size() == 1 && b.net.peers().get(0).bytesRecvPerMsg().getOrDefault("headers", 0L) >= 2100L * 81);
            assertThat(target.bestHeader().height()).isZero();
            assertThat(b.net.peers()).hasSize(1); // not punished: a short chain is not misbehaviour
        }
    }

    @Test
    void peerServingAnotherChainOnRedownloadIsDisconnected() throws Exception {
        FakeChain counted = new FakeChain(MIN_WORK_REGTEST);
        counted.mine(2600, 1);
        FakeChain other = new FakeChain(MIN_WORK_REGTEST);
        other.mine(2000, 2);
        FakeChain target = new FakeChain(MIN_WORK_REGTEST);
        try (TestNode node = new TestNode(target, false); RawClient c = new RawClient(node.address())) {
            c.handshake(false);
            c.expect(Message.GetHeaders.class);
            c.send(new Message.Headers(headers(counted, 1, 2000)));
            c.expect(Message.GetHeaders.class);
            // getpeerinfo's presynced_headers: how far the count has come.
            assertThat(node.net.peers().get(0).presyncedHeaders()).isEqualTo(2000);
            c.send(new Message.Headers(headers(counted, 2001, 2600)));
            Message.GetHeaders again = c.expect(Message.GetHeaders.class);
            assertThat(again.locator()).containsExactly(MIN_WORK_REGTEST.genesisHash());
            c.send(new Message.Headers(headers(other, 1, 2000)));
            assertThat(c.closedWithin(Duration.ofSeconds(10))).isTrue();
            assertThat(target.bestHeader().height()).isZero();
        }
    }

    private static List<BlockHeader> headers(FakeChain chain, int from, int to) {
        List<BlockHeader> out = new ArrayList<>();
        for (int h = from; h <= to; h++) out.add(chain.header(chain.bestHeaderHashAt(h).orElseThrow()).orElseThrow().header());
        return out;
    }
}
