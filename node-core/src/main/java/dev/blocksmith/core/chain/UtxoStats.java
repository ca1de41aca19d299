package dev.blocksmith.core.chain;

import dev.blocksmith.core.primitives.Sha256Hash;
import java.util.Optional;

/**
 * The figures of the UTXO set at one tip, as bitcoind's gettxoutsetinfo reports them.
 *
 * @param hash hash_serialized_3 or muhash of the set, as {@link UtxoSetStatistics.HashType} asked; empty for "none"
 */
public record UtxoStats(int height, Sha256Hash bestBlock, long txouts, long transactions, long totalAmount, long bogoSize,
                        Optional<Sha256Hash> hash) {
}
