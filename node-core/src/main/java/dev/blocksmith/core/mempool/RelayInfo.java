package dev.blocksmith.core.mempool;

import dev.blocksmith.core.tx.Transaction;

/**
 * One mempool transaction as transaction relay sees it (bitcoind's TxMempoolInfo plus what its
 * announcement order needs).
 *
 * @param fee base fee in satoshis (BIP133 fee filters compare it)
 * @param modifiedFee fee with prioritisetransaction's delta (announcement order)
 * @param ancestorCount in-mempool ancestors including itself (parents are announced before children)
 * @param relaySequence the mempool's relay sequence when it entered; 0 if it returned from a
 *     disconnected block
 */
public record RelayInfo(Transaction tx, long fee, long modifiedFee, int vsize, long ancestorCount, long relaySequence) {
}
