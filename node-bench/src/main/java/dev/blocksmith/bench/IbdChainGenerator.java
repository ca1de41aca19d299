package dev.blocksmith.bench;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.core.chain.ChainOptions;
import dev.blocksmith.core.consensus.ValidationException;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.params.Networks;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.store.MemoryKeyValueStore;
import dev.blocksmith.core.testing.TestBlocks;
import dev.blocksmith.core.testing.TestWallet;
import dev.blocksmith.core.testing.TestWallet.Kind;
import dev.blocksmith.core.testing.TestWallet.Utxo;
import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.core.tx.TxOut;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Writes the initial-sync benchmark chain (issue 13) as a regtest bootstrap file in bitcoind's {@code -loadblock}
 * layout (magic, 4-byte little-endian length, block): 220 blocks whose coinbases pay the generator's key, then
 * full blocks (up to about 3.9 million weight units) that each fan a few coinbases out into thousands of P2WPKH,
 * P2TR (key path) and P2WSH 2-of-2 multisig coins and spend earlier coins in transactions of many inputs, until
 * the requested number of inputs has been spent. Fan-outs create more coins per block than the spends consume,
 * so the UTXO set grows along the chain. Every signature is real, so both nodes verify every script.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.blocksmith.bench.IbdChainGenerator OUT_FILE [INPUTS]}
 * (default 100,000 inputs). Prints one summary line: blocks, transactions, inputs, tip hash.
 */
public final class IbdChainGenerator {
    private static final NetworkParams PARAMS = Networks.REGTEST;
    private static final Kind[] KINDS = {Kind.P2WPKH, Kind.P2TR_KEY, Kind.P2WSH_MULTISIG};
    private static final long COIN = 100_000L;
    private static final long FEE_PER_INPUT = 500L;
    private static final int FAN_OUT = 2_000;
    private static final int FAN_OUTS_PER_BLOCK = 4;
    private static final int INPUTS_PER_SPEND = 100;
    private static final int MAX_BLOCK_WEIGHT = 3_900_000;

    private final TestWallet wallet = new TestWallet();
    private final ChainManager chain;
    private final OutputStream out;
    private final Deque<Utxo> coinbases = new ArrayDeque<>();
    private final Deque<Utxo> coins = new ArrayDeque<>();
    private int blocks;
    private long transactions;
    private long inputs;
    private int kindTurn;

    private IbdChainGenerator(OutputStream out) {
        this.out = out;
        // Scripts are signed by this generator and checked by the nodes under test; the builder skips them.
        this.chain = ChainManager.open(PARAMS, new MemoryKeyValueStore(), (block, spent, flags) -> { },
                ChainOptions.defaults(), () -> System.currentTimeMillis() / 1000);
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: IbdChainGenerator OUT_FILE [INPUTS]");
            System.exit(2);
        }
        long target = args.length > 1 ? Long.parseLong(args[1]) : 100_000L;
        Path file = Path.of(args[0]);
        try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            IbdChainGenerator g = new IbdChainGenerator(os);
            g.generate(target);
            System.out.printf("blocks=%d txs=%d inputs=%d utxos=%d tip=%s%n", g.blocks, g.transactions, g.inputs,
                    g.coins.size() + g.coinbases.size(), g.chain.tip().hash());
        }
    }

    private void generate(long targetInputs) throws ValidationException, IOException {
        // Coinbases become spendable 100 blocks later.
        for (int i = 0; i < 220; i++) mine(List.of(), 0);
        while (inputs < targetInputs) {
            List<Transaction> txs = new ArrayList<>();
            List<Utxo> created = new ArrayList<>();
            long fees = 0;
            int weight = 4_000;
            for (int f = 0; f < FAN_OUTS_PER_BLOCK && coinbases.size() > 100; f++) {
                Utxo cb = coinbases.pollFirst();
                Transaction fan = fanOut(cb, created);
                txs.add(fan);
                weight += fan.weight();
                fees += FEE_PER_INPUT;
            }
            while (coins.size() >= INPUTS_PER_SPEND && inputs < targetInputs) {
                List<Utxo> spent = new ArrayList<>();
                for (int i = 0; i < INPUTS_PER_SPEND; i++) spent.add(coins.pollFirst());
                Transaction tx = spend(spent, created);
                if (weight + tx.weight() > MAX_BLOCK_WEIGHT) {
                    for (int i = spent.size() - 1; i >= 0; i--) coins.addFirst(spent.get(i));
                    created.subList(created.size() - 2, created.size()).clear();
                    break;
                }
                txs.add(tx);
                weight += tx.weight();
                fees += FEE_PER_INPUT * INPUTS_PER_SPEND;
                inputs += INPUTS_PER_SPEND;
            }
            mine(txs, fees);
            coins.addAll(created);
        }
    }

    private Kind nextKind() {
        return KINDS[kindTurn++ % KINDS.length];
    }

    private Transaction fanOut(Utxo cb, List<Utxo> created) {
        List<TxOut> outs = new ArrayList<>();
        List<Kind> kinds = new ArrayList<>();
        for (int i = 0; i < FAN_OUT; i++) {
            Kind k = nextKind();
            kinds.add(k);
            outs.add(new TxOut(COIN, wallet.scriptPubKey(k)));
        }
        long change = cb.output().value() - FAN_OUT * COIN - FEE_PER_INPUT;
        outs.add(new TxOut(change, wallet.scriptPubKey(Kind.P2WPKH)));
        kinds.add(Kind.P2WPKH);
        Transaction tx = sign(List.of(cb), outs);
        for (int i = 0; i < outs.size(); i++) created.add(new Utxo(new OutPoint(tx.txid(), i), outs.get(i), kinds.get(i)));
        return tx;
    }

    private Transaction spend(List<Utxo> spent, List<Utxo> created) {
        long total = 0;
        for (Utxo u : spent) total += u.output().value();
        long left = total - FEE_PER_INPUT * spent.size();
        Kind a = nextKind();
        Kind b = nextKind();
        List<TxOut> outs = List.of(new TxOut(left / 2, wallet.scriptPubKey(a)), new TxOut(left - left / 2, wallet.scriptPubKey(b)));
        Transaction tx = sign(spent, outs);
        created.add(new Utxo(new OutPoint(tx.txid(), 0), outs.get(0), a));
        created.add(new Utxo(new OutPoint(tx.txid(), 1), outs.get(1), b));
        return tx;
    }

    private Transaction sign(List<Utxo> spent, List<TxOut> outs) {
        List<TxIn> ins = new ArrayList<>();
        for (Utxo u : spent) ins.add(new TxIn(u.outPoint(), Script.EMPTY, TxIn.SEQUENCE_FINAL));
        return wallet.sign(new Transaction(2, ins, outs, 0), spent);
    }

    private void mine(List<Transaction> txs, long fees) throws ValidationException, IOException {
        Block b = TestBlocks.nextBlock(PARAMS, chain.tip().index(), wallet.mainScript(), txs, fees, blocks + 1);
        chain.processBlock(b);
        if (!chain.tip().hash().equals(b.hash())) throw new IllegalStateException("generated block did not connect");
        Transaction cb = b.transactions().get(0);
        coinbases.add(new Utxo(new OutPoint(cb.txid(), 0), cb.output(0), Kind.P2PKH));
        byte[] raw = b.serialize();
        out.write(PARAMS.magic());
        out.write(new byte[] {(byte) raw.length, (byte) (raw.length >>> 8), (byte) (raw.length >>> 16), (byte) (raw.length >>> 24)});
        out.write(raw);
        blocks++;
        transactions += b.transactions().size();
    }
}
