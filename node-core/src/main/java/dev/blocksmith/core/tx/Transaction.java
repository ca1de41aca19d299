package dev.blocksmith.core.tx;

import dev.blocksmith.core.crypto.Hashes;
import dev.blocksmith.core.primitives.ByteReader;
import dev.blocksmith.core.primitives.ByteWriter;
import dev.blocksmith.core.primitives.Hex;
import dev.blocksmith.core.primitives.SerializationException;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.script.Script;
import java.util.ArrayList;
import java.util.List;

/**
 * An immutable transaction. Serializes in the legacy form and in the BIP144 witness form (marker 0x00,
 * flag 0x01) when any input has a witness. The txid hashes the legacy form; the wtxid the full form.
 */
public final class Transaction {
    /** BIP141 scale factor between base size and weight. */
    public static final int WITNESS_SCALE_FACTOR = 4;

    private final int version;
    private final List<TxIn> inputs;
    private final List<TxOut> outputs;
    private final long lockTime;

    private volatile Sha256Hash txid;
    private volatile Sha256Hash wtxid;
    private volatile byte[] serializedCache;
    private int baseSize = -1;
    private int totalSize = -1;
    /**
     * For a witness transaction read from bytes: where its inputs and outputs lie in {@link #serializedCache} (after
     * the marker and flag, before the witnesses), so that its txid hashes the pieces of the bytes it came from.
     */
    private int strippedFrom = -1;
    private int strippedTo = -1;

    public Transaction(int version, List<TxIn> inputs, List<TxOut> outputs, long lockTime) {
        if (lockTime < 0 || lockTime > 0xffffffffL) throw new IllegalArgumentException("lockTime out of range");
        this.version = version;
        this.inputs = List.copyOf(inputs);
        this.outputs = List.copyOf(outputs);
        this.lockTime = lockTime;
    }

    public int version() {
        return version;
    }

    public List<TxIn> inputs() {
        return inputs;
    }

    public List<TxOut> outputs() {
        return outputs;
    }

    public TxIn input(int i) {
        return inputs.get(i);
    }

    public TxOut output(int i) {
        return outputs.get(i);
    }

    public long lockTime() {
        return lockTime;
    }

    public boolean isCoinbase() {
        return inputs.size() == 1 && inputs.get(0).prevout().isNull();
    }

    public boolean hasWitness() {
        for (TxIn in : inputs) {
            if (!in.witness().isEmpty()) return true;
        }
        return false;
    }

    public Sha256Hash txid() {
        Sha256Hash h = txid;
        if (h == null) {
            byte[] s = serializedCache;
            if (!hasWitness()) {
                h = Hashes.hash256(s != null ? s : serialize());
            } else if (s != null && strippedTo > 0) {
                // Version, inputs and outputs, locktime: the serialization without witness, cut from the bytes read.
                h = Hashes.hash256OfRanges(s, 0, 4, strippedFrom, strippedTo - strippedFrom, s.length - 4, 4);
            } else {
                h = Hashes.hash256(serialize(false));
            }
            txid = h;
        }
        return h;
    }

    /** BIP141 wtxid; equals the txid when there is no witness. */
    public Sha256Hash wtxid() {
        Sha256Hash h = wtxid;
        if (h == null) {
            byte[] s = serializedCache;
            h = hasWitness() ? Hashes.hash256(s != null ? s : serialize()) : txid();
            wtxid = h;
        }
        return h;
    }

    /** Full serialization (witness form when any input has a witness). */
    public byte[] serialize() {
        byte[] s = serializedCache;
        if (s == null) {
            s = serialize(true);
            serializedCache = s;
        }
        return s.clone();
    }

    public byte[] serialize(boolean withWitness) {
        if (withWitness && serializedCache != null) return serializedCache.clone();
        ByteWriter w = new ByteWriter(256);
        write(w, withWitness);
        return w.toByteArray();
    }

    public void write(ByteWriter w, boolean withWitness) {
        boolean witness = withWitness && hasWitness();
        w.i32le(version);
        if (witness) {
            w.u8(0).u8(1);
        }
        w.compactSize(inputs.size());
        for (TxIn in : inputs) {
            in.prevout().write(w);
            w.varBytes(in.scriptSig().rawBytes());
            w.u32le(in.sequence());
        }
        w.compactSize(outputs.size());
        for (TxOut out : outputs) out.write(w);
        if (witness) {
            for (TxIn in : inputs) in.witness().write(w);
        }
        w.u32le(lockTime);
    }

    /** Size without witness data (Core's GetSerializeSize with TX_NO_WITNESS). */
    public int baseSize() {
        if (baseSize < 0) baseSize = serialize(false).length;
        return baseSize;
    }

    public int totalSize() {
        if (totalSize < 0) totalSize = serializedCache != null ? serializedCache.length : serialize(true).length;
        return totalSize;
    }

    /** BIP141 weight: base size x 3 + total size. */
    public int weight() {
        return baseSize() * (WITNESS_SCALE_FACTOR - 1) + totalSize();
    }

    /** Virtual size, rounded up (BIP141). */
    public int vsize() {
        return (weight() + WITNESS_SCALE_FACTOR - 1) / WITNESS_SCALE_FACTOR;
    }

    public static Transaction parse(byte[] bytes) {
        ByteReader r = new ByteReader(bytes);
        Transaction tx = read(r);
        if (r.hasRemaining()) throw new SerializationException("trailing bytes after transaction");
        return tx;
    }

    public static Transaction fromHex(String hex) {
        return parse(Hex.decode(hex));
    }

    /**
     * Reads a transaction, accepting the BIP144 extended form. As in Core, a zero input count followed
     * by flag 0x01 means the witness form; a witness flag with all-empty witnesses is rejected
     * ("Superfluous witness record", bitcoind's text, which its logs show).
     */
    public static Transaction read(ByteReader r) {
        int start = r.position();
        int version = r.i32le();
        int flags = 0;
        int nIn = r.length();
        List<TxIn> ins;
        List<TxOut> outs;
        int bodyFrom = start + 4;
        if (nIn == 0) {
            flags = r.u8();
            if (flags != 0) {
                bodyFrom = r.position();
                nIn = r.length();
                ins = readInputs(r, nIn);
                outs = readOutputs(r, r.length());
            } else {
                ins = new ArrayList<>();
                outs = new ArrayList<>();
            }
        } else {
            ins = readInputs(r, nIn);
            outs = readOutputs(r, r.length());
        }
        int bodyTo = r.position();
        boolean witnessForm = (flags & 1) != 0;
        if ((flags & 1) != 0) {
            flags ^= 1;
            boolean any = false;
            for (int i = 0; i < ins.size(); i++) {
                Witness wit = Witness.read(r);
                if (!wit.isEmpty()) any = true;
                ins.set(i, ins.get(i).withWitness(wit));
            }
            if (!any) throw new SerializationException(SerializationException.Reason.SUPERFLUOUS_WITNESS, "Superfluous witness record");
        }
        if (flags != 0) throw new SerializationException(SerializationException.Reason.UNKNOWN_OPTIONAL_DATA, "Unknown transaction optional data");
        long lockTime = r.u32le();
        Transaction tx = new Transaction(version, ins, outs, lockTime);
        tx.serializedCache = r.slice(start, r.position());
        tx.totalSize = r.position() - start;
        if (witnessForm) {
            tx.strippedFrom = bodyFrom - start;
            tx.strippedTo = bodyTo - start;
            tx.baseSize = 4 + (bodyTo - bodyFrom) + 4;
        } else {
            tx.baseSize = tx.totalSize;
        }
        return tx;
    }

    /**
     * Reads the pre-BIP144 serialization (Core's TX_NO_WITNESS), as PSBT's unsigned transaction is
     * stored: an empty input list is just that, never a segwit marker.
     */
    public static Transaction readWithoutWitness(ByteReader r) {
        int version = r.i32le();
        List<TxIn> ins = readInputs(r, r.length());
        List<TxOut> outs = readOutputs(r, r.length());
        long lockTime = r.u32le();
        return new Transaction(version, ins, outs, lockTime);
    }

    /** Outpoint, empty script length, sequence: the fewest bytes an input can take. */
    private static final int MIN_INPUT_SIZE = 32 + 4 + 1 + 4;
    /** Value and empty script length. */
    private static final int MIN_OUTPUT_SIZE = 8 + 1;
    /** Version, empty input list with a zero flag byte, locktime. */
    public static final int MIN_SERIALIZED_SIZE = 4 + 1 + 1 + 4;

    private static List<TxIn> readInputs(ByteReader r, int n) {
        List<TxIn> list = new ArrayList<>(r.capacityFor(n, MIN_INPUT_SIZE));
        for (int i = 0; i < n; i++) {
            OutPoint prev = OutPoint.read(r);
            Script sig = Script.ofOwned(r.varBytes());
            long seq = r.u32le();
            list.add(new TxIn(prev, sig, seq));
        }
        return list;
    }

    private static List<TxOut> readOutputs(ByteReader r, int n) {
        List<TxOut> list = new ArrayList<>(r.capacityFor(n, MIN_OUTPUT_SIZE));
        for (int i = 0; i < n; i++) list.add(TxOut.read(r));
        return list;
    }

    public String toHex() {
        return Hex.encode(serialize());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Transaction t && t.wtxid().equals(wtxid());
    }

    @Override
    public int hashCode() {
        return wtxid().hashCode();
    }

    @Override
    public String toString() {
        return "Transaction[" + txid() + "]";
    }
}
