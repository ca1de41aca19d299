package dev.blocksmith.core.tx;

import dev.blocksmith.core.script.Script;

/** A transaction input: the output it spends, its scriptSig, sequence and witness. */
public record TxIn(OutPoint prevout, Script scriptSig, long sequence, Witness witness) {
    public static final long SEQUENCE_FINAL = 0xffffffffL;
    /** BIP68: if set, the sequence is not a relative lock time. */
    public static final long SEQUENCE_LOCKTIME_DISABLE_FLAG = 1L << 31;
    /** BIP68: if set, the relative lock time is in units of 512 seconds. */
    public static final long SEQUENCE_LOCKTIME_TYPE_FLAG = 1L << 22;
    public static final long SEQUENCE_LOCKTIME_MASK = 0x0000ffffL;

    public TxIn {
        if (sequence < 0 || sequence > 0xffffffffL) throw new IllegalArgumentException("sequence out of range");
    }

    public TxIn(OutPoint prevout, Script scriptSig, long sequence) {
        this(prevout, scriptSig, sequence, Witness.EMPTY);
    }

    public TxIn withWitness(Witness w) {
        return new TxIn(prevout, scriptSig, sequence, w);
    }

    public TxIn withScriptSig(Script s) {
        return new TxIn(prevout, s, sequence, witness);
    }
}
