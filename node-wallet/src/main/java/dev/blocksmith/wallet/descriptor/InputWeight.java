package dev.blocksmith.wallet.descriptor;

/**
 * The largest weight an input has once signed (bitcoind's MaxInputWeight, src/wallet/spend.cpp): the outpoint,
 * sequence, scriptSig length and scriptSig at four weight units a byte, the witness at one. A non-witness input in
 * a transaction that carries witness data has an empty witness, whose item count (one byte) weighs one unit more.
 *
 * @param legacyTxWeight the weight in a transaction without witness data
 * @param segwitTxWeight the weight in a transaction with witness data (the segwit marker and flag)
 * @param witness whether the input itself has witness data, and so makes the transaction carry it
 */
public record InputWeight(int legacyTxWeight, int segwitTxWeight, boolean witness) {
    public InputWeight {
        if (legacyTxWeight <= 0 || segwitTxWeight < legacyTxWeight) throw new IllegalArgumentException("bad input weight");
    }

    /**
     * An input of the given weight in a transaction without witness data (a scriptSig-only spend): one unit more
     * where the transaction has witness data.
     */
    public static InputWeight nonWitness(int weight) {
        return new InputWeight(weight, weight + 1, false);
    }

    /** A witness input: its weight already counts its witness item count. */
    public static InputWeight ofWitness(int weight) {
        return new InputWeight(weight, weight, true);
    }

    /**
     * A weight the caller gave (fundrawtransaction's input_weights, bitcoind's CCoinControl::SetInputWeight): used as
     * it is whatever the transaction.
     */
    public static InputWeight given(int weight, boolean witness) {
        return new InputWeight(weight, weight, witness);
    }

    public int weightIn(boolean segwitTx) {
        return segwitTx ? segwitTxWeight : legacyTxWeight;
    }

    /**
     * The size coin selection prices the input at (bitcoind's CalculateMaximumSignedInputSize): its weight as in a
     * transaction with witness data, rounded up to whole virtual bytes on its own.
     */
    public int selectionVBytes() {
        return (segwitTxWeight + 3) / 4;
    }
}
