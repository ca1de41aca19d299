package dev.blocksmith.core.chain;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.mempool.Mempool;
import dev.blocksmith.core.mempool.MempoolEntry;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.core.tx.TxOut;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * getdescriptoractivity's search (bitcoind's): the spends of and payments to a set of output scripts in some blocks
 * of the best chain, in height order, and optionally in the mempool. In each transaction the spends (read from the
 * block's undo data) come before the receives, inputs and outputs in order.
 */
public final class ScriptActivity {
    private ScriptActivity() {
    }

    /** One event: {@code block} empty for a mempool transaction. */
    public sealed interface Event permits Spend, Receive {
        Optional<BlockIndex> block();
    }

    /** An input of {@code tx} spending {@code spent}, an output paying a watched script. */
    public record Spend(Optional<BlockIndex> block, Transaction tx, int vin, TxOut spent) implements Event {
        public OutPoint prevout() {
            return tx.input(vin).prevout();
        }
    }

    /** Output {@code vout} of {@code tx} paying a watched script. */
    public record Receive(Optional<BlockIndex> block, Transaction tx, int vout) implements Event {
        public TxOut output() {
            return tx.output(vout);
        }
    }

    /**
     * @param blocks blocks of the best chain (duplicates are searched once), searched from the lowest
     * @param mempool the mempool to search too, if asked
     */
    public static List<Event> find(ChainManager chain, Collection<BlockIndex> blocks, Set<Script> scripts, Optional<Mempool> mempool) {
        List<Event> out = new ArrayList<>();
        List<BlockIndex> sorted = blocks.stream().distinct().sorted(java.util.Comparator.comparingInt(BlockIndex::height)).toList();
        for (BlockIndex index : sorted) {
            Block block = chain.block(index.hash()).orElseThrow(() -> new IllegalStateException("Block not available (pruned data)"));
            BlockUndo undo = index.height() == 0 ? new BlockUndo(List.of())
                    : chain.undo(index.hash()).orElseThrow(() -> new IllegalStateException("Undo data not available (pruned data)"));
            List<Transaction> txs = block.transactions();
            for (int i = 0; i < txs.size(); i++) {
                Transaction tx = txs.get(i);
                if (!tx.isCoinbase()) {
                    List<Coin> spent = undo.spentByTx().get(i - 1);
                    for (int vin = 0; vin < tx.inputs().size(); vin++) {
                        TxOut prev = spent.get(vin).output();
                        if (scripts.contains(prev.scriptPubKey())) out.add(new Spend(Optional.of(index), tx, vin, prev));
                    }
                }
                receives(Optional.of(index), tx, scripts, out);
            }
        }
        if (mempool.isPresent()) {
            for (MempoolEntry e : mempool.get().entries()) {
                Transaction tx = e.tx();
                for (int vin = 0; vin < tx.inputs().size(); vin++) {
                    TxIn in = tx.input(vin);
                    // The coin from the chain, else from its parent in the mempool.
                    Optional<TxOut> prev = chain.coin(in.prevout()).map(Coin::output)
                            .or(() -> mempool.get().get(in.prevout().txid()).filter(p -> in.prevout().index() < p.outputs().size())
                                    .map(p -> p.output((int) in.prevout().index())));
                    if (prev.isPresent() && scripts.contains(prev.get().scriptPubKey())) out.add(new Spend(Optional.empty(), tx, vin, prev.get()));
                }
                receives(Optional.empty(), tx, scripts, out);
            }
        }
        return out;
    }

    private static void receives(Optional<BlockIndex> block, Transaction tx, Set<Script> scripts, List<Event> out) {
        for (int vout = 0; vout < tx.outputs().size(); vout++) {
            if (scripts.contains(tx.output(vout).scriptPubKey())) out.add(new Receive(block, tx, vout));
        }
    }
}
