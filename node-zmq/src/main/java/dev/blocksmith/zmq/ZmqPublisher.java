package dev.blocksmith.zmq;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.chain.BlockIndex;
import dev.blocksmith.core.events.ValidationListener;
import dev.blocksmith.core.mempool.RemovalReason;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.tx.Transaction;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * bitcoind's CZMQNotificationInterface: the {@code -zmqpub*} notifiers, fed from the validation event queue.
 * Notifiers sharing an address share one PUB socket (bitcoind's mapPublishNotifiers); each keeps its own message
 * counter. Every message has three frames: the topic, the body, and the notifier's counter as 4 bytes little
 * endian, counting up from 0 (wrapping as a uint32). Which event sends what, as bitcoind:
 * <ul>
 * <li>a new tip (not in initial block download, and only when blocks were connected): hashblock, rawblock;
 * <li>a transaction entering the mempool: hashtx, rawtx, and sequence {@code <txid>A<mempool seq>};
 * <li>a transaction leaving it for a reason other than a block: sequence {@code <txid>R<mempool seq>};
 * <li>a block connected or disconnected: hashtx and rawtx for each of its transactions in block order, then
 *     sequence {@code <hash>C} or {@code <hash>D}.
 * </ul>
 * A notifier whose send fails is shut down and dropped (bitcoind's TryForEachAndRemoveFailed).
 */
public final class ZmqPublisher implements ValidationListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ZmqPublisher.class);

    /** One notifier: a topic on an address, with its counter. */
    private static final class Notifier {
        final ZmqNotifierConfig config;
        final ZMQ.Socket socket;
        /** The next message number (bitcoind's nSequence, a uint32). */
        int nextMessage;

        Notifier(ZmqNotifierConfig config, ZMQ.Socket socket) {
            this.config = config;
            this.socket = socket;
        }

        boolean send(byte[] body) {
            byte[] seq = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(nextMessage).array();
            boolean ok = socket.sendMore(config.topic().topic().getBytes(StandardCharsets.US_ASCII))
                    && socket.sendMore(body) && socket.send(seq);
            if (ok) nextMessage++;
            return ok;
        }
    }

    private final ZContext context;
    private final AtomicBoolean closing;
    private final List<UnixSocketBridge> bridges;
    private final List<Notifier> notifiers;
    private final Function<Sha256Hash, Optional<Block>> blocks;

    private ZmqPublisher(ZContext context, AtomicBoolean closing, List<UnixSocketBridge> bridges, List<Notifier> notifiers,
                         Function<Sha256Hash, Optional<Block>> blocks) {
        this.context = context;
        this.closing = closing;
        this.bridges = bridges;
        this.notifiers = new CopyOnWriteArrayList<>(notifiers);
        this.blocks = blocks;
    }

    /**
     * Binds every notifier's address (bitcoind's CZMQNotificationInterface::Create and Initialize). As bitcoind,
     * one address that cannot be bound (an unreadable one such as {@code foo}, a port in use) disables ZMQ as a
     * whole: the failure is logged and the node runs on without it.
     *
     * @param configs in bitcoind's order: by topic ({@link ZmqTopic}'s order), then as the options were given
     * @param blocks  reads a connected block for rawblock
     */
    public static Optional<ZmqPublisher> start(List<ZmqNotifierConfig> configs, Function<Sha256Hash, Optional<Block>> blocks) {
        if (configs.isEmpty()) return Optional.empty();
        LOG.debug("zmq: Initialize notification interface");
        ZContext context = new ZContext();
        AtomicBoolean closing = new AtomicBoolean();
        // JeroMQ's I/O threads may trip over a pipe already closed while the context terminates (its Signaler throws
        // ClosedChannelException); uncaught, the JVM would print the trace on stderr, which a clean shutdown must
        // leave empty (the functional test framework checks it). Set before the first socket starts those threads.
        Thread.UncaughtExceptionHandler handler = (thread, e) -> {
            if (closing.get()) LOG.debug("zmq: {} while shutting down: {}", thread.getName(), e.toString());
            else LOG.error("zmq: {} failed", thread.getName(), e);
        };
        context.setUncaughtExceptionHandler(handler);
        context.setNotificationExceptionHandler(handler);
        Map<String, ZMQ.Socket> byAddress = new LinkedHashMap<>();
        List<UnixSocketBridge> bridges = new ArrayList<>();
        List<Notifier> notifiers = new ArrayList<>();
        for (ZmqNotifierConfig c : configs) {
            ZMQ.Socket socket = byAddress.get(c.address());
            if (socket == null) {
                LOG.debug("zmq: Outbound message high water mark for {} at {} is {}", c.topic().type(), c.address(), c.highWaterMark());
                try {
                    socket = bind(context, c, bridges);
                } catch (IOException | RuntimeException e) {
                    LOG.error("zmq: Failed to bind address {}: {}", c.address(), e.getMessage());
                    LOG.debug("zmq: Notifier {} failed (address = {})", c.topic().type(), c.address());
                    closing.set(true);
                    bridges.forEach(UnixSocketBridge::close);
                    context.close();
                    return Optional.empty();
                }
                byAddress.put(c.address(), socket);
            } else {
                LOG.debug("zmq: Reusing socket for address {}", c.address());
            }
            notifiers.add(new Notifier(c, socket));
            LOG.debug("zmq: Notifier {} ready (address = {})", c.topic().type(), c.address());
        }
        return Optional.of(new ZmqPublisher(context, closing, bridges, notifiers, blocks));
    }

    private static ZMQ.Socket bind(ZContext context, ZmqNotifierConfig c, List<UnixSocketBridge> bridges) throws IOException {
        ZMQ.Socket socket = context.createSocket(SocketType.PUB);
        socket.setSndHWM(c.highWaterMark());
        socket.setLinger(0);
        if (c.isIpc()) {
            // libzmq's ipc is a UNIX domain socket; JeroMQ 0.6.0 has none, so a private loopback port behind a bridge.
            int port = socket.bindToRandomPort("tcp://127.0.0.1");
            bridges.add(UnixSocketBridge.start(Path.of(c.ipcPath()), new InetSocketAddress("127.0.0.1", port)));
            return socket;
        }
        // bitcoind's IsZMQAddressIPV6: an IPv6 literal needs ZMQ_IPV6 on the socket.
        if (c.address().startsWith("tcp://[")) socket.setIPv6(true);
        if (!socket.bind(c.address())) throw new IOException("cannot bind " + c.address());
        return socket;
    }

    /** What getzmqnotifications lists: the working notifiers in bitcoind's order. */
    public List<ZmqNotifierConfig> activeNotifiers() {
        return notifiers.stream().map(n -> n.config).toList();
    }

    @Override
    public void updatedBlockTip(BlockIndex tip, BlockIndex fork, boolean initialBlockDownload) {
        // bitcoind: nothing in initial block download or when blocks were only disconnected.
        if (initialBlockDownload || tip == fork) return;
        byte[] hash = tip.hash().reversedBytes();
        Optional<byte[]> raw = Optional.empty();
        for (Iterator<Notifier> it = notifiers.iterator(); it.hasNext(); ) {
            Notifier n = it.next();
            boolean ok = true;
            if (n.config.topic() == ZmqTopic.HASHBLOCK) {
                LOG.debug("zmq: Publish hashblock {} to {}", tip.hash(), n.config.address());
                ok = n.send(hash);
            } else if (n.config.topic() == ZmqTopic.RAWBLOCK) {
                LOG.debug("zmq: Publish rawblock {} to {}", tip.hash(), n.config.address());
                if (raw.isEmpty()) raw = blocks.apply(tip.hash()).map(Block::serialize);
                if (raw.isEmpty()) LOG.error("zmq: Can't read block from disk");
                ok = raw.isPresent() && n.send(raw.get());
            }
            if (!ok) drop(n);
        }
    }

    @Override
    public void transactionAddedToMempool(Transaction tx, long mempoolSequence) {
        for (Notifier n : notifiers) {
            if (!(sendTransaction(n, tx) && sendSequence(n, tx.txid(), 'A', Optional.of(mempoolSequence)))) drop(n);
        }
    }

    @Override
    public void transactionRemovedFromMempool(Transaction tx, RemovalReason reason, long mempoolSequence) {
        for (Notifier n : notifiers) {
            if (!sendSequence(n, tx.txid(), 'R', Optional.of(mempoolSequence))) drop(n);
        }
    }

    @Override
    public void blockConnected(Block block, BlockIndex index) {
        blockChanged(block, index, 'C');
    }

    @Override
    public void blockDisconnected(Block block, BlockIndex index) {
        blockChanged(block, index, 'D');
    }

    private void blockChanged(Block block, BlockIndex index, char label) {
        for (Transaction tx : block.transactions()) {
            for (Notifier n : notifiers) {
                if (!sendTransaction(n, tx)) drop(n);
            }
        }
        for (Notifier n : notifiers) {
            if (!sendSequence(n, index.hash(), label, Optional.empty())) drop(n);
        }
    }

    /** hashtx and rawtx; other notifiers ignore transactions. */
    private static boolean sendTransaction(Notifier n, Transaction tx) {
        return switch (n.config.topic()) {
            case HASHTX -> {
                LOG.debug("zmq: Publish hashtx {} to {}", tx.txid(), n.config.address());
                yield n.send(tx.txid().reversedBytes());
            }
            case RAWTX -> {
                LOG.debug("zmq: Publish rawtx {} to {}", tx.txid(), n.config.address());
                yield n.send(tx.serialize());
            }
            default -> true;
        };
    }

    /** The sequence topic's body: the hash in display order, the label, and for A/R the mempool sequence (8 bytes LE). */
    private static boolean sendSequence(Notifier n, Sha256Hash hash, char label, Optional<Long> mempoolSequence) {
        if (n.config.topic() != ZmqTopic.SEQUENCE) return true;
        ByteBuffer body = ByteBuffer.allocate(32 + 1 + (mempoolSequence.isPresent() ? 8 : 0)).order(ByteOrder.LITTLE_ENDIAN);
        body.put(hash.reversedBytes()).put((byte) label);
        mempoolSequence.ifPresent(body::putLong);
        LOG.debug("zmq: Publish sequence {} {} to {}", hash, label, n.config.address());
        return n.send(body.array());
    }

    private void drop(Notifier n) {
        LOG.error("zmq: Unable to send ZMQ msg; notifier {} at {} shut down", n.config.topic().type(), n.config.address());
        notifiers.remove(n);
    }

    /** What JeroMQ's own threads do with an exception they do not catch (tests). */
    Thread.UncaughtExceptionHandler ioThreadExceptionHandler() {
        return context.getUncaughtExceptionHandler();
    }

    @Override
    public void close() {
        LOG.debug("zmq: Shutdown notification interface");
        closing.set(true);
        notifiers.clear();
        bridges.forEach(UnixSocketBridge::close);
        context.close();
    }
}
