package dev.blocksmith.core.index;

import dev.blocksmith.core.primitives.ByteReader;
import dev.blocksmith.core.primitives.ByteWriter;
import dev.blocksmith.core.primitives.Sha256Hash;

/**
 * What the coin statistics index keeps for one block (bitcoind's coinstatsindex DBVal): the UTXO set after the block
 * (its MuHash3072 digest, output count, bogosize, amount) with the running totals of subsidy and unspendable amounts,
 * and what the block itself moved ({@link BlockFlows}, gettxoutsetinfo's block_info).
 *
 * <p>bitcoind stores running totals of the block flows too and subtracts the previous block's at query time; this
 * record keeps the block's own figures, which are the same numbers and cannot overflow over a long chain.
 *
 * @param totalSubsidy     the subsidy of every block up to this one
 * @param totalUnspendable what can never be spent, up to this block: genesis output, overwritten coinbases (BIP30),
 *                         provably unspendable scripts and unclaimed rewards
 */
public record CoinStats(Sha256Hash muhash, long txouts, long bogoSize, long totalAmount, long totalSubsidy,
                        long totalUnspendable, BlockFlows block) {

    /** The amounts one block moved (gettxoutsetinfo's block_info with coinstatsindex). */
    public record BlockFlows(long prevoutSpent, long coinbase, long newOutputsExCoinbase, long unspendableGenesis,
                             long unspendableBip30, long unspendableScripts, long unspendableUnclaimed) {
        /** Everything of the block that became unspendable. */
        public long unspendable() {
            return unspendableGenesis + unspendableBip30 + unspendableScripts + unspendableUnclaimed;
        }
    }

    byte[] serialize() {
        ByteWriter w = new ByteWriter(32 + 12 * 8);
        w.hash(muhash).i64le(txouts).i64le(bogoSize).i64le(totalAmount).i64le(totalSubsidy).i64le(totalUnspendable);
        w.i64le(block.prevoutSpent()).i64le(block.coinbase()).i64le(block.newOutputsExCoinbase())
                .i64le(block.unspendableGenesis()).i64le(block.unspendableBip30()).i64le(block.unspendableScripts())
                .i64le(block.unspendableUnclaimed());
        return w.toByteArray();
    }

    static CoinStats deserialize(byte[] bytes) {
        ByteReader r = new ByteReader(bytes);
        Sha256Hash muhash = r.hash();
        long txouts = r.i64le();
        long bogo = r.i64le();
        long amount = r.i64le();
        long subsidy = r.i64le();
        long unspendable = r.i64le();
        BlockFlows flows = new BlockFlows(r.i64le(), r.i64le(), r.i64le(), r.i64le(), r.i64le(), r.i64le(), r.i64le());
        return new CoinStats(muhash, txouts, bogo, amount, subsidy, unspendable, flows);
    }
}
