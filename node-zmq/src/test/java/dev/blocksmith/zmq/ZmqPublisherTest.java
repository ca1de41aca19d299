package dev.blocksmith.zmq;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.chain.BlockIndex;
import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.core.chain.ChainOptions;
import dev.blocksmith.core.consensus.ParallelScriptVerifier;
import dev.blocksmith.core.mempool.RemovalReason;
import dev.blocksmith.core.params.Networks;
import dev.blocksmith.core.script.ScriptValidation;
import dev.blocksmith.core.store.MemoryKeyValueStore;
import dev.blocksmith.core.testing.TestBlocks;
import dev.blocksmith.core.tx.Transaction;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/** The publisher's wire format and bookkeeping, read by a JeroMQ subscriber over loopback TCP. */
class ZmqPublisherTest {
    private ParallelScriptVerifier verifier;
    private ChainManager chain;
    private final List<Block> blocks = new ArrayList<>();
    private final ZContext client = new ZContext();

    @BeforeEach
    void setUp() throws Exception {
        verifier = new ParallelScriptVerifier(ScriptValidation.uncached(), 1);
        chain = ChainManager.open(Networks.REGTEST, new MemoryKeyValueStore(), verifier, ChainOptions.defaults(),
                () -> 1_700_000_000L);
        for (int i = 1; i <= 3; i++) {
            Block b = TestBlocks.nextBlock(Networks.REGTEST, chain.tip().index(), TestBlocks.p2wpkhScript(i), List.of(), 0, i);
            chain.processBlock(b);
            blocks.add(b);
        }
    }

    @AfterEach
    void tearDown() {
        client.close();
        chain.close();
        verifier.close();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private BlockIndex index(int height) {
        return chain.atHeight(height).orElseThrow();
    }

    /**
     * A subscriber to every topic at {@code address}, once it is known to receive (PUB/SUB's slow joiner): block 1 is
     * announced until something arrives, then block 2 marks the end, and everything up to block 2's rawblock is read.
     */
    private ZMQ.Socket subscribe(ZmqPublisher publisher, String address) {
        ZMQ.Socket sub = null;
        boolean joined = false;
        // A fresh subscriber socket after each 5 s without a message: on a loaded machine a connection can stall.
        for (int socket = 0; socket < 6 && !joined; socket++) {
            if (sub != null) sub.close();
            sub = client.createSocket(SocketType.SUB);
            sub.subscribe(new byte[0]);
            sub.setReceiveTimeOut(200);
            sub.connect(address);
            for (int attempt = 0; attempt < 25 && !joined; attempt++) {
                publisher.updatedBlockTip(index(1), index(0), false);
                joined = sub.recv() != null;
                while (sub.hasReceiveMore()) sub.recv();
            }
        }
        assertThat(joined).as("subscriber received").isTrue();
        publisher.updatedBlockTip(index(2), index(1), false);
        byte[] marker = blocks.get(1).serialize();
        while (true) {
            Message m = receive(sub);
            if (m.topic().equals("rawblock") && Arrays.equals(m.body(), marker)) return sub;
        }
    }

    private record Message(String topic, byte[] body, int counter) {
    }

    private static Message receive(ZMQ.Socket sub) {
        sub.setReceiveTimeOut(5_000);
        byte[] topic = sub.recv();
        assertThat(topic).as("a message").isNotNull();
        assertThat(sub.hasReceiveMore()).isTrue();
        byte[] body = sub.recv();
        assertThat(sub.hasReceiveMore()).isTrue();
        byte[] counter = sub.recv();
        assertThat(sub.hasReceiveMore()).isFalse();
        assertThat(counter).hasSize(4);
        return new Message(new String(topic), body, ByteBuffer.wrap(counter).order(ByteOrder.LITTLE_ENDIAN).getInt());
    }

    @Test
    void messagesHaveTopicBodyAndACounterPerNotifier() throws Exception {
        String address = "tcp://127.0.0.1:" + freePort();
        ZmqPublisher publisher = ZmqPublisher.start(List.of(
                new ZmqNotifierConfig(ZmqTopic.HASHBLOCK, address, 1000),
                new ZmqNotifierConfig(ZmqTopic.HASHTX, address, 1000),
                new ZmqNotifierConfig(ZmqTopic.RAWBLOCK, address, 1000),
                new ZmqNotifierConfig(ZmqTopic.RAWTX, address, 1000),
                new ZmqNotifierConfig(ZmqTopic.SEQUENCE, address, 1000)), chain::block).orElseThrow();
        try (publisher) {
            ZMQ.Socket sub = subscribe(publisher, address);
            // The sync-up sent hashblock and rawblock messages: the counters continue from there.
            BlockIndex tip = index(3);
            publisher.updatedBlockTip(tip, index(2), false);
            Message hashblock = receive(sub);
            Message rawblock = receive(sub);
            assertThat(hashblock.topic()).isEqualTo("hashblock");
            assertThat(hashblock.body()).isEqualTo(tip.hash().reversedBytes());
            assertThat(rawblock.topic()).isEqualTo("rawblock");
            assertThat(rawblock.body()).isEqualTo(blocks.get(2).serialize());
            assertThat(rawblock.counter()).isEqualTo(hashblock.counter());

            // In initial block download, or with blocks only disconnected, there is nothing to announce.
            publisher.updatedBlockTip(tip, index(2), true);
            publisher.updatedBlockTip(tip, tip, false);

            Transaction coinbase = blocks.get(2).coinbase();
            publisher.blockConnected(blocks.get(2), tip);
            Message hashtx = receive(sub);
            Message rawtx = receive(sub);
            Message connected = receive(sub);
            assertThat(hashtx.topic()).isEqualTo("hashtx");
            assertThat(hashtx.body()).isEqualTo(coinbase.txid().reversedBytes());
            assertThat(hashtx.counter()).isZero();
            assertThat(rawtx.topic()).isEqualTo("rawtx");
            assertThat(rawtx.body()).isEqualTo(coinbase.serialize());
            assertThat(connected.topic()).isEqualTo("sequence");
            assertThat(connected.body()).isEqualTo(concat(tip.hash().reversedBytes(), new byte[] {'C'}));
            assertThat(connected.counter()).isZero();

            publisher.blockDisconnected(blocks.get(2), tip);
            assertThat(receive(sub).counter()).isEqualTo(1); // hashtx
            assertThat(receive(sub).counter()).isEqualTo(1); // rawtx
            Message disconnected = receive(sub);
            assertThat(disconnected.body()).isEqualTo(concat(tip.hash().reversedBytes(), new byte[] {'D'}));
            assertThat(disconnected.counter()).isEqualTo(1);

            publisher.transactionAddedToMempool(coinbase, 7);
            assertThat(receive(sub).topic()).isEqualTo("hashtx");
            assertThat(receive(sub).topic()).isEqualTo("rawtx");
            Message added = receive(sub);
            assertThat(added.body()).isEqualTo(concat(coinbase.txid().reversedBytes(), new byte[] {'A'}, le64(7)));
            assertThat(added.counter()).isEqualTo(2);

            publisher.transactionRemovedFromMempool(coinbase, RemovalReason.REPLACED, 8);
            Message removed = receive(sub);
            assertThat(removed.topic()).isEqualTo("sequence");
            assertThat(removed.body()).isEqualTo(concat(coinbase.txid().reversedBytes(), new byte[] {'R'}, le64(8)));
            assertThat(removed.counter()).isEqualTo(3);

            assertThat(publisher.activeNotifiers()).extracting(n -> n.topic().type())
                    .containsExactly("pubhashblock", "pubhashtx", "pubrawblock", "pubrawtx", "pubsequence");
        }
    }

    @Test
    void oneAddressThatCannotBeBoundLeavesZmqOff() throws Exception {
        String good = "tcp://127.0.0.1:" + freePort();
        assertThat(ZmqPublisher.start(List.of(new ZmqNotifierConfig(ZmqTopic.HASHBLOCK, good, 1000),
                new ZmqNotifierConfig(ZmqTopic.RAWTX, "foo", 1000)), chain::block)).isEmpty();
        // The good address was released again: it can be bound now.
        Optional<ZmqPublisher> again = ZmqPublisher.start(List.of(new ZmqNotifierConfig(ZmqTopic.HASHBLOCK, good, 1000)), chain::block);
        assertThat(again).isPresent();
        again.get().close();
        assertThat(ZmqPublisher.start(List.of(), chain::block)).isEmpty();
    }

    @Test
    void anExceptionOfJeromqsThreadsDuringShutdownStaysOffStderr() throws Exception {
        ZmqPublisher publisher = ZmqPublisher.start(List.of(new ZmqNotifierConfig(ZmqTopic.HASHBLOCK,
                "tcp://127.0.0.1:" + freePort(), 1000)), chain::block).orElseThrow();
        Thread.UncaughtExceptionHandler handler = publisher.ioThreadExceptionHandler();
        publisher.close();
        java.io.PrintStream err = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(captured, true));
        try {
            // JeroMQ 0.6.0's race at context termination: a term ack sent on a closed signaler pipe.
            handler.uncaughtException(new Thread("iothread-2"),
                    new zmq.ZError.IOException(new java.nio.channels.ClosedChannelException()));
        } finally {
            System.setErr(err);
        }
        assertThat(captured.toString()).isEmpty();
    }

    @Test
    void unixPrefixBecomesIpc() {
        ZmqNotifierConfig c = ZmqNotifierConfig.of(ZmqTopic.RAWTX, "unix:/tmp/node.sock", 5);
        assertThat(c.address()).isEqualTo("ipc:///tmp/node.sock");
        assertThat(c.isIpc()).isTrue();
        assertThat(c.ipcPath()).isEqualTo("/tmp/node.sock");
        assertThat(ZmqNotifierConfig.of(ZmqTopic.RAWTX, "tcp://127.0.0.1:28332", 5).isIpc()).isFalse();
    }

    private static byte[] le64(long v) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array();
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) n += p.length;
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return Arrays.copyOf(out, n);
    }
}
