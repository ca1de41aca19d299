package dev.blocksmith.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.block.BlockHeader;
import dev.blocksmith.core.crypto.Hashes;
import dev.blocksmith.core.primitives.ByteWriter;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.script.ScriptBuilder;
import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.core.tx.TxOut;
import dev.blocksmith.core.tx.Witness;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A raw-socket peer misbehaves against a running node process. Each attack must end with the node
 * dropping the connection (peers from 127.0.0.1 are disconnected rather than discouraged, as in Core),
 * while the node keeps answering RPC, its chain stays where it was, and an honest peer can still connect.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostilePeerIT {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final long REGTEST_BITS = 0x207fffffL;

    @TempDir
    static Path dir;

    private NodeProcess node;
    private String best;

    @BeforeAll
    void startNode() throws Exception {
        node = new NodeProcess(dir.resolve("target"), "regtest", List.of("-listen=1", "-debug=net")).start();
        node.rpc("generatetoaddress", 5, TestKey.fromLabel("hostile").segwitAddress("bcrt"));
        best = node.rpc("getbestblockhash").asText();
    }

    @AfterAll
    void stopNode() throws Exception {
        if (node != null) node.close();
    }

    @Test
    void garbageBytes() throws Exception {
        try (RawPeer peer = new RawPeer(node.p2pPort())) {
            // More than a v2 key, 4095 bytes of garbage and a terminator: with -v2transport (bitcoind's default) the node
            // takes the first 64 bytes for a BIP324 key and drops the peer once no garbage terminator came in time
            // ("V2 transport error: missing garbage terminator"); with v1 the first byte is already a wrong magic.
            byte[] garbage = new byte[8192];
            RANDOM.nextBytes(garbage);
            garbage[0] = 0x00; // never the first magic byte, so the frame is garbage from byte one
            peer.sendRaw(garbage);
            assertDropped(peer);
        }
    }

    @Test
    void wrongMagic() throws Exception {
        try (RawPeer peer = new RawPeer(node.p2pPort())) {
            // A well-formed version message for mainnet (f9beb4d9) sent to a regtest node.
            peer.sendRaw(RawPeer.frame(HexFormat.of().parseHex("f9beb4d9"), "version", RawPeer.versionPayload(0)));
            assertDropped(peer);
        }
    }

    @Test
    void badChecksumDropsTheMessageOnly() throws Exception {
        try (RawPeer peer = connected()) {
            byte[] ping = RawPeer.frame(RawPeer.REGTEST_MAGIC, "ping", new ByteWriter().i64le(42).toByteArray());
            ping[20] ^= 0x01;
            peer.sendRaw(ping);
            // bitcoind 30 drops a message with a bad checksum and keeps the peer (the bytes count as "*other*").
            assertKept(peer);
        }
    }

    @Test
    void oversizedLengthField() throws Exception {
        try (RawPeer peer = connected()) {
            // Only the 24-byte header: a node that waited for the announced 33 MiB would hang here.
            byte[] header = Arrays.copyOf(RawPeer.frame(RawPeer.REGTEST_MAGIC, "block", new byte[0]), 24);
            int len = 33 * 1024 * 1024;
            header[16] = (byte) len;
            header[17] = (byte) (len >>> 8);
            header[18] = (byte) (len >>> 16);
            header[19] = (byte) (len >>> 24);
            peer.sendRaw(header);
            assertDropped(peer);
        }
    }

    @Test
    void blockWithBadProofOfWork() throws Exception {
        int height = node.rpc("getblockcount").asInt() + 1;
        Transaction coinbase = new Transaction(1,
                List.of(new TxIn(new OutPoint(Sha256Hash.ZERO, 0xffffffffL),
                        new ScriptBuilder().number(height).data(new byte[] {1, 2, 3}).build(), 0xffffffffL, Witness.EMPTY)),
                List.of(new TxOut(50_0000_0000L, Script.of(new byte[] {0x51}))), 0);
        Block block;
        long nonce = 0;
        do {
            BlockHeader h = new BlockHeader(0x20000000, Sha256Hash.fromHex(best), coinbase.txid(),
                    System.currentTimeMillis() / 1000, REGTEST_BITS, nonce++);
            block = new Block(h, List.of(coinbase));
        } while (meetsRegtestTarget(block.hash()));
        assertThat(block.computeMerkle().root()).isEqualTo(coinbase.txid());
        try (RawPeer peer = connected()) {
            peer.send("block", block.serialize());
            assertDropped(peer);
        }
        // bitcoind's texts: the block's "high-hash" or the header's "invalid proof of work" misbehaviour.
        assertThat(node.debugLog()).containsAnyOf("high-hash", "proof of work");
    }

    @Test
    void headersThatDoNotFollowEachOther() throws Exception {
        BlockHeader first = minedHeader(Sha256Hash.fromHex(best));
        BlockHeader unrelated = minedHeader(randomHash());
        try (RawPeer peer = connected()) {
            peer.send("headers", headersPayload(first, unrelated));
            assertDropped(peer);
        }
    }

    @Test
    void headersThatNeverConnectAreAnsweredNotPunished() throws Exception {
        try (RawPeer peer = connected()) {
            // bitcoind 30 answers headers that do not connect with a getheaders and no longer punishes them.
            for (int i = 0; i < 11; i++) peer.send("headers", headersPayload(minedHeader(randomHash())));
            assertKept(peer);
        }
    }

    @Test
    void pingFloodIsAnsweredAsBitcoindDoes() throws Exception {
        try (RawPeer peer = connected()) {
            peer.send("ping", new ByteWriter().i64le(7).toByteArray());
            assertThat(pongNonce(peer)).contains(7L);
            int sent = 0;
            try {
                for (; sent < 1000; sent++) peer.send("ping", new ByteWriter().i64le(sent).toByteArray());
            } catch (IOException closedMidFlood) {
                // The node hung up before we were done: the outcome assertDropped checks next.
            }
            // bitcoind has no ping limit (only memory bounds): every ping is answered and the peer kept.
            assertThat(sent).as("pings written").isEqualTo(1000);
            assertKept(peer);
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------------

    private RawPeer connected() throws Exception {
        return new RawPeer(node.p2pPort()).handshake();
    }

    /** The node kept the peer and its chain: the peer's next ping is answered. */
    private void assertKept(RawPeer peer) throws Exception {
        peer.send("ping", new ByteWriter().i64le(4242).toByteArray());
        Optional<Long> nonce;
        do {
            nonce = pongNonce(peer);
        } while (nonce.isPresent() && nonce.get() != 4242L);
        assertThat(nonce).as("the peer still gets its pong").contains(4242L);
        assertThat(node.rpc("getconnectioncount").asInt()).isEqualTo(1);
        assertThat(node.rpc("getbestblockhash").asText()).isEqualTo(best);
    }

    /** The node closed the socket, forgot the peer, kept its chain, and still serves RPC and honest peers. */
    private void assertDropped(RawPeer peer) throws Exception {
        assertThat(peer.closedByNodeWithin(15_000)).as("node closed the connection").isTrue();
        long deadline = System.currentTimeMillis() + 10_000;
        while (node.rpc("getconnectioncount").asInt() != 0 && System.currentTimeMillis() < deadline) Thread.sleep(100);
        assertThat(node.rpc("getpeerinfo")).as("peer gone from getpeerinfo").isEmpty();
        assertThat(node.rpc("getbestblockhash").asText()).isEqualTo(best);
        assertThat(node.rpc("getblockcount").asInt()).isEqualTo(5);
        try (RawPeer honest = new RawPeer(node.p2pPort()).handshake()) {
            honest.send("ping", new ByteWriter().i64le(99).toByteArray());
            assertThat(pongNonce(honest)).contains(99L);
        }
        while (node.rpc("getconnectioncount").asInt() != 0 && System.currentTimeMillis() < deadline + 10_000) Thread.sleep(100);
    }

    private static Optional<Long> pongNonce(RawPeer peer) throws IOException {
        while (true) {
            Optional<RawPeer.Frame> f = peer.read(10_000);
            if (f.isEmpty()) return Optional.empty();
            if (f.get().command().equals("pong")) {
                byte[] p = f.get().payload();
                long n = 0;
                for (int i = 7; i >= 0; i--) n = n << 8 | (p[i] & 0xff);
                return Optional.of(n);
            }
        }
    }

    /** A header with valid regtest proof of work on top of {@code prev}. */
    private static BlockHeader minedHeader(Sha256Hash prev) {
        Sha256Hash merkle = randomHash();
        long time = System.currentTimeMillis() / 1000;
        for (long nonce = 0; ; nonce++) {
            BlockHeader h = new BlockHeader(0x20000000, prev, merkle, time, REGTEST_BITS, nonce);
            if (meetsRegtestTarget(h.hash())) return h;
        }
    }

    /** Regtest's target is 0x7fffff followed by zeros: the hash's top byte (display order) must be below 0x80. */
    private static boolean meetsRegtestTarget(Sha256Hash hash) {
        return Character.digit(hash.toString().charAt(0), 16) < 8;
    }

    private static Sha256Hash randomHash() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Hashes.hash256(b);
    }

    private static byte[] headersPayload(BlockHeader... headers) {
        ByteWriter w = new ByteWriter().compactSize(headers.length);
        for (BlockHeader h : headers) w.bytes(h.serialize()).compactSize(0);
        return w.toByteArray();
    }
}
