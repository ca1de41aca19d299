package dev.blocksmith.storage;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.block.BlockHeader;
import dev.blocksmith.core.block.MerkleTree;
import dev.blocksmith.core.chain.BlockIndex;
import dev.blocksmith.core.consensus.DifficultyCalculator;
import dev.blocksmith.core.consensus.Subsidy;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.params.Networks;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.script.Opcodes;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.script.ScriptBuilder;
import dev.blocksmith.core.testing.TestBlocks;
import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.core.tx.TxOut;
import java.util.ArrayList;
import java.util.List;

/**
 * A regtest chain that is a pure function of the height, so a process that was killed, and the test that checks
 * it, build exactly the same blocks: each block's coinbase pays 20 OP_TRUE outputs; from height 101 a transaction
 * spends the coinbase of 100 blocks before into 40 outputs, and another spends 20 of the previous block's 40. The
 * UTXO set grows and churns (coins created and spent a block later, others left) with no signature to make.
 */
final class ChurnChain {
    static final NetworkParams PARAMS = Networks.REGTEST;
    private static final Script OP_TRUE = new ScriptBuilder().op(Opcodes.OP_TRUE).build();
    private static final int COINBASE_OUTPUTS = 20;
    private static final int FAN_OUTPUTS = 40;

    private ChurnChain() {
    }

    /** The block at {@code prev.height() + 1}. */
    static Block next(BlockIndex prev) {
        int height = prev.height() + 1;
        List<Transaction> txs = new ArrayList<>();
        txs.add(coinbase(height));
        if (height > 100) txs.add(fanOut(height));
        if (height > 101) txs.add(churn(height));
        long time = prev.time() + 1;
        long bits = DifficultyCalculator.nextWorkRequired(prev, time, PARAMS);
        List<Sha256Hash> txids = new ArrayList<>();
        for (Transaction tx : txs) txids.add(tx.txid());
        BlockHeader h = new BlockHeader(0x20000000, prev.hash(), MerkleTree.root(txids), time, bits, 0);
        return new Block(TestBlocks.solve(h, PARAMS), txs);
    }

    private static Transaction coinbase(int height) {
        Script sig = new ScriptBuilder().number(height).data(new byte[] {0x42}).build();
        long each = Subsidy.at(height, PARAMS) / COINBASE_OUTPUTS;
        List<TxOut> outs = new ArrayList<>();
        for (int i = 0; i < COINBASE_OUTPUTS; i++) outs.add(new TxOut(each, OP_TRUE));
        return new Transaction(2, List.of(new TxIn(OutPoint.NULL, sig, TxIn.SEQUENCE_FINAL)), outs, 0);
    }

    /** Spends every output of the coinbase at {@code height - 100} (mature now) into 40 coins. */
    private static Transaction fanOut(int height) {
        Transaction cb = coinbase(height - 100);
        List<TxIn> ins = new ArrayList<>();
        long total = 0;
        for (int i = 0; i < cb.outputs().size(); i++) {
            ins.add(new TxIn(new OutPoint(cb.txid(), i), Script.EMPTY, TxIn.SEQUENCE_FINAL));
            total += cb.output(i).value();
        }
        return new Transaction(2, ins, split(total, FAN_OUTPUTS), 0);
    }

    /** Spends the even outputs of the previous block's fan-out into 3 coins: a coin lives one block, or for good. */
    private static Transaction churn(int height) {
        Transaction previous = fanOut(height - 1);
        List<TxIn> ins = new ArrayList<>();
        long total = 0;
        for (int i = 0; i < FAN_OUTPUTS; i += 2) {
            ins.add(new TxIn(new OutPoint(previous.txid(), i), Script.EMPTY, TxIn.SEQUENCE_FINAL));
            total += previous.output(i).value();
        }
        return new Transaction(2, ins, split(total, 3), 0);
    }

    private static List<TxOut> split(long total, int n) {
        List<TxOut> outs = new ArrayList<>();
        for (int i = 0; i < n; i++) outs.add(new TxOut(i == n - 1 ? total - (total / n) * (n - 1) : total / n, OP_TRUE));
        return outs;
    }
}
