package dev.blocksmith.miner.template;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.primitives.Sha256Hash;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

/**
 * Everything needed to build a block on a given tip except the coinbase's payee and extranonce:
 * the content of bitcoind's getblocktemplate.
 *
 * @param witnessCommitment the coinbase commitment output script's value (bitcoind adds it before segwit too)
 * @param segwitActive      whether the block enforces segwit, so that its coinbase carries the witness reserved value
 */
public record BlockTemplate(int height, Sha256Hash previousBlockHash, int version, long bits, BigInteger target,
                            long curTime, long minTime, long coinbaseValue, List<TemplateTransaction> transactions,
                            Optional<Sha256Hash> witnessCommitment, boolean segwitActive, long sigopLimit, long weightLimit) {
    public BlockTemplate {
        transactions = List.copyOf(transactions);
    }

    /** The fees of the chosen transactions. */
    public long fees() {
        long f = 0;
        for (TemplateTransaction t : transactions) f += t.fee();
        return f;
    }

    /** A commitment script as the coinbase carries it (bitcoind's default_witness_commitment). */
    public Optional<dev.blocksmith.core.script.Script> witnessCommitmentScript() {
        return witnessCommitment.map(Block::witnessCommitmentScript);
    }
}
