package dev.blocksmith.p2p.cmpct;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.block.BlockHeader;
import dev.blocksmith.core.crypto.Hashes;
import dev.blocksmith.core.crypto.SipHash24;
import dev.blocksmith.core.primitives.ByteWriter;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.tx.Transaction;

import java.util.Arrays;
import java.util.List;

/**
 * BIP152's HeaderAndShortIDs, version 2: the header, the nonce that salts the short ids, the 6-byte short ids of
 * the transactions not sent whole (SipHash-2-4 of the wtxid, keyed by the single SHA-256 of header and nonce), and
 * the prefilled transactions.
 */
public final class CompactBlock {
    /** BIP152: short ids are the low 6 bytes of the SipHash. */
    public static final long SHORT_ID_MASK = 0xffff_ffff_ffffL;

    private final BlockHeader header;
    private final long nonce;
    private final long[] shortIds;
    private final List<PrefilledTransaction> prefilled;
    private final long k0;
    private final long k1;

    public CompactBlock(BlockHeader header, long nonce, long[] shortIds, List<PrefilledTransaction> prefilled) {
        this.header = header;
        this.nonce = nonce;
        this.shortIds = shortIds.clone();
        this.prefilled = List.copyOf(prefilled);
        ByteWriter w = new ByteWriter(88);
        header.write(w);
        w.i64le(nonce);
        byte[] key = Hashes.sha256(w.toByteArray());
        this.k0 = littleEndianLong(key, 0);
        this.k1 = littleEndianLong(key, 8);
    }

    /**
     * The compact form of a block as bitcoind builds it: the coinbase prefilled, every other transaction by short
     * id (no predictive prefilling from the mempool).
     */
    public static CompactBlock of(Block block, long nonce) {
        List<Transaction> txs = block.transactions();
        boolean prefillCoinbase = !txs.isEmpty() && txs.get(0).isCoinbase();
        List<PrefilledTransaction> prefilled = prefillCoinbase ? List.of(new PrefilledTransaction(0, txs.get(0))) : List.of();
        CompactBlock keyed = new CompactBlock(block.header(), nonce, new long[0], List.of());
        long[] ids = new long[txs.size() - (prefillCoinbase ? 1 : 0)];
        for (int i = prefillCoinbase ? 1 : 0, j = 0; i < txs.size(); i++, j++) ids[j] = keyed.shortId(txs.get(i).wtxid());
        return new CompactBlock(block.header(), nonce, ids, prefilled);
    }

    public long shortId(Sha256Hash wtxid) {
        return SipHash24.hashUint256(k0, k1, wtxid) & SHORT_ID_MASK;
    }

    public BlockHeader header() { return header; }
    public long nonce() { return nonce; }
    public long[] shortIds() { return shortIds.clone(); }
    public int shortIdCount() { return shortIds.length; }
    public long shortIdAt(int i) { return shortIds[i]; }
    public List<PrefilledTransaction> prefilled() { return prefilled; }

    /** The number of transactions the block has. */
    public int transactionCount() {
        return shortIds.length + prefilled.size();
    }

    private static long littleEndianLong(byte[] b, int off) {
        long v = 0;
        for (int i = 7; i >= 0; i--) v = (v << 8) | (b[off + i] & 0xffL);
        return v;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CompactBlock c && c.header.equals(header) && c.nonce == nonce
                && Arrays.equals(c.shortIds, shortIds) && c.prefilled.equals(prefilled);
    }

    @Override
    public int hashCode() {
        return header.hashCode() * 31 + Long.hashCode(nonce);
    }
}
