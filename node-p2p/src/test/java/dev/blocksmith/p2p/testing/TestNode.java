package dev.blocksmith.p2p.testing;

import dev.blocksmith.p2p.P2PConfig;
import dev.blocksmith.p2p.P2PNetwork;
import dev.blocksmith.p2p.sync.ChainBackend;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

/** A P2PNetwork on 127.0.0.1 with an ephemeral port, a chain backend and a fake mempool. */
public final class TestNode implements AutoCloseable {
    public final ChainBackend chain;
    public final FakeMempool mempool = new FakeMempool();
    public final P2PNetwork net;

    public TestNode(ChainBackend chain, boolean discourageLocal) {
        this(chain, c -> c.withDiscourageLocalPeers(discourageLocal));
    }

    public TestNode(ChainBackend chain, UnaryOperator<P2PConfig> customize) {
        this(chain, customize, Clock.systemUTC());
    }

    /** On a given node clock (a mockable {@code NodeClock} for timing tests). */
    public TestNode(ChainBackend chain, UnaryOperator<P2PConfig> customize, Clock clock) {
        this(chain, customize, clock, false);
    }

    /** With {@code v2}: -v2transport (BIP324) on. */
    public TestNode(ChainBackend chain, UnaryOperator<P2PConfig> customize, Clock clock, boolean v2) {
        this.chain = chain;
        P2PConfig config = P2PConfig.defaults(0)
                .withBind("127.0.0.1", 0)
                .withDnsSeed(false)
                // -connect=0: tests only ever dial what they add themselves, on 127.0.0.1.
                .withConnect(List.of("0"))
                .withTimeouts(Duration.ofSeconds(60), Duration.ofMinutes(2), Duration.ofMinutes(20), Duration.ofSeconds(30), Duration.ofSeconds(1));
        config = customize.apply(config);
        net = new P2PNetwork(config, chain, mempool, clock);
        net.useV2Transport(v2);
        net.start();
    }

    public TestNode() {
        this(new FakeChain(), false);
    }

    /** A node with -v2transport on. */
    public static TestNode v2() {
        return new TestNode(new FakeChain(), c -> c, Clock.systemUTC(), true);
    }

    public FakeChain fake() {
        return (FakeChain) chain;
    }

    public InetSocketAddress address() {
        return net.listenAddress().orElseThrow();
    }

    public String target() {
        return "127.0.0.1:" + address().getPort();
    }

    @Override
    public void close() {
        net.stop();
    }
}
