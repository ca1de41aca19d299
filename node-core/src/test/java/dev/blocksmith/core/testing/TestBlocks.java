package dev.blocksmith.core.testing;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.block.BlockHeader;
import dev.blocksmith.core.block.MerkleTree;
import dev.blocksmith.core.chain.BlockIndex;
import dev.blocksmith.core.consensus.Difficulty;
import dev.blocksmith.core.consensus.DifficultyCalculator;
import dev.blocksmith.core.consensus.Subsidy;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.script.Opcodes;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.script.ScriptBuilder;
import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.core.tx.TxOut;
import dev.blocksmith.core.tx.Witness;
import java.util.ArrayList;
import java.util.List;

/** Builds valid regtest-style blocks for tests (shared with other modules through the test-jar). */
public final class TestBlocks {
    private TestBlocks() {
    }

    /** A simple P2WPKH-shaped script with a recognisable program, for paying coinbases in tests. */
    public static Script p2wpkhScript(int tag) {
        byte[] program = new byte[20];
        program[0] = (byte) tag;
        program[19] = (byte) (tag >>> 8);
        return new ScriptBuilder().op(Opcodes.OP_0).data(program).build();
    }

    /** Coinbase with the BIP34 height push, an extra tag (to make distinct coinbases) and a commitment. */
    public static Transaction coinbase(int height, Script payTo, long value, int tag, boolean witnessCommitment,
                                       Sha256Hash witnessRoot) {
        Script sig = new ScriptBuilder().number(height).data(new byte[] {(byte) tag, (byte) (tag >>> 8), 0x42}).build();
        List<TxOut> outs = new ArrayList<>();
        outs.add(new TxOut(value, payTo));
        TxIn in = new TxIn(OutPoint.NULL, sig, TxIn.SEQUENCE_FINAL);
        if (witnessCommitment) {
            byte[] reserved = new byte[32];
            outs.add(new TxOut(0, Block.witnessCommitmentScript(Block.witnessCommitment(witnessRoot, reserved))));
            in = in.withWitness(Witness.of(reserved));
        }
        return new Transaction(2, List.of(in), outs, 0);
    }

    /** Builds and mines a block on {@code prev} with the given transactions, paying subsidy + fees. */
    public static Block nextBlock(NetworkParams params, BlockIndex prev, Script payTo, List<Transaction> txs, long fees,
                                  int tag) {
        int height = prev.height() + 1;
        long time = Math.max(prev.medianTimePast() + 1, prev.time() + 1);
        long bits = DifficultyCalculator.nextWorkRequired(prev, time, params);
        boolean anyWitness = txs.stream().anyMatch(Transaction::hasWitness);
        List<Sha256Hash> wtxids = new ArrayList<>();
        wtxids.add(Sha256Hash.ZERO);
        for (Transaction tx : txs) wtxids.add(tx.wtxid());
        Transaction cb = coinbase(height, payTo, Subsidy.at(height, params) + fees, tag, anyWitness, MerkleTree.root(wtxids));
        List<Transaction> all = new ArrayList<>();
        all.add(cb);
        all.addAll(txs);
        List<Sha256Hash> txids = new ArrayList<>();
        for (Transaction tx : all) txids.add(tx.txid());
        BlockHeader h = new BlockHeader(0x20000000, prev.hash(), MerkleTree.root(txids), time, bits, 0);
        return new Block(solve(h, params), all);
    }

    /** Increments the nonce until the header meets its target. */
    public static BlockHeader solve(BlockHeader h, NetworkParams params) {
        BlockHeader cur = h;
        while (!Difficulty.checkProofOfWork(cur.hash(), cur.bits(), params.powLimit())) {
            cur = cur.withNonce(cur.nonce() + 1);
        }
        return cur;
    }
}
