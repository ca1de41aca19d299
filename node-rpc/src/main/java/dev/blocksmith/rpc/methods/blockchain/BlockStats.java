package dev.blocksmith.rpc.methods.blockchain;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.chain.BlockUndo;
import dev.blocksmith.core.chain.Coin;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxOut;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * The figures of {@code getblockstats} for one block, computed as bitcoind does: fees from the spent
 * outputs in the block's undo data, fee rates in satoshis per virtual byte (integer division), the
 * coinbase left out of every per-transaction figure, medians truncated and fee-rate percentiles by
 * weight. All amounts are in satoshis, as in bitcoind's getblockstats.
 */
record BlockStats(long avgFee, long avgFeeRate, long avgTxSize, long[] feeRatePercentiles, long ins, long maxFee,
                  long maxFeeRate, long maxTxSize, long medianFee, long medianTxSize, long minFee, long minFeeRate,
                  long minTxSize, long outs, long swTotalSize, long swTotalWeight, long swTxs, long totalOut,
                  long totalSize, long totalWeight, long totalFee, long txs, long utxoIncrease, long utxoSizeInc,
                  long utxoIncreaseActual, long utxoSizeIncActual) {
    /** Core's PER_UTXO_OVERHEAD: outpoint (36), height and coinbase flag (4), the bool kept in memory (1). */
    static final int PER_UTXO_OVERHEAD = 36 + 4 + 1;
    private static final int WITNESS_SCALE_FACTOR = 4;

    /**
     * @param block       the block
     * @param undo        its undo data (the outputs each non-coinbase transaction spent)
     * @param genesis     the genesis block, whose outputs never entered the UTXO set
     * @param bip30Repeat one of the BIP30 repeats, whose coinbase outputs replaced existing ones
     */
    static BlockStats compute(Block block, BlockUndo undo, boolean genesis, boolean bip30Repeat) {
        List<Transaction> txs = block.transactions();
        long outputs = 0, inputs = 0, totalOut = 0, utxos = 0, utxoSizeInc = 0, utxoSizeIncActual = 0;
        long totalSize = 0, totalWeight = 0, maxTxSize = 0, minTxSize = Long.MAX_VALUE;
        long swTxs = 0, swTotalSize = 0, swTotalWeight = 0;
        long totalFee = 0, maxFee = 0, minFee = Long.MAX_VALUE, maxFeeRate = 0, minFeeRate = Long.MAX_VALUE;
        List<Long> fees = new ArrayList<>();
        List<Long> sizes = new ArrayList<>();
        List<long[]> feeRates = new ArrayList<>();
        for (int i = 0; i < txs.size(); i++) {
            Transaction tx = txs.get(i);
            outputs += tx.outputs().size();
            long txOut = 0;
            for (TxOut out : tx.outputs()) {
                txOut += out.value();
                long size = serializedSize(out) + PER_UTXO_OVERHEAD;
                utxoSizeInc += size;
                if (genesis || (bip30Repeat && tx.isCoinbase())) continue;
                if (out.scriptPubKey().isUnspendable()) continue;
                utxos++;
                utxoSizeIncActual += size;
            }
            if (tx.isCoinbase()) continue;
            inputs += tx.inputs().size();
            totalOut += txOut;
            long size = tx.totalSize();
            sizes.add(size);
            maxTxSize = Math.max(maxTxSize, size);
            minTxSize = Math.min(minTxSize, size);
            totalSize += size;
            long weight = tx.weight();
            totalWeight += weight;
            if (tx.hasWitness()) {
                swTxs++;
                swTotalSize += size;
                swTotalWeight += weight;
            }
            long txIn = 0;
            for (Coin spent : undo.spentByTx().get(i - 1)) {
                txIn += spent.output().value();
                long prevSize = serializedSize(spent.output()) + PER_UTXO_OVERHEAD;
                utxoSizeInc -= prevSize;
                utxoSizeIncActual -= prevSize;
            }
            long fee = txIn - txOut;
            fees.add(fee);
            maxFee = Math.max(maxFee, fee);
            minFee = Math.min(minFee, fee);
            totalFee += fee;
            long feeRate = weight == 0 ? 0 : fee * WITNESS_SCALE_FACTOR / weight;
            feeRates.add(new long[] {feeRate, weight});
            maxFeeRate = Math.max(maxFeeRate, feeRate);
            minFeeRate = Math.min(minFeeRate, feeRate);
        }
        long nonCoinbase = txs.size() - 1;
        return new BlockStats(
                nonCoinbase > 0 ? totalFee / nonCoinbase : 0,
                totalWeight > 0 ? totalFee * WITNESS_SCALE_FACTOR / totalWeight : 0,
                nonCoinbase > 0 ? totalSize / nonCoinbase : 0,
                percentilesByWeight(feeRates, totalWeight),
                inputs, maxFee, maxFeeRate, maxTxSize, truncatedMedian(fees), truncatedMedian(sizes),
                minFee == Long.MAX_VALUE ? 0 : minFee,
                minFeeRate == Long.MAX_VALUE ? 0 : minFeeRate,
                minTxSize == Long.MAX_VALUE ? 0 : minTxSize,
                outputs, swTotalSize, swTotalWeight, swTxs, totalOut, totalSize, totalWeight, totalFee, txs.size(),
                outputs - inputs, utxoSizeInc, utxos - inputs, utxoSizeIncActual);
    }

    /** A TxOut's serialized size: value, script length (CompactSize) and script. */
    static long serializedSize(TxOut out) {
        int len = out.scriptPubKey().length();
        int prefix = len < 0xfd ? 1 : len <= 0xffff ? 3 : 5;
        return 8 + prefix + len;
    }

    /** Core's CalculateTruncatedMedian: the mean of the two middle values, rounded down, for even counts. */
    static long truncatedMedian(List<Long> values) {
        if (values.isEmpty()) return 0;
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 0 ? (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2 : sorted.get(n / 2);
    }

    /**
     * Core's CalculatePercentilesByWeight: the fee rates at the 10th, 25th, 50th, 75th and 90th
     * percentile of the block's weight, transactions ordered by fee rate (then weight).
     */
    static long[] percentilesByWeight(List<long[]> feeRateAndWeight, long totalWeight) {
        long[] result = new long[5];
        if (feeRateAndWeight.isEmpty()) return result;
        List<long[]> sorted = new ArrayList<>(feeRateAndWeight);
        sorted.sort(Comparator.<long[]>comparingLong(e -> e[0]).thenComparingLong(e -> e[1]));
        double[] marks = {totalWeight / 10.0, totalWeight / 4.0, totalWeight / 2.0, totalWeight * 3.0 / 4.0, totalWeight * 9.0 / 10.0};
        int next = 0;
        long cumulative = 0;
        for (long[] e : sorted) {
            cumulative += e[1];
            while (next < marks.length && cumulative >= marks[next]) result[next++] = e[0];
        }
        while (next < marks.length) result[next++] = sorted.get(sorted.size() - 1)[0];
        return result;
    }
}
