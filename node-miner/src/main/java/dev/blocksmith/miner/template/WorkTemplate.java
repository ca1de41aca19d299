package dev.blocksmith.miner.template;

import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.tx.Transaction;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The block-building facts a miner needs, whether they come from this node's
 * {@link BlockTemplateBuilder} or from a getblocktemplate answer (BIP22/23 fields {@code height},
 * {@code version}, {@code previousblockhash}, {@code bits}, {@code curtime}, {@code mintime},
 * {@code coinbasevalue}, {@code transactions[].data}, {@code default_witness_commitment}).
 *
 * @param transactions the non-coinbase transactions in block order
 * @param witnessCommitmentScript the coinbase output carrying the BIP141 commitment, if any
 * @param segwitActive  whether the block enforces segwit (getblocktemplate's "!segwit" rule): only then does the
 *                      coinbase carry the witness reserved value (a pre-segwit block must have no witness data)
 */
public record WorkTemplate(int height, int version, Sha256Hash previousBlockHash, long bits, long curTime,
                           long minTime, long coinbaseValue, List<Transaction> transactions,
                           Optional<Script> witnessCommitmentScript, boolean segwitActive) {
    public WorkTemplate {
        Objects.requireNonNull(previousBlockHash, "previousBlockHash");
        Objects.requireNonNull(witnessCommitmentScript, "witnessCommitmentScript");
        transactions = List.copyOf(transactions);
        if (height < 1) throw new IllegalArgumentException("height must be >= 1");
        if (coinbaseValue < 0) throw new IllegalArgumentException("negative coinbase value");
    }

    public static WorkTemplate from(BlockTemplate t) {
        return new WorkTemplate(t.height(), t.version(), t.previousBlockHash(), t.bits(), t.curTime(), t.minTime(),
                t.coinbaseValue(), t.transactions().stream().map(TemplateTransaction::tx).toList(),
                t.witnessCommitmentScript(), t.segwitActive());
    }
}
