package dev.blocksmith.p2p.message;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.block.BlockHeader;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.tx.Transaction;

import java.util.List;

/**
 * A decoded P2P message. Each record names its wire command; {@link MessageCodec} maps between records and
 * payload bytes. Messages that this node never needs to interpret (reject...) are not modelled:
 * the peer ignores unknown commands, as Core does.
 */
public sealed interface Message {
    String command();

    /**
     * The version handshake message; {@code relay} is BIP37's fRelay flag (absent before 70001). {@code userAgent}
     * holds the peer's bytes one char per byte (ISO-8859-1), as bitcoind keeps strSubVer as raw bytes: decoding
     * them as UTF-8 would replace invalid sequences and change the message (a 256-byte agent could come back as
     * 768 bytes, over the limit).
     */
    record Version(int protocolVersion, long services, long timestamp, NetAddress receiver, NetAddress sender,
                   long nonce, String userAgent, int startHeight, boolean relay) implements Message {
        /** bitcoind's SAFE_CHARS_DEFAULT, what SanitizeString keeps. */
        private static final String SAFE_PUNCTUATION = " .,;-_/:?@()";

        public String command() { return "version"; }

        /** bitcoind's cleanSubVer (SanitizeString of the agent): what getpeerinfo's subver and the log show. */
        public String cleanUserAgent() {
            StringBuilder b = new StringBuilder(userAgent.length());
            for (int i = 0; i < userAgent.length(); i++) {
                char c = userAgent.charAt(i);
                boolean alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
                if (alnum || SAFE_PUNCTUATION.indexOf(c) >= 0) b.append(c);
            }
            return b.toString();
        }
    }

    record Verack() implements Message {
        public String command() { return "verack"; }
    }

    /** BIP339: announce transactions by wtxid; valid only between version and verack. */
    record WtxidRelay() implements Message {
        public String command() { return "wtxidrelay"; }
    }

    /** BIP155: this peer accepts addrv2; valid only between version and verack. */
    record SendAddrV2() implements Message {
        public String command() { return "sendaddrv2"; }
    }

    /**
     * BIP330: the sender supports transaction reconciliation at {@code version} with its salt; valid only between
     * version and verack.
     */
    record SendTxRcncl(long version, long salt) implements Message {
        public String command() { return "sendtxrcncl"; }
    }

    /** BIP130: announce new blocks with headers instead of inv. */
    record SendHeaders() implements Message {
        public String command() { return "sendheaders"; }
    }

    /** BIP152 compact-block negotiation: the version the sender speaks and whether it wants high-bandwidth announcements. */
    record SendCmpct(boolean highBandwidth, long version) implements Message {
        public String command() { return "sendcmpct"; }
    }

    /** BIP152 cmpctblock: a block as its header, short transaction ids and prefilled transactions. */
    record CmpctBlock(dev.blocksmith.p2p.cmpct.CompactBlock block) implements Message {
        public String command() { return "cmpctblock"; }
    }

    /** BIP152 getblocktxn: the transactions of a block at these positions (ascending, absolute). */
    record GetBlockTxn(Sha256Hash blockHash, List<Integer> indexes) implements Message {
        public GetBlockTxn { indexes = List.copyOf(indexes); }
        public String command() { return "getblocktxn"; }
    }

    /** BIP152 blocktxn: the transactions a getblocktxn asked for, in its order, with their witnesses. */
    record BlockTxn(Sha256Hash blockHash, List<Transaction> transactions) implements Message {
        public BlockTxn { transactions = List.copyOf(transactions); }
        public String command() { return "blocktxn"; }
    }

    record Ping(long nonce) implements Message {
        public String command() { return "ping"; }
    }

    record Pong(long nonce) implements Message {
        public String command() { return "pong"; }
    }

    record GetAddr() implements Message {
        public String command() { return "getaddr"; }
    }

    /** A legacy address entry: the time last seen plus the address. */
    record TimedAddress(long time, NetAddress address) {
    }

    record Addr(List<TimedAddress> addresses) implements Message {
        public Addr { addresses = List.copyOf(addresses); }
        public String command() { return "addr"; }
    }

    record AddrV2(List<AddrV2Entry> addresses) implements Message {
        public AddrV2 { addresses = List.copyOf(addresses); }
        public String command() { return "addrv2"; }
    }

    record Inv(List<InvItem> items) implements Message {
        public Inv { items = List.copyOf(items); }
        public String command() { return "inv"; }
    }

    record GetData(List<InvItem> items) implements Message {
        public GetData { items = List.copyOf(items); }
        public String command() { return "getdata"; }
    }

    record NotFound(List<InvItem> items) implements Message {
        public NotFound { items = List.copyOf(items); }
        public String command() { return "notfound"; }
    }

    record GetHeaders(int protocolVersion, List<Sha256Hash> locator, Sha256Hash stopHash) implements Message {
        public GetHeaders { locator = List.copyOf(locator); }
        public String command() { return "getheaders"; }
    }

    record GetBlocks(int protocolVersion, List<Sha256Hash> locator, Sha256Hash stopHash) implements Message {
        public GetBlocks { locator = List.copyOf(locator); }
        public String command() { return "getblocks"; }
    }

    record Headers(List<BlockHeader> headers) implements Message {
        public Headers { headers = List.copyOf(headers); }
        public String command() { return "headers"; }
    }

    /**
     * A block. {@code withWitness} selects the serialization when sending (MSG_BLOCK asks for the stripped
     * form); decoding accepts either form, since the BIP144 marker makes them self-describing.
     */
    record BlockMessage(Block block, boolean withWitness) implements Message {
        public String command() { return "block"; }
    }

    /** An outgoing block already serialized in the form the peer asked for (served from storage as is). */
    record SerializedBlock(byte[] bytes) implements Message {
        public String command() { return "block"; }
    }

    record Tx(Transaction transaction, boolean withWitness) implements Message {
        public String command() { return "tx"; }
    }

    record MempoolRequest() implements Message {
        public String command() { return "mempool"; }
    }

    /**
     * BIP37 filterload: a bloom filter of {@code data} with {@code hashFuncs} hash functions seeded by {@code tweak};
     * {@code flags} says how matched outputs update it.
     */
    record FilterLoad(byte[] data, long hashFuncs, long tweak, int flags) implements Message {
        public FilterLoad { data = data.clone(); }
        @Override public byte[] data() { return data.clone(); }
        public String command() { return "filterload"; }
    }

    /** BIP37 filteradd: one more element for the loaded filter. */
    record FilterAdd(byte[] data) implements Message {
        public FilterAdd { data = data.clone(); }
        @Override public byte[] data() { return data.clone(); }
        public String command() { return "filteradd"; }
    }

    /** BIP37 filterclear: drop the loaded filter and relay every transaction again. */
    record FilterClear() implements Message {
        public String command() { return "filterclear"; }
    }

    /** BIP37 merkleblock: a block header with the partial merkle tree of the transactions a peer's filter matched. */
    record MerkleBlock(dev.blocksmith.core.block.MerkleBlock merkleBlock) implements Message {
        public String command() { return "merkleblock"; }
    }

    /** BIP133: do not announce transactions whose fee rate is below this many satoshis per 1000 vbytes. */
    record FeeFilter(long feeRatePerKvB) implements Message {
        public String command() { return "feefilter"; }
    }

    /** BIP157 getcfilters: the filters of the blocks from startHeight up to stopHash. */
    record GetCFilters(int filterType, long startHeight, Sha256Hash stopHash) implements Message {
        public String command() { return "getcfilters"; }
    }

    /** BIP157 cfilter: one block's filter. */
    record CFilter(int filterType, Sha256Hash blockHash, byte[] filter) implements Message {
        public CFilter { filter = filter.clone(); }
        @Override public byte[] filter() { return filter.clone(); }
        public String command() { return "cfilter"; }
    }

    /** BIP157 getcfheaders: the filter hashes from startHeight up to stopHash, with the header before them. */
    record GetCFHeaders(int filterType, long startHeight, Sha256Hash stopHash) implements Message {
        public String command() { return "getcfheaders"; }
    }

    /** BIP157 cfheaders. */
    record CFHeaders(int filterType, Sha256Hash stopHash, Sha256Hash previousHeader, List<Sha256Hash> filterHashes)
            implements Message {
        public CFHeaders { filterHashes = List.copyOf(filterHashes); }
        public String command() { return "cfheaders"; }
    }

    /** BIP157 getcfcheckpt: the filter headers at every 1000th height up to stopHash. */
    record GetCFCheckpt(int filterType, Sha256Hash stopHash) implements Message {
        public String command() { return "getcfcheckpt"; }
    }

    /** BIP157 cfcheckpt. */
    record CFCheckpt(int filterType, Sha256Hash stopHash, List<Sha256Hash> filterHeaders) implements Message {
        public CFCheckpt { filterHeaders = List.copyOf(filterHeaders); }
        public String command() { return "cfcheckpt"; }
    }

    /** A well-framed message whose command this node does not interpret; it is ignored. */
    record Unknown(String name, int payloadLength) implements Message {
        public String command() { return name; }
    }
}
