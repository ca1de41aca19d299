package dev.blocksmith.rpc.methods.rawtransactions;

import dev.blocksmith.core.primitives.Hex;
import dev.blocksmith.core.primitives.SerializationException;
import dev.blocksmith.core.tx.Transaction;
import java.util.Optional;

/** Hex transaction decoding for the raw-transaction methods (bitcoind's DecodeHexTx). */
public final class RawTransactions {
    private RawTransactions() {}

    /**
     * The transaction in {@code hex}, or empty when the text is not hex or does not parse to exactly one
     * transaction. The BIP144 extended form is read when its marker is present, as in Core: a legacy
     * transaction with no inputs is therefore not decodable, which is why bitcoind's messages add "Make
     * sure the tx has at least one input."
     */
    public static Optional<Transaction> decode(String hex) {
        if (hex.isEmpty() || hex.length() % 2 != 0 || !Hex.isHex(hex)) return Optional.empty();
        try {
            return Optional.of(Transaction.parse(Hex.decode(hex)));
        } catch (SerializationException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
