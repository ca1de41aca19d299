package dev.blocksmith.cli.node;

import dev.blocksmith.rpc.methods.zmq.ZmqNotification;
import dev.blocksmith.zmq.ZmqPublisher;
import java.util.List;
import java.util.Optional;

/**
 * The {@code -zmqpub*} publishers: started before RPC and P2P (bitcoind creates its ZMQ interface before it loads
 * the chain), subscribed to the validation event queue, stopped after them. When an address cannot be bound ZMQ
 * stays off, as bitcoind, and getzmqnotifications lists nothing.
 */
final class ZmqService implements NodeService {
    private final NodeContext ctx;
    private volatile Optional<ZmqPublisher> publisher = Optional.empty();

    ZmqService(NodeContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void start() {
        publisher = ZmqPublisher.start(ctx.config().notifications().zmq(), ctx.chain()::block);
        publisher.ifPresent(ctx.events()::register);
    }

    /** What getzmqnotifications reports. */
    List<ZmqNotification> notifications() {
        return publisher.map(p -> p.activeNotifiers().stream()
                .map(n -> new ZmqNotification(n.topic().type(), n.address(), n.highWaterMark())).toList()).orElse(List.of());
    }

    @Override
    public void close() {
        Optional<ZmqPublisher> p = publisher;
        publisher = Optional.empty();
        if (p.isEmpty()) return;
        ctx.events().unregister(p.get());
        // An event already being delivered may still be sending: let it finish before the sockets close.
        try {
            ctx.events().sync();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        p.get().close();
    }
}
