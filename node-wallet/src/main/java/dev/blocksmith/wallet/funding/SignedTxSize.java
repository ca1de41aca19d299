package dev.blocksmith.wallet.funding;

import dev.blocksmith.core.tx.TxOut;
import dev.blocksmith.wallet.descriptor.InputWeight;
import java.util.List;

/**
 * The largest size a transaction has once its inputs are signed (bitcoind's CalculateMaximumSignedTxSize): the
 * version, lock time and counts, the segwit marker and flag only when some input has witness data, the outputs, and
 * each input's signed weight; the weight is rounded up to virtual bytes once, for the whole transaction
 * (GetVirtualTransactionSize), not per input.
 */
public record SignedTxSize(int weight) {
    public static SignedTxSize of(List<InputWeight> inputs, List<TxOut> outputs) {
        boolean segwit = inputs.stream().anyMatch(InputWeight::witness);
        int w = (4 + 4 + compactSizeLength(inputs.size()) + compactSizeLength(outputs.size())) * 4;
        if (segwit) w += 2;
        for (TxOut o : outputs) w += o.serializedSize() * 4;
        for (InputWeight in : inputs) w += in.weightIn(segwit);
        return new SignedTxSize(w);
    }

    public int vsize() {
        return (weight + 3) / 4;
    }

    static int compactSizeLength(long n) {
        return n < 253 ? 1 : n <= 0xffff ? 3 : 5;
    }
}
