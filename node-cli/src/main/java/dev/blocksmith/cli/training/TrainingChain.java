package dev.blocksmith.cli.training;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.block.BlockHeader;
import dev.blocksmith.core.block.MerkleTree;
import dev.blocksmith.core.consensus.Difficulty;
import dev.blocksmith.core.consensus.Subsidy;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.params.Networks;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.script.ScriptBuilder;
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
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Writes the training chain of the launcher's class-data archive (docs/configuration.md, "JVM start-up"): a regtest
 * chain in bitcoind's {@code -loadblock} layout (magic, 4-byte little-endian length, block) that the archive's training
 * run imports, so that the archive holds the classes and, on JDK >= 25, the method profiles (JEP 515) of block
 * validation, and the JIT of a syncing node compiles that code sooner.
 *
 * <p>A generic workload, not any benchmark's chain: keys drawn at random on every run; 110 blocks, then full blocks
 * whose transactions fan matured coinbases out into coins of the common output types (P2PKH, P2SH-P2WPKH, P2WPKH,
 * P2WSH 2-of-2 multisig, P2TR key path), and spend random coins in transactions of 1 to 40 inputs, every signature
 * real, until {@code INPUTS} inputs (default 12,000) are spent.
 *
 * <p>Usage: {@code java -cp node-cli.jar:lib/* dev.blocksmith.cli.training.TrainingChain OUT_FILE [INPUTS]}.
 */
public final class TrainingChain {
    private static final NetworkParams PARAMS = Networks.REGTEST;
    /** Coinbases mature after 100 blocks: the 10 first are spendable at height 111. */
    private static final int EMPTY_BLOCKS = 110;
    private static final int FAN_OUTS_PER_BLOCK = 3;
    private static final int FAN_OUT = 1_500;
    private static final int MAX_INPUTS_PER_SPEND = 40;
    private static final long COIN_VALUE = 1_000_000L;
    private static final long FEE_PER_INPUT = 500L;
    private static final int MAX_BLOCK_WEIGHT = 3_900_000;

    private final RandomGenerator random;
    private final TrainingKeys keys;
    private final OutputStream out;
    private final List<Coin> coinbases = new ArrayList<>();
    private final List<Coin> coins = new ArrayList<>();
    private final Map<OutputKind, Long> spentByKind = new EnumMap<>(OutputKind.class);
    private Sha256Hash tip = PARAMS.genesis().hash();
    private long tipTime = PARAMS.genesis().header().time();
    private int height;
    private long inputs;

    private TrainingChain(RandomGenerator random, OutputStream out) {
        this.random = random;
        this.keys = TrainingKeys.random(random);
        this.out = out;
    }

    /** What a training chain holds: its blocks, and the inputs its transactions spend by the type of coin. */
    record Summary(int blocks, Map<OutputKind, Long> spentByKind) {
        long inputs() {
            return spentByKind.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: TrainingChain OUT_FILE [INPUTS]");
            System.exit(2);
        }
        long target = args.length > 1 ? Long.parseLong(args[1]) : 12_000L;
        try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(Path.of(args[0])), 1 << 20)) {
            Summary summary = write(os, new SecureRandom(), target);
            System.out.printf("blocks=%d inputs=%d %s%n", summary.blocks(), summary.inputs(), summary.spentByKind());
        }
    }

    /** Writes a training chain that spends at least {@code targetInputs} inputs besides coinbases. */
    static Summary write(OutputStream out, RandomGenerator random, long targetInputs) throws IOException {
        TrainingChain chain = new TrainingChain(random, out);
        chain.generate(targetInputs);
        return new Summary(chain.height, Map.copyOf(chain.spentByKind));
    }

    private void generate(long targetInputs) throws IOException {
        for (int i = 0; i < EMPTY_BLOCKS; i++) mine(List.of(), 0);
        while (inputs < targetInputs) {
            List<Transaction> txs = new ArrayList<>();
            List<Coin> created = new ArrayList<>();
            long fees = 0;
            int weight = 4_000;
            for (int f = 0; f < FAN_OUTS_PER_BLOCK && !coinbases.isEmpty() && coinbases.get(0).height() + 100 <= height + 1; f++) {
                Transaction fan = fanOut(coinbases.remove(0), created);
                txs.add(fan);
                weight += fan.weight();
                fees += FEE_PER_INPUT;
            }
            while (!coins.isEmpty() && inputs < targetInputs) {
                List<Coin> spent = new ArrayList<>();
                int n = 1 + random.nextInt(MAX_INPUTS_PER_SPEND);
                for (int i = 0; i < n && !coins.isEmpty(); i++) {
                    int pick = random.nextInt(coins.size());
                    spent.add(coins.get(pick));
                    coins.set(pick, coins.get(coins.size() - 1));
                    coins.remove(coins.size() - 1);
                }
                List<Coin> outputs = new ArrayList<>();
                Transaction tx = spend(spent, outputs);
                if (weight + tx.weight() > MAX_BLOCK_WEIGHT) {
                    coins.addAll(spent);
                    break;
                }
                txs.add(tx);
                created.addAll(outputs);
                weight += tx.weight();
                fees += FEE_PER_INPUT * spent.size();
                inputs += spent.size();
                for (Coin c : spent) spentByKind.merge(c.kind(), 1L, Long::sum);
            }
            mine(txs, fees);
            coins.addAll(created);
        }
    }

    private OutputKind randomKind() {
        OutputKind[] kinds = OutputKind.values();
        return kinds[random.nextInt(kinds.length)];
    }

    private Transaction fanOut(Coin coinbase, List<Coin> created) {
        List<TxOut> outs = new ArrayList<>();
        List<OutputKind> kinds = new ArrayList<>();
        for (int i = 0; i < FAN_OUT; i++) {
            OutputKind kind = randomKind();
            kinds.add(kind);
            outs.add(new TxOut(COIN_VALUE, keys.scriptPubKey(kind)));
        }
        kinds.add(OutputKind.P2WPKH);
        outs.add(new TxOut(coinbase.output().value() - FAN_OUT * COIN_VALUE - FEE_PER_INPUT, keys.scriptPubKey(OutputKind.P2WPKH)));
        Transaction tx = sign(List.of(coinbase), outs);
        for (int i = 0; i < outs.size(); i++) created.add(new Coin(new OutPoint(tx.txid(), i), outs.get(i), kinds.get(i), height + 1));
        return tx;
    }

    /** A payment and its change, each of a random type. */
    private Transaction spend(List<Coin> spent, List<Coin> created) {
        long total = 0;
        for (Coin c : spent) total += c.output().value();
        long left = total - FEE_PER_INPUT * spent.size();
        long payment = left / 2 + random.nextLong(left / 4 + 1);
        OutputKind a = randomKind();
        OutputKind b = randomKind();
        List<TxOut> outs = List.of(new TxOut(payment, keys.scriptPubKey(a)), new TxOut(left - payment, keys.scriptPubKey(b)));
        Transaction tx = sign(spent, outs);
        created.add(new Coin(new OutPoint(tx.txid(), 0), outs.get(0), a, height + 1));
        created.add(new Coin(new OutPoint(tx.txid(), 1), outs.get(1), b, height + 1));
        return tx;
    }

    private Transaction sign(List<Coin> spent, List<TxOut> outs) {
        List<TxIn> ins = new ArrayList<>();
        for (Coin c : spent) ins.add(new TxIn(c.outPoint(), Script.EMPTY, TxIn.SEQUENCE_FINAL));
        return keys.sign(new Transaction(2, ins, outs, 0), spent);
    }

    private void mine(List<Transaction> txs, long fees) throws IOException {
        int next = height + 1;
        boolean anyWitness = txs.stream().anyMatch(Transaction::hasWitness);
        List<Sha256Hash> wtxids = new ArrayList<>();
        wtxids.add(Sha256Hash.ZERO);
        for (Transaction tx : txs) wtxids.add(tx.wtxid());
        Transaction coinbase = coinbase(next, Subsidy.at(next, PARAMS) + fees,
                anyWitness ? Optional.of(MerkleTree.root(wtxids)) : Optional.empty());
        List<Transaction> all = new ArrayList<>();
        all.add(coinbase);
        all.addAll(txs);
        List<Sha256Hash> txids = all.stream().map(Transaction::txid).toList();
        // Ten minutes apart from the genesis block's time: past the median time of the last eleven blocks, never in
        // the future. Regtest never retargets: every block has the genesis block's bits.
        tipTime += 600;
        long bits = PARAMS.genesis().header().bits();
        Block block = new Block(solve(new BlockHeader(0x20000000, tip, MerkleTree.root(txids), tipTime, bits, 0)), all);
        coinbases.add(new Coin(new OutPoint(coinbase.txid(), 0), coinbase.output(0), OutputKind.P2PKH, next));
        byte[] raw = block.serialize();
        out.write(PARAMS.magic());
        out.write(new byte[] {(byte) raw.length, (byte) (raw.length >>> 8), (byte) (raw.length >>> 16), (byte) (raw.length >>> 24)});
        out.write(raw);
        tip = block.hash();
        height = next;
    }

    /** BIP34's height first in the script signature, a random tag after it, and BIP141's commitment if needed. */
    private Transaction coinbase(int blockHeight, long value, Optional<Sha256Hash> witnessRoot) {
        byte[] tag = new byte[4];
        random.nextBytes(tag);
        Script scriptSig = new ScriptBuilder().number(blockHeight).data(tag).build();
        List<TxOut> outs = new ArrayList<>();
        outs.add(new TxOut(value, keys.scriptPubKey(OutputKind.P2PKH)));
        TxIn in = new TxIn(OutPoint.NULL, scriptSig, TxIn.SEQUENCE_FINAL);
        if (witnessRoot.isPresent()) {
            byte[] reserved = new byte[32];
            outs.add(new TxOut(0, Block.witnessCommitmentScript(Block.witnessCommitment(witnessRoot.get(), reserved))));
            in = in.withWitness(Witness.of(reserved));
        }
        return new Transaction(2, List.of(in), outs, 0);
    }

    private static BlockHeader solve(BlockHeader header) {
        BlockHeader h = header;
        while (!Difficulty.checkProofOfWork(h.hash(), h.bits(), PARAMS.powLimit())) h = h.withNonce(h.nonce() + 1);
        return h;
    }
}
