package dev.blocksmith.bench;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.block.BlockHeader;
import dev.blocksmith.core.block.MerkleTree;
import dev.blocksmith.core.consensus.Subsidy;
import dev.blocksmith.core.crypto.Secp256k1Verifier;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.params.Networks;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.script.Opcodes;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.script.ScriptBuilder;
import dev.blocksmith.core.script.ScriptInterpreter;
import dev.blocksmith.core.testing.TestBlocks;
import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.core.tx.TxOut;
import dev.blocksmith.core.tx.Witness;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Writes a large regtest chain for the pruning check (issue 14) as a bootstrap file in bitcoind's {@code -loadblock}
 * layout (magic, 4-byte little-endian length, block), fast and without signatures, yet every block consensus-valid:
 * <ul>
 *   <li>every coinbase pays a P2TR output whose only leaf is {@code OP_TRUE} (BIP341, internal key BIP341's
 *       unspendable point H, so the key path cannot be used);</li>
 *   <li>{@code smallBlocks} blocks with only a coinbase first: regtest prunes nothing at or below height 1000
 *       (bitcoind's PruneAfterHeight), so the big blocks come after it, as on mainnet where early blocks are small;</li>
 *   <li>then {@code bigBlocks} blocks of one extra transaction each, which spends the previous one's output (the
 *       first spends the coinbase of height 1) by script path, its witness ending in an annex (BIP341: a last witness
 *       element starting with 0x50) of {@code annexBytes}. The annex is committed to by the wtxid and so by the
 *       coinbase's witness commitment, weighs one unit a byte, and is non-standard: such blocks can only come as
 *       blocks, never through a mempool.</li>
 * </ul>
 * Proof of work: regtest's target accepts about every second nonce, and regtest never retargets.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.blocksmith.bench.PruneChainGenerator OUT_FILE BIG_BLOCKS [ANNEX_BYTES
 * [SMALL_BLOCKS]]} (annex 1,000,000 bytes, 1,000 small blocks by default). Prints one line: blocks, bytes, tip hash,
 * and the hashes of the first and last big block.
 */
public final class PruneChainGenerator {
    private static final NetworkParams PARAMS = Networks.REGTEST;
    /** BIP341's NUMS point H: the x coordinate of a point with no known discrete logarithm. */
    private static final byte[] NUMS_H = HexFormat.of().parseHex("50929b74c1a04954b78b4b6035e97a5e078a5a0f28ec96d547bfee9ace803ac0");
    private static final int TAPSCRIPT_LEAF = 0xc0;
    /** Consensus limit of a block (4 million weight units) less room for the header, coinbase and spend. */
    static final int MAX_ANNEX_BYTES = 3_990_000;

    private final OutputStream out;
    private final Script leafScript = new ScriptBuilder().op(Opcodes.OP_TRUE).build();
    private final Script payTo;
    private final byte[] controlBlock;
    private Sha256Hash prevHash = PARAMS.genesisHash();
    private long prevTime = PARAMS.genesis().header().time();
    private int height;
    private long bytes;
    private OutPoint spendable;
    private long spendableValue;

    PruneChainGenerator(OutputStream out) {
        this.out = out;
        byte[] leafHash = ScriptInterpreter.tapleafHash(TAPSCRIPT_LEAF, leafScript.bytes());
        byte[] q = Secp256k1Verifier.INSTANCE.tweakXOnly(NUMS_H, leafHash)
                .orElseThrow(() -> new IllegalStateException("BIP341 tweak of H failed"));
        this.payTo = new ScriptBuilder().op(Opcodes.OP_1).data(Arrays.copyOfRange(q, 1, 33)).build();
        // Control block: leaf version with the output key's parity, then the internal key; no path for one leaf.
        this.controlBlock = new byte[33];
        controlBlock[0] = (byte) (TAPSCRIPT_LEAF | (q[0] & 1));
        System.arraycopy(NUMS_H, 0, controlBlock, 1, 32);
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: PruneChainGenerator OUT_FILE BIG_BLOCKS [ANNEX_BYTES [SMALL_BLOCKS]]");
            System.exit(2);
        }
        int big = Integer.parseInt(args[1]);
        int annex = args.length > 2 ? Integer.parseInt(args[2]) : 1_000_000;
        int small = args.length > 3 ? Integer.parseInt(args[3]) : 1_000;
        if (annex < 1 || annex > MAX_ANNEX_BYTES) throw new IllegalArgumentException("ANNEX_BYTES must be 1.." + MAX_ANNEX_BYTES);
        if (small < 101) throw new IllegalArgumentException("SMALL_BLOCKS must be at least 101 (coinbase maturity)");
        try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(Path.of(args[0])), 1 << 22)) {
            PruneChainGenerator g = new PruneChainGenerator(os);
            List<Sha256Hash> bigHashes = g.generate(small, big, annex);
            System.out.printf("blocks=%d bytes=%d tip=%s first_big=%s last_big=%s%n", g.height, g.bytes, g.prevHash,
                    bigHashes.isEmpty() ? "-" : bigHashes.get(0), bigHashes.isEmpty() ? "-" : bigHashes.get(bigHashes.size() - 1));
        }
    }

    /** Writes the chain; returns the hashes of the big blocks. */
    List<Sha256Hash> generate(int smallBlocks, int bigBlocks, int annexBytes) throws IOException {
        for (int i = 0; i < smallBlocks; i++) mine(List.of());
        byte[] annex = new byte[annexBytes];
        annex[0] = 0x50;
        List<Sha256Hash> hashes = new ArrayList<>(bigBlocks);
        for (int i = 0; i < bigBlocks; i++) {
            // The block's number in the annex, so that no two annexes are alike.
            for (int b = 0; b < 4 && 1 + b < annexBytes; b++) annex[1 + b] = (byte) (i >>> (8 * b));
            Transaction spend = new Transaction(2,
                    List.of(new TxIn(spendable, Script.EMPTY, TxIn.SEQUENCE_FINAL)
                            .withWitness(Witness.of(leafScript.bytes(), controlBlock, annex))),
                    List.of(new TxOut(spendableValue, payTo)), 0);
            mine(List.of(spend));
            spendable = new OutPoint(spend.txid(), 0);
            hashes.add(prevHash);
        }
        return hashes;
    }

    private void mine(List<Transaction> txs) throws IOException {
        height++;
        boolean witness = !txs.isEmpty();
        List<Sha256Hash> wtxids = new ArrayList<>();
        wtxids.add(Sha256Hash.ZERO);
        for (Transaction tx : txs) wtxids.add(tx.wtxid());
        Transaction coinbase = TestBlocks.coinbase(height, payTo, Subsidy.at(height, PARAMS), 0, witness,
                MerkleTree.root(wtxids));
        if (height == 1) {
            spendable = new OutPoint(coinbase.txid(), 0);
            spendableValue = coinbase.output(0).value();
        }
        List<Transaction> all = new ArrayList<>();
        all.add(coinbase);
        all.addAll(txs);
        List<Sha256Hash> txids = new ArrayList<>();
        for (Transaction tx : all) txids.add(tx.txid());
        // One second a block keeps every block above its median time past; regtest keeps powLimit bits throughout.
        prevTime++;
        BlockHeader h = new BlockHeader(0x20000000, prevHash, MerkleTree.root(txids), prevTime, PARAMS.genesis().header().bits(), 0);
        Block block = new Block(TestBlocks.solve(h, PARAMS), all);
        byte[] raw = block.serialize();
        out.write(PARAMS.magic());
        out.write(new byte[] {(byte) raw.length, (byte) (raw.length >>> 8), (byte) (raw.length >>> 16), (byte) (raw.length >>> 24)});
        out.write(raw);
        bytes += 8 + raw.length;
        prevHash = block.hash();
    }
}
