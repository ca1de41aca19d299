package dev.blocksmith.p2p.bloom;

import dev.blocksmith.core.primitives.ByteWriter;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.script.ScriptChunk;
import dev.blocksmith.core.script.ScriptType;
import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.core.tx.TxOut;

import java.util.List;

/**
 * A BIP37 connection bloom filter as a peer loaded it with filterload. It changes: filteradd inserts elements, and a
 * matched output is inserted as an outpoint when the flags ask for it, so that its spend matches too (bitcoind's
 * CBloomFilter). Used by one peer's connection only.
 */
public final class BloomFilter {
    /** BIP37's limit on the filter's bytes (bitcoind's MAX_BLOOM_FILTER_SIZE). */
    public static final int MAX_FILTER_BYTES = 36_000;
    /** BIP37's limit on hash functions (bitcoind's MAX_HASH_FUNCS). */
    public static final long MAX_HASH_FUNCS = 50;
    /** nFlags: never insert matched outpoints. */
    public static final int UPDATE_NONE = 0;
    /** nFlags: insert the outpoint of every matched output. */
    public static final int UPDATE_ALL = 1;
    /** nFlags: insert the outpoint of a matched output only if it pays to a public key or a bare multisig. */
    public static final int UPDATE_P2PUBKEY_ONLY = 2;
    private static final int UPDATE_MASK = 3;

    private final byte[] data;
    private final long hashFuncs;
    private final long tweak;
    private final int flags;

    public BloomFilter(byte[] data, long hashFuncs, long tweak, int flags) {
        this.data = data.clone();
        this.hashFuncs = hashFuncs;
        this.tweak = tweak;
        this.flags = flags;
    }

    /** BIP37: a filterload beyond these limits is misbehaviour. */
    public static boolean withinSizeConstraints(int dataBytes, long hashFuncs) {
        return dataBytes <= MAX_FILTER_BYTES && hashFuncs <= MAX_HASH_FUNCS;
    }

    private int bitIndex(long n, byte[] element) {
        int seed = (int) (n * 0xFBA4C795L + tweak);
        return (int) (Integer.toUnsignedLong(Murmur3.hash(seed, element)) % (data.length * 8L));
    }

    public void insert(byte[] element) {
        // An empty filter has no bits (and a division by zero would follow: CVE-2013-5700).
        if (data.length == 0) return;
        for (long i = 0; i < hashFuncs; i++) {
            int bit = bitIndex(i, element);
            data[bit >> 3] |= (byte) (1 << (bit & 7));
        }
    }

    public boolean contains(byte[] element) {
        if (data.length == 0) return true;
        for (long i = 0; i < hashFuncs; i++) {
            int bit = bitIndex(i, element);
            if ((data[bit >> 3] & (1 << (bit & 7))) == 0) return false;
        }
        return true;
    }

    private static byte[] outPointBytes(OutPoint p) {
        return new ByteWriter(36).hash(p.txid()).u32le(p.index()).toByteArray();
    }

    /**
     * bitcoind's IsRelevantAndUpdate: whether the transaction matches - its txid, a data push of an output script
     * (which then may insert that outpoint, per the flags), an outpoint it spends or a data push of an input script.
     * An empty filter matches everything.
     */
    public boolean isRelevantAndUpdate(Transaction tx) {
        if (data.length == 0) return true;
        Sha256Hash txid = tx.txid();
        boolean found = contains(txid.bytes());
        List<TxOut> outputs = tx.outputs();
        for (int i = 0; i < outputs.size(); i++) {
            Script script = outputs.get(i).scriptPubKey();
            for (byte[] push : pushes(script)) {
                if (push.length == 0 || !contains(push)) continue;
                found = true;
                int update = flags & UPDATE_MASK;
                if (update == UPDATE_ALL) {
                    insert(outPointBytes(new OutPoint(txid, i)));
                } else if (update == UPDATE_P2PUBKEY_ONLY) {
                    ScriptType type = ScriptType.classify(script);
                    if (type == ScriptType.PUBKEY || type == ScriptType.MULTISIG) insert(outPointBytes(new OutPoint(txid, i)));
                }
                break;
            }
        }
        if (found) return true;
        for (TxIn in : tx.inputs()) {
            if (contains(outPointBytes(in.prevout()))) return true;
            for (byte[] push : pushes(in.scriptSig())) {
                if (push.length != 0 && contains(push)) return true;
            }
        }
        return false;
    }

    /** The data pushes of a script up to the first unparsable opcode (bitcoind stops at a GetOp failure). */
    private static List<byte[]> pushes(Script script) {
        byte[] s = script.rawBytes();
        java.util.ArrayList<byte[]> out = new java.util.ArrayList<>();
        int pc = 0;
        while (pc < s.length) {
            ScriptChunk c = Script.readChunk(s, pc);
            if (c == null) break;
            if (c.data() != null) out.add(c.data());
            pc = c.end();
        }
        return out;
    }
}
