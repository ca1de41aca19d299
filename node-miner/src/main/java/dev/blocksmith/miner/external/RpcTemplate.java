package dev.blocksmith.miner.external;

import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.miner.template.WorkTemplate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A getblocktemplate answer reduced to the standard fields a solo miner uses.
 *
 * @param work the block-building facts
 * @param longPollId the {@code longpollid} to pass to the next, blocking, request
 */
public record RpcTemplate(WorkTemplate work, Optional<String> longPollId) {
    public RpcTemplate {
        Objects.requireNonNull(work, "work");
        Objects.requireNonNull(longPollId, "longPollId");
    }

    /**
     * Builds a template from getblocktemplate's JSON values as they appear on the wire.
     *
     * @param previousBlockHash {@code previousblockhash}, display (RPC) byte order
     * @param transactionData {@code transactions[].data}, raw transactions in hex, in block order
     * @param bits {@code bits}, the compact target as 8 hex digits
     * @param defaultWitnessCommitment {@code default_witness_commitment}, the commitment output script in hex
     * @param segwitActive {@code rules} holds {@code "!segwit"}: the block enforces segwit
     * @throws IllegalArgumentException or {@link dev.blocksmith.core.primitives.SerializationException} when a
     *     value is malformed
     */
    public static RpcTemplate fromFields(int version, String previousBlockHash, List<String> transactionData,
                                         long coinbaseValue, String bits, long curTime, long minTime, int height,
                                         Optional<String> defaultWitnessCommitment, boolean segwitActive,
                                         Optional<String> longPollId) {
        List<Transaction> txs = transactionData.stream().map(Transaction::fromHex).toList();
        long compact;
        try {
            compact = Long.parseLong(bits, 16);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad bits " + bits, e);
        }
        if (bits.length() != 8) throw new IllegalArgumentException("bad bits " + bits);
        WorkTemplate work = new WorkTemplate(height, version, Sha256Hash.fromHex(previousBlockHash), compact, curTime,
                minTime, coinbaseValue, txs, defaultWitnessCommitment.map(Script::fromHex), segwitActive);
        return new RpcTemplate(work, longPollId);
    }
}
