package dev.blocksmith.wallet.funding;

import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxOut;
import dev.blocksmith.wallet.WalletKeyLocation;
import java.util.List;
import java.util.Optional;

/**
 * A funded, unsigned transaction (preset inputs keep what they carried).
 *
 * @param feeSats exactly the inputs' value minus the outputs' value
 * @param changePosition the index of the added change output, -1 when there is none
 * @param spentOutputs the output each input spends, in input order (what signing and PSBTs need)
 * @param inputOwners for each input, where its script comes from in this wallet, if it is ours
 */
public record FundedTransaction(Transaction tx, long feeSats, int changePosition, List<TxOut> spentOutputs,
                                List<Optional<WalletKeyLocation>> inputOwners) {
    public FundedTransaction {
        spentOutputs = List.copyOf(spentOutputs);
        inputOwners = List.copyOf(inputOwners);
        if (spentOutputs.size() != tx.inputs().size() || inputOwners.size() != tx.inputs().size()) {
            throw new IllegalArgumentException("one spent output and owner per input");
        }
    }
}
