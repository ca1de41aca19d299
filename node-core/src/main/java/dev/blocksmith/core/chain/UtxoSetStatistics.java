package dev.blocksmith.core.chain;

import dev.blocksmith.core.crypto.Hashes;
import dev.blocksmith.core.crypto.MuHash3072;
import dev.blocksmith.core.primitives.ByteWriter;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.core.tx.TxOut;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Optional;

/**
 * Accumulates bitcoind's UTXO set statistics (GetUTXOStats) over coins visited in outpoint order: counts,
 * total amount, bogosize and one of the two set hashes. Both hashes cover each coin serialized as Core's
 * TxOutSer: outpoint, {@code height * 2 + coinbase} as a 32-bit little-endian number, then the output.
 * hash_serialized_3 is the double SHA-256 of that stream in key order; muhash is the order-free
 * {@link MuHash3072} of the coins.
 */
public final class UtxoSetStatistics implements ChainDb.CoinVisitor {
    /** gettxoutsetinfo's hash_type parameter. */
    public enum HashType {
        HASH_SERIALIZED_3, MUHASH, NONE;

        public String rpcName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<HashType> byRpcName(String name) {
            for (HashType t : values()) if (t.rpcName().equals(name)) return Optional.of(t);
            return Optional.empty();
        }
    }

    private final HashType hashType;
    private final MessageDigest serialized = Hashes.newSha256();
    private final MuHash3072 muhash = new MuHash3072();
    private long txouts;
    private long transactions;
    private long totalAmount;
    private long bogoSize;
    private Sha256Hash lastTxid;

    public UtxoSetStatistics(HashType hashType) {
        this.hashType = hashType;
    }

    @Override
    public boolean visit(OutPoint op, Coin coin) {
        txouts++;
        totalAmount += coin.output().value();
        bogoSize += bogoSize(coin.output());
        // Coins of one transaction are adjacent in outpoint order, so a new txid starts a new transaction.
        if (!op.txid().equals(lastTxid)) {
            transactions++;
            lastTxid = op.txid();
        }
        if (hashType != HashType.NONE) {
            byte[] txOutSer = txOutSer(op, coin);
            if (hashType == HashType.HASH_SERIALIZED_3) serialized.update(txOutSer);
            else muhash.insert(txOutSer);
        }
        return true;
    }

    /** Core's TxOutSer: the bytes both set hashes cover for one coin (outpoint, height*2+coinbase as u32, output). */
    public static byte[] txOutSer(OutPoint op, Coin coin) {
        ByteWriter w = new ByteWriter(64 + coin.output().scriptPubKey().length());
        op.write(w);
        w.u32le(((long) coin.height() << 1 | (coin.coinbase() ? 1 : 0)) & 0xffffffffL);
        coin.output().write(w);
        return w.toByteArray();
    }

    /** Core's GetBogoSize: 32 (txid) + 4 (vout) + 4 (height and coinbase) + 8 (amount) + 2 + script length. */
    public static long bogoSize(TxOut output) {
        return 50L + output.scriptPubKey().length();
    }

    /** The figures of everything visited, labelled with the tip the coins belong to. */
    public UtxoStats result(ChainTip tip) {
        Optional<Sha256Hash> hash = switch (hashType) {
            case HASH_SERIALIZED_3 -> Optional.of(Sha256Hash.wrapOwned(Hashes.newSha256().digest(serialized.digest())));
            case MUHASH -> Optional.of(muhash.digest());
            case NONE -> Optional.empty();
        };
        return new UtxoStats(tip.height(), tip.hash(), txouts, transactions, totalAmount, bogoSize, hash);
    }
}
