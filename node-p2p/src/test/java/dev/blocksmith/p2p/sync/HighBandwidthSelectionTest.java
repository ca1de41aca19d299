package dev.blocksmith.p2p.sync;

import dev.blocksmith.p2p.cmpct.ExtraTransactions;
import dev.blocksmith.p2p.codec.RawFrame;
import dev.blocksmith.p2p.message.Message;
import dev.blocksmith.p2p.message.MessageCodec;
import dev.blocksmith.p2p.message.NetAddress;
import dev.blocksmith.p2p.peer.ConnectionType;
import dev.blocksmith.p2p.peer.Peer;
import dev.blocksmith.p2p.testing.FakeChain;
import dev.blocksmith.p2p.testing.FakeMempool;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** BIP152 high-bandwidth announcer choice as bitcoind makes it (the sequence p2p_compactblocks_hb walks through). */
class HighBandwidthSelectionTest {
    private final List<Peer> peers = new ArrayList<>();
    private final PeerNetwork net = new PeerNetwork() {
        public Collection<Peer> peers() { return peers; }
        public void misbehaving(Peer peer, String reason) { }
        public void disconnect(Peer peer, String reason) { }
        public long nowMillis() { return 0; }
    };
    private final FakeChain chain = new FakeChain();
    private final SyncManager sync = new SyncManager(chain, net, 70016, Duration.ofMinutes(10), Runnable::run, Runnable::run);

    private CompactBlockRelay relay(boolean blocksOnly) {
        return new CompactBlockRelay(chain, net, sync, new FakeMempool(), new ExtraTransactions(100), blocksOnly);
    }

    private Peer peer(long id, ConnectionType type) {
        EmbeddedChannel channel = new EmbeddedChannel() {
            @Override
            protected SocketAddress remoteAddress0() {
                return new InetSocketAddress("127.0.0.1", 20000 + (int) id);
            }

            @Override
            protected SocketAddress localAddress0() {
                return new InetSocketAddress("127.0.0.1", 18444);
            }
        };
        Peer p = new Peer(id, channel, type, 0);
        p.version(new Message.Version(70016, 9, 0, NetAddress.unroutable(0), NetAddress.unroutable(0), id, "", 0, true), 0);
        p.verackReceived(true);
        peers.add(p);
        return p;
    }

    /** The sendcmpct messages the peer was sent, as their high-bandwidth flags. */
    private static List<Boolean> sendcmpcts(Peer p) {
        List<Boolean> out = new ArrayList<>();
        EmbeddedChannel ch = (EmbeddedChannel) p.channel();
        for (Object o; (o = ch.readOutbound()) != null; ) {
            RawFrame f = (RawFrame) o;
            if (f.command().equals("sendcmpct")) out.add(((Message.SendCmpct) MessageCodec.decode(f.command(), f.payload())).highBandwidth());
        }
        return out;
    }

    private static List<Boolean> hbTo(Peer... ps) {
        List<Boolean> out = new ArrayList<>();
        for (Peer p : ps) out.add(p.bip152HbTo());
        return out;
    }

    @Test
    void lastThreeBlockSourcesAreChosenWithoutDisplacingTheOnlyOutboundOne() {
        CompactBlockRelay relay = relay(false);
        Peer out2 = peer(2, ConnectionType.MANUAL);
        Peer in3 = peer(3, ConnectionType.INBOUND);
        Peer in4 = peer(4, ConnectionType.INBOUND);
        Peer in5 = peer(5, ConnectionType.INBOUND);
        for (Peer p : peers) relay.onSendCmpct(p, new Message.SendCmpct(false, 2));

        relay.maybeSetHighBandwidth(in3);
        relay.maybeSetHighBandwidth(in4);
        relay.maybeSetHighBandwidth(in5);
        assertThat(hbTo(out2, in3, in4, in5)).containsExactly(false, true, true, true);
        assertThat(sendcmpcts(in3)).containsExactly(true);

        // The outbound peer displaces the oldest inbound one, which is told so.
        relay.maybeSetHighBandwidth(out2);
        assertThat(hbTo(out2, in3, in4, in5)).containsExactly(true, false, true, true);
        assertThat(sendcmpcts(in3)).containsExactly(false);

        // Inbound newcomers then rotate among themselves: the outbound peer stays.
        relay.maybeSetHighBandwidth(in3);
        relay.maybeSetHighBandwidth(in4);
        relay.maybeSetHighBandwidth(in5);
        assertThat(out2.bip152HbTo()).isTrue();
        assertThat(hbTo(out2, in3, in4, in5).stream().filter(b -> b).count()).isEqualTo(3);
        assertThat(in5.bip152HbTo()).isTrue();
    }

    @Test
    void peersWithoutVersionTwoAndBlocksOnlyNodesChooseNobody() {
        CompactBlockRelay relay = relay(false);
        Peer p = peer(1, ConnectionType.INBOUND);
        relay.onSendCmpct(p, new Message.SendCmpct(true, 1));
        relay.maybeSetHighBandwidth(p);
        assertThat(p.bip152HbTo()).isFalse();
        assertThat(p.bip152HbFrom()).isFalse();

        CompactBlockRelay blocksOnly = relay(true);
        Peer q = peer(2, ConnectionType.OUTBOUND_FULL_RELAY);
        blocksOnly.onSendCmpct(q, new Message.SendCmpct(true, 2));
        assertThat(q.bip152HbFrom()).isTrue();
        blocksOnly.maybeSetHighBandwidth(q);
        assertThat(q.bip152HbTo()).isFalse();
        assertThat(sendcmpcts(q)).isEmpty();
    }
}
