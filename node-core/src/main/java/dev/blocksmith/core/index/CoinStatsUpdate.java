package dev.blocksmith.core.index;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.chain.BlockUndo;
import dev.blocksmith.core.chain.Coin;
import dev.blocksmith.core.chain.UtxoSetStatistics;
import dev.blocksmith.core.crypto.MuHash3072;
import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxOut;
import java.util.List;
import java.util.Optional;

/**
 * How one block changes the coin statistics (bitcoind's CoinStatsIndex::CustomAppend and its reverse): the outputs it
 * creates enter the set, the coins its undo data lists leave it, provably unspendable outputs and unclaimed rewards
 * count as unspendable. The genesis block adds nothing to the set: its subsidy is unspendable. A coinbase that a
 * later duplicate overwrites (BIP30) is skipped and its subsidy counted as unspendable, as bitcoind does.
 */
final class CoinStatsUpdate {
    private CoinStatsUpdate() {
    }

    /** What a block is, beyond its content, for the statistics. */
    record BlockContext(int height, long subsidy, boolean overwrittenCoinbase) {}

    /**
     * Applies a block to {@code set} and returns its statistics.
     *
     * @param previous the statistics of the parent block, empty for the genesis block
     * @param undo     the coins the block spent, per non-coinbase transaction (empty for genesis)
     */
    static CoinStats connect(Optional<CoinStats> previous, MuHash3072 set, Block block, BlockUndo undo, BlockContext ctx) {
        long txouts = previous.map(CoinStats::txouts).orElse(0L);
        long bogo = previous.map(CoinStats::bogoSize).orElse(0L);
        long amount = previous.map(CoinStats::totalAmount).orElse(0L);
        long totalSubsidy = previous.map(CoinStats::totalSubsidy).orElse(0L) + ctx.subsidy();
        long prevoutSpent = 0;
        long coinbase = 0;
        long newOutputs = 0;
        long genesis = 0;
        long bip30 = 0;
        long scripts = 0;
        if (ctx.height() == 0) {
            genesis = ctx.subsidy();
        } else {
            List<Transaction> txs = block.transactions();
            checkUndo(txs, undo);
            for (int i = 0; i < txs.size(); i++) {
                Transaction tx = txs.get(i);
                if (tx.isCoinbase() && ctx.overwrittenCoinbase()) {
                    bip30 += ctx.subsidy();
                    continue;
                }
                for (int n = 0; n < tx.outputs().size(); n++) {
                    TxOut out = tx.outputs().get(n);
                    if (out.scriptPubKey().isUnspendable()) {
                        scripts += out.value();
                        continue;
                    }
                    set.insert(UtxoSetStatistics.txOutSer(new OutPoint(tx.txid(), n), new Coin(out, ctx.height(), tx.isCoinbase())));
                    if (tx.isCoinbase()) coinbase += out.value();
                    else newOutputs += out.value();
                    txouts++;
                    amount += out.value();
                    bogo += UtxoSetStatistics.bogoSize(out);
                }
                if (tx.isCoinbase()) continue;
                List<Coin> spent = undo.spentByTx().get(i - 1);
                for (int j = 0; j < spent.size(); j++) {
                    Coin coin = spent.get(j);
                    set.remove(UtxoSetStatistics.txOutSer(tx.inputs().get(j).prevout(), coin));
                    prevoutSpent += coin.output().value();
                    txouts--;
                    amount -= coin.output().value();
                    bogo -= UtxoSetStatistics.bogoSize(coin.output());
                }
            }
        }
        // What the miner could have claimed and did not is lost for good (bitcoind's unclaimed_rewards).
        long unclaimed = (prevoutSpent + ctx.subsidy()) - (newOutputs + coinbase + genesis + bip30 + scripts);
        CoinStats.BlockFlows flows = new CoinStats.BlockFlows(prevoutSpent, coinbase, newOutputs, genesis, bip30, scripts, unclaimed);
        long totalUnspendable = previous.map(CoinStats::totalUnspendable).orElse(0L) + flows.unspendable();
        return new CoinStats(set.digest(), txouts, bogo, amount, totalSubsidy, totalUnspendable, flows);
    }

    /** Takes a block back out of {@code set}: its outputs leave, the coins it spent return. */
    static void disconnect(MuHash3072 set, Block block, BlockUndo undo, BlockContext ctx) {
        if (ctx.height() == 0) return;
        List<Transaction> txs = block.transactions();
        checkUndo(txs, undo);
        for (int i = 0; i < txs.size(); i++) {
            Transaction tx = txs.get(i);
            if (tx.isCoinbase() && ctx.overwrittenCoinbase()) continue;
            for (int n = 0; n < tx.outputs().size(); n++) {
                TxOut out = tx.outputs().get(n);
                if (out.scriptPubKey().isUnspendable()) continue;
                set.remove(UtxoSetStatistics.txOutSer(new OutPoint(tx.txid(), n), new Coin(out, ctx.height(), tx.isCoinbase())));
            }
            if (tx.isCoinbase()) continue;
            List<Coin> spent = undo.spentByTx().get(i - 1);
            for (int j = 0; j < spent.size(); j++) {
                set.insert(UtxoSetStatistics.txOutSer(tx.inputs().get(j).prevout(), spent.get(j)));
            }
        }
    }

    private static void checkUndo(List<Transaction> txs, BlockUndo undo) {
        if (undo.spentByTx().size() != txs.size() - 1) {
            throw new IllegalStateException("undo data lists " + undo.spentByTx().size() + " transactions, the block has "
                    + (txs.size() - 1) + " besides the coinbase");
        }
    }
}
