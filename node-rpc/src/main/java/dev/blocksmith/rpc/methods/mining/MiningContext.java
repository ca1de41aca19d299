package dev.blocksmith.rpc.methods.mining;

import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.miner.BlockGenerator;
import dev.blocksmith.miner.template.BlockTemplateBuilder;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.tx.Transaction;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * What the mining methods share: the chain, template building, the in-process generator, and the
 * mempool's size and change counter (for {@code pooledtx} and long-poll ids).
 *
 * @param mempoolSize transactions in the mempool
 * @param mempoolSequence increases whenever the mempool's contents change
 * @param mempoolTx a mempool transaction by txid (for generateblock)
 */
public record MiningContext(ChainManager chain, BlockTemplateBuilder templates, BlockGenerator generator,
                            IntSupplier mempoolSize, LongSupplier mempoolSequence,
                            Function<Sha256Hash, Optional<Transaction>> mempoolTx) {
}
