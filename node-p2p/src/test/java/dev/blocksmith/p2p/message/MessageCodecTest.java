package dev.blocksmith.p2p.message;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.block.BlockHeader;
import dev.blocksmith.core.params.Networks;
import dev.blocksmith.core.primitives.ByteWriter;
import dev.blocksmith.core.primitives.Hex;
import dev.blocksmith.core.primitives.SerializationException;
import dev.blocksmith.core.primitives.Sha256Hash;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MessageCodecTest {
    /** The mainnet genesis block as served by any Bitcoin node (well-known public bytes). */
    static final String MAINNET_GENESIS_HEX = "0100000000000000000000000000000000000000000000000000000000000000000000003ba3edfd7a7b12b27ac72c3e67768f617fc81bc3888a51323a9fb8aa4b1e5e4a29ab5f49ffff001d1dac2b7c0101000000010000000000000000000000000000000000000000000000000000000000000000ffffffff4d04ffff001d0104455468652054696d65732030332f4a616e2f32303039204368616e63656c6c6f72206f6e206272696e6b206f66207365636f6e64206261696c6f757420666f722062616e6b73ffffffff0100f2052a01000000434104678afdb0fe5548271967f1a67130b7105cd6a828e03909a67962e0ea1f61deb649f6bc3f4cef38c4f35504e51ec112de5c384df7ba0b8d578a4c702b6bf11d5fac00000000";
    static final Sha256Hash H1 = Sha256Hash.fromHex("000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f");
    static final Sha256Hash H2 = Sha256Hash.fromHex("0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206");

    private static Message roundTrip(Message m) {
        byte[] payload = MessageCodec.encode(m);
        Message back = MessageCodec.decode(m.command(), payload);
        assertThat(back.command()).isEqualTo(m.command());
        assertThat(MessageCodec.encode(back)).isEqualTo(payload);
        return back;
    }

    @Test
    void simpleMessagesRoundTrip() throws Exception {
        NetAddress addr = NetAddress.of(9, InetAddress.getByName("127.0.0.1"), 18444);
        List<Message> messages = List.of(
                new Message.Version(70016, 9, 1_700_000_000L, addr, NetAddress.unroutable(9), 42, "/Blocksmith:0.1.0/", 123, true),
                new Message.Verack(), new Message.WtxidRelay(), new Message.SendAddrV2(), new Message.SendHeaders(),
                new Message.SendCmpct(false, 2), new Message.Ping(-5), new Message.Pong(7), new Message.GetAddr(),
                new Message.MempoolRequest(), new Message.FeeFilter(1000),
                new Message.Addr(List.of(new Message.TimedAddress(1_700_000_000L, addr))),
                new Message.AddrV2(List.of(new AddrV2Entry(1_700_000_000L, 1033, AddrV2Entry.NET_IPV4, new byte[]{1, 2, 3, 4}, 8333),
                        new AddrV2Entry(5, 1, AddrV2Entry.NET_TORV3, new byte[32], 9050))),
                new Message.Inv(List.of(new InvItem(InvType.MSG_WTX, H1), new InvItem(InvType.MSG_WITNESS_BLOCK, H2))),
                new Message.GetData(List.of(new InvItem(InvType.MSG_WITNESS_TX, H1))),
                new Message.NotFound(List.of(new InvItem(InvType.MSG_BLOCK, H2))),
                new Message.GetHeaders(70016, List.of(H1, H2), Sha256Hash.ZERO),
                new Message.GetBlocks(70016, List.of(H2), H1));
        for (Message m : messages) {
            assertThat(roundTrip(m)).as(m.command()).isEqualTo(m);
        }
    }

    @Test
    void bip152MessagesRoundTripWithDifferentialIndexes() {
        Block genesis = Block.parse(Hex.decode(MAINNET_GENESIS_HEX));
        dev.blocksmith.p2p.cmpct.CompactBlock cmpct = new dev.blocksmith.p2p.cmpct.CompactBlock(genesis.header(), 99,
                new long[]{0xffff_ffff_ffffL, 1}, List.of(new dev.blocksmith.p2p.cmpct.PrefilledTransaction(1, genesis.coinbase())));
        Message.CmpctBlock back = (Message.CmpctBlock) roundTrip(new Message.CmpctBlock(cmpct));
        assertThat(back.block()).isEqualTo(cmpct);
        // header, nonce, 2 short ids of 6 bytes, 1 prefilled with differential index 1
        byte[] payload = MessageCodec.encode(new Message.CmpctBlock(cmpct));
        assertThat(payload[80 + 8]).isEqualTo((byte) 2);
        assertThat(payload[80 + 8 + 1 + 12]).isEqualTo((byte) 1);
        assertThat(payload[80 + 8 + 1 + 12 + 1]).isEqualTo((byte) 1);

        Message.GetBlockTxn req = new Message.GetBlockTxn(H1, List.of(0, 1, 5, 65535));
        assertThat(roundTrip(req)).isEqualTo(req);
        byte[] reqBytes = MessageCodec.encode(req);
        // BIP152: each index is the distance from the previous one minus one.
        assertThat(java.util.Arrays.copyOfRange(reqBytes, 32, 38)).containsExactly(4, 0, 0, 3, 0xfd, 0xf9 - 0x100);
        Message.BlockTxn txn = new Message.BlockTxn(H2, List.of(genesis.coinbase()));
        assertThat(roundTrip(txn)).isEqualTo(txn);
    }

    @Test
    void bip152IndexesBeyondSixteenBitsAreRefused() {
        ByteWriter w = new ByteWriter(64);
        w.hash(H1).compactSize(2).compactSize(65535).compactSize(0);
        assertThatThrownBy(() -> MessageCodec.decode("getblocktxn", w.toByteArray()))
                .isInstanceOf(SerializationException.class).hasMessageContaining("differential value overflow");
        Block genesis = Block.parse(Hex.decode(MAINNET_GENESIS_HEX));
        ByteWriter c = new ByteWriter(300);
        genesis.header().write(c);
        c.i64le(0).compactSize(0).compactSize(1).compactSize(65536);
        genesis.coinbase().write(c, true);
        assertThatThrownBy(() -> MessageCodec.decode("cmpctblock", c.toByteArray()))
                .isInstanceOf(SerializationException.class).hasMessageContaining("index overflowed 16 bits");
    }

    @Test
    void bip157MessagesRoundTripWithTheirLayouts() {
        List<Message> messages = List.of(new Message.GetCFilters(0, 1, H1), new Message.GetCFHeaders(0, 1000, H2),
                new Message.GetCFCheckpt(255, H1), new Message.CFHeaders(0, H1, H2, List.of(H1, H2)),
                new Message.CFCheckpt(0, H2, List.of(H1)));
        for (Message m : messages) assertThat(roundTrip(m)).as(m.command()).isEqualTo(m);
        // type byte, uint32 start height, stop hash
        byte[] get = MessageCodec.encode(new Message.GetCFilters(0, 0x01020304L, H1));
        assertThat(get).hasSize(37);
        assertThat(Hex.encode(get).substring(0, 10)).isEqualTo("0004030201");
        Message.CFilter f = (Message.CFilter) roundTrip(new Message.CFilter(0, H2, new byte[] {1, 2, 3}));
        assertThat(f.blockHash()).isEqualTo(H2);
        assertThat(f.filter()).containsExactly(1, 2, 3);
        // type byte, block hash, CompactSize length, filter bytes
        assertThat(MessageCodec.encode(f)).hasSize(1 + 32 + 1 + 3);
    }

    @Test
    void versionMessageLayout() {
        Message.Version v = new Message.Version(70016, 9, 1, NetAddress.unroutable(0), NetAddress.unroutable(9), 1, "/x/", 5, false);
        byte[] p = MessageCodec.encode(v);
        // 4 version + 8 services + 8 time + 26 + 26 addresses + 8 nonce + 1+3 agent + 4 height + 1 relay
        assertThat(p).hasSize(89);
        assertThat(Hex.encode(p).substring(0, 8)).isEqualTo("80110100"); // 70016 little-endian
    }

    @Test
    void mainnetGenesisBlockDecodes() {
        Message m = MessageCodec.decode("block", Hex.decode(MAINNET_GENESIS_HEX));
        Block b = ((Message.BlockMessage) m).block();
        assertThat(b.hash()).isEqualTo(H1);
        assertThat(b.transactions()).hasSize(1);
        assertThat(Hex.encode(MessageCodec.encode(m))).isEqualTo(MAINNET_GENESIS_HEX);
        assertThat(Hex.encode(MessageCodec.encode(new Message.SerializedBlock(Hex.decode(MAINNET_GENESIS_HEX))))).isEqualTo(MAINNET_GENESIS_HEX);
    }

    @Test
    void headersMessageCarriesZeroTxCounts() {
        BlockHeader genesis = Networks.MAIN.genesis().header();
        byte[] payload = MessageCodec.encode(new Message.Headers(List.of(genesis, Networks.REGTEST.genesis().header())));
        assertThat(payload).hasSize(1 + 2 * 81);
        assertThat(Hex.encode(payload)).startsWith("02" + MAINNET_GENESIS_HEX.substring(0, 160) + "00");
        Message.Headers back = (Message.Headers) MessageCodec.decode("headers", payload);
        assertThat(back.headers().get(0).hash()).isEqualTo(H1);
        assertThat(back.headers().get(1).hash()).isEqualTo(H2);
    }

    @Test
    void headersWithTransactionCountAreRejected() {
        byte[] payload = new ByteWriter().compactSize(1).bytes(Networks.MAIN.genesis().header().serialize()).u8(1).toByteArray();
        assertThatThrownBy(() -> MessageCodec.decode("headers", payload)).isInstanceOf(SerializationException.class);
    }

    @Test
    void txRoundTripsWithAndWithoutWitness() {
        var tx = Networks.MAIN.genesis().coinbase();
        Message.Tx back = (Message.Tx) roundTrip(new Message.Tx(tx, true));
        assertThat(back.transaction()).isEqualTo(tx);
    }

    @Test
    void malformedPayloadsAreRejected() {
        assertThatThrownBy(() -> MessageCodec.decode("ping", new byte[7])).isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> MessageCodec.decode("block", Hex.decode(MAINNET_GENESIS_HEX.substring(0, 300))))
                .isInstanceOf(SerializationException.class);
        // bitcoind's misbehaviour texts for oversized lists; an oversized locator only disconnects.
        assertThatThrownBy(() -> MessageCodec.decode("inv", new ByteWriter().compactSize(50_001).toByteArray()))
                .isInstanceOf(OversizedMessage.class).hasMessage("inv message size = 50001");
        assertThatThrownBy(() -> MessageCodec.decode("getdata", new ByteWriter().compactSize(50_001).toByteArray()))
                .isInstanceOf(OversizedMessage.class).hasMessage("getdata message size = 50001");
        assertThatThrownBy(() -> MessageCodec.decode("headers", new ByteWriter().compactSize(2001).toByteArray()))
                .isInstanceOf(OversizedMessage.class).hasMessage("headers message size = 2001");
        assertThatThrownBy(() -> MessageCodec.decode("getheaders", new ByteWriter().i32le(70016).compactSize(102).toByteArray()))
                .isInstanceOf(OversizedMessage.class).satisfies(e -> assertThat(((OversizedMessage) e).locator()).isTrue());
        byte[] tooLong = new ByteWriter().compactSize(1).u32le(0).compactSize(0).u8(AddrV2Entry.NET_IPV4).varBytes(new byte[513]).u16be(1).toByteArray();
        assertThatThrownBy(() -> MessageCodec.decode("addrv2", tooLong)).hasMessageContaining("Address too long: 513 > 512");
        byte[] badAddrV2 = new ByteWriter().compactSize(1).u32le(0).compactSize(1).u8(AddrV2Entry.NET_IPV4).varBytes(new byte[5]).u16be(1).toByteArray();
        assertThatThrownBy(() -> MessageCodec.decode("addrv2", badAddrV2)).isInstanceOf(SerializationException.class);
        List<Message.TimedAddress> tooMany = new ArrayList<>();
        for (int i = 0; i < 1001; i++) tooMany.add(new Message.TimedAddress(0, NetAddress.unroutable(0)));
        byte[] bigAddr = MessageCodec.encode(new Message.Addr(tooMany));
        assertThatThrownBy(() -> MessageCodec.decode("addr", bigAddr)).isInstanceOf(OversizedMessage.class).hasMessage("addr message size = 1001");
    }

    /**
     * bitcoind ignores what follows a message's fields: a block with bytes after it is decoded and judged on
     * its own (p2p_segwit's too-long witness list ends up as a merkle root mismatch, not a decode error).
     */
    @Test
    void bytesAfterTheFieldsAreIgnored() {
        byte[] block = Hex.decode(MAINNET_GENESIS_HEX + "0201610102");
        Message.BlockMessage m = (Message.BlockMessage) MessageCodec.decode("block", block);
        assertThat(m.block().hash()).isEqualTo(H1);
        assertThat(MessageCodec.decode("ping", new ByteWriter().i64le(5).u8(1).toByteArray())).isEqualTo(new Message.Ping(5));
    }

    /** bitcoind's texts for a bad BIP144 flag, which its debug log shows (p2p_segwit reads them). */
    @Test
    void badWitnessFlagsFailWithBitcoindsTexts() {
        assertThatThrownBy(() -> MessageCodec.decode("tx", bogusWitnessTx(3, 1))).hasMessage("Unknown transaction optional data");
        assertThatThrownBy(() -> MessageCodec.decode("tx", bogusWitnessTx(1, 0))).hasMessage("Superfluous witness record");
    }

    /** One input, one output; BIP144 marker and {@code flag}, then witnesses of {@code witnessItems} one-byte items. */
    private static byte[] bogusWitnessTx(int flag, int witnessItems) {
        ByteWriter w = new ByteWriter().i32le(2).u8(0).u8(flag).compactSize(1).bytes(new byte[36]).compactSize(0).u32le(0)
                .compactSize(1).i64le(0).compactSize(0);
        if ((flag & 1) != 0) {
            w.compactSize(witnessItems);
            for (int i = 0; i < witnessItems; i++) w.compactSize(1).u8(1);
        }
        return w.u32le(0).toByteArray();
    }

    @Test
    void unknownCommandsDecodeToUnknown() {
        assertThat(MessageCodec.decode("alert", new byte[]{1, 2, 3})).isEqualTo(new Message.Unknown("alert", 3));
        assertThat(MessageCodec.decode("reject", new byte[0])).isInstanceOf(Message.Unknown.class);
    }

    @Test
    void sendTxRcnclIsAVersionAndASalt() {
        // BIP330: uint32 version, uint64 salt, little-endian.
        Message.SendTxRcncl m = new Message.SendTxRcncl(1, 0x0807060504030201L);
        byte[] payload = MessageCodec.encode(m);
        assertThat(payload).containsExactly(1, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(MessageCodec.decode("sendtxrcncl", payload)).isEqualTo(m);
    }

    @Test
    void userAgentBytesSurviveARoundTripAndAreSanitizedForDisplay() {
        // Found by MessageDecoderFuzzTest#version: 256 bytes of invalid UTF-8 decoded with replacement characters
        // re-encoded to 768 bytes, which our own decoder then refused.
        byte[] agent = new byte[256];
        java.util.Arrays.fill(agent, (byte) 0xc3);
        agent[0] = '/';
        NetAddress a = NetAddress.unroutable(0);
        byte[] raw = MessageCodec.encode(new Message.Version(70016, 0, 0, a, a, 1, "", 0, true));
        ByteWriter w = new ByteWriter(raw.length + 300);
        w.bytes(java.util.Arrays.copyOf(raw, 4 + 8 + 8 + 26 + 26 + 8)).varBytes(agent).i32le(7).u8(1);
        Message.Version v = (Message.Version) MessageCodec.decode("version", w.toByteArray());
        assertThat(MessageCodec.encode(v)).isEqualTo(w.toByteArray());
        assertThat(v.userAgent()).hasSize(256);
        // bitcoind's cleanSubVer keeps only SAFE_CHARS_DEFAULT
        assertThat(v.cleanUserAgent()).isEqualTo("/");
        assertThat(new Message.Version(70016, 0, 0, a, a, 1, "/Satoshi:30.99.0(x; y)/\n<b>", 0, true).cleanUserAgent())
                .isEqualTo("/Satoshi:30.99.0(x; y)/b");
    }

    @Test
    void countsWithTheTopBitSetAreRefusedAsBitcoindsRangeCheckedCompactSize() {
        // 0xff then eight 0xff bytes is 2^64-1: a negative long that used to pass the upper bounds (an inv of -1
        // items decoded as an empty inv; a prefilled index of -1 threw an unchecked exception).
        byte[] huge = Hex.decode("ffffffffffffffffff");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> MessageCodec.decode("inv", huge))
                .isInstanceOf(SerializationException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> MessageCodec.decode("getheaders", Hex.decode("01000000ffffffffffffffffff")))
                .isInstanceOf(SerializationException.class);
        byte[] blockTxn = new byte[32 + 9];
        System.arraycopy(huge, 0, blockTxn, 32, 9);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> MessageCodec.decode("blocktxn", blockTxn))
                .isInstanceOf(SerializationException.class);
        byte[] getBlockTxn = new byte[32 + 1 + 9];
        getBlockTxn[32] = 1;
        System.arraycopy(huge, 0, getBlockTxn, 33, 9);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> MessageCodec.decode("getblocktxn", getBlockTxn))
                .isInstanceOf(SerializationException.class);
    }
}
