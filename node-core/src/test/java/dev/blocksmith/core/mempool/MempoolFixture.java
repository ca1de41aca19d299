package dev.blocksmith.core.mempool;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.chain.BlockIndex;
import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.core.chain.ChainOptions;
import dev.blocksmith.core.consensus.ParallelScriptVerifier;
import dev.blocksmith.core.consensus.Subsidy;
import dev.blocksmith.core.consensus.ValidationException;
import dev.blocksmith.core.crypto.Hashes;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.params.Networks;
import dev.blocksmith.core.primitives.Hex;
import dev.blocksmith.core.script.PrecomputedTransactionData;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.script.ScriptBuilder;
import dev.blocksmith.core.script.ScriptValidation;
import dev.blocksmith.core.script.SigVersion;
import dev.blocksmith.core.script.SignatureHasher;
import dev.blocksmith.core.store.MemoryKeyValueStore;
import dev.blocksmith.core.testing.TestBlocks;
import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.core.tx.TxOut;
import dev.blocksmith.core.tx.Witness;
import fr.acinq.secp256k1.Secp256k1;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A regtest chain whose coinbases pay a P2WPKH key, real script verification for blocks and mempool,
 * a settable clock, and helpers that build really signed spends.
 */
final class MempoolFixture implements AutoCloseable {
    static final NetworkParams PARAMS = Networks.REGTEST;
    static final long START = 1_700_000_000L;
    private static final Secp256k1 SECP = Secp256k1.get();

    final AtomicLong clock = new AtomicLong(START);
    final MemoryKeyValueStore store = new MemoryKeyValueStore();
    final ParallelScriptVerifier blockVerifier = new ParallelScriptVerifier(ScriptValidation.uncached(), 1);
    final NetworkParams params;
    final ChainManager chain;
    final Key key = new Key("mempool fixture key");
    final Mempool mempool;
    final RecordingListener events = new RecordingListener();
    private int tag;

    /** A spendable output with what it pays. */
    record Utxo(OutPoint outPoint, TxOut output) {
        long value() {
            return output.value();
        }
    }

    /** A secp256k1 key with its compressed public key and P2WPKH script. */
    static final class Key {
        final byte[] priv;
        final byte[] pub;
        final Script p2wpkh;

        Key(String seed) {
            this(seed, true);
        }

        /** An uncompressed key makes a P2WPKH spend non-standard (WITNESS_PUBKEYTYPE) but consensus-valid. */
        Key(String seed, boolean compressed) {
            priv = Hashes.sha256(seed.getBytes());
            byte[] full = SECP.pubkeyCreate(priv);
            pub = compressed ? SECP.pubKeyCompress(full) : full;
            p2wpkh = new ScriptBuilder().op(0).data(Hashes.hash160(pub)).build();
        }
    }

    MempoolFixture(MempoolOptions options) {
        this(PARAMS, options);
    }

    /** A fixture on other network parameters (e.g. regtest with moved activation heights). */
    MempoolFixture(NetworkParams params, MempoolOptions options) {
        this.params = params;
        chain = ChainManager.open(params, store, blockVerifier, ChainOptions.defaults(), clock::get);
        mempool = new Mempool(chain, options, TxScriptChecker.of(ScriptValidation.uncached()), new FeeEstimator(), clock::get);
        chain.addListener(mempool);
        mempool.addListener(events);
    }

    MempoolFixture() {
        this(MempoolOptions.defaults());
    }

    /** Mines {@code n} empty blocks on the tip paying the fixture key. */
    List<Block> mine(int n) throws ValidationException {
        List<Block> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(mineOn(chain.tip().index(), List.of()));
        return out;
    }

    /** Mines one block on {@code prev} holding {@code txs}; the coinbase claims the subsidy only (valid, if generous). */
    Block mineOn(BlockIndex prev, List<Transaction> txs) throws ValidationException {
        Block b = TestBlocks.nextBlock(params, prev, key.p2wpkh, txs, 0, ++tag);
        chain.processBlock(b);
        return b;
    }

    Block mineTx(Transaction... txs) throws ValidationException {
        return mineOn(chain.tip().index(), List.of(txs));
    }

    /** The coinbase output of the best-chain block at {@code height}. */
    Utxo coinbase(int height) {
        Block b = chain.block(chain.atHeight(height).orElseThrow().hash()).orElseThrow();
        Transaction cb = b.coinbase();
        return new Utxo(new OutPoint(cb.txid(), 0), cb.output(0));
    }

    static Utxo output(Transaction tx, int index) {
        return new Utxo(new OutPoint(tx.txid(), index), tx.output(index));
    }

    /** A version-2 spend of {@code inputs} (all paying the fixture key) to the fixture key, paying {@code fee}. */
    Transaction spend(long fee, Utxo... inputs) {
        long total = 0;
        for (Utxo u : inputs) total += u.value();
        return sign(2, List.of(inputs), List.of(new TxOut(total - fee, key.p2wpkh)), TxIn.SEQUENCE_FINAL - 2, 0);
    }

    /** Splits one input into {@code n} equal outputs to the fixture key. */
    Transaction split(Utxo input, int n, long fee) {
        List<TxOut> outs = new ArrayList<>();
        for (int i = 0; i < n; i++) outs.add(new TxOut((input.value() - fee) / n, key.p2wpkh));
        return sign(2, List.of(input), outs, TxIn.SEQUENCE_FINAL - 2, 0);
    }

    /** Builds and signs (P2WPKH, SIGHASH_ALL, fixture key) a transaction. */
    Transaction sign(int version, List<Utxo> inputs, List<TxOut> outputs, long sequence, long lockTime) {
        return signWith(key, version, inputs, outputs, sequence, lockTime);
    }

    static Transaction signWith(Key k, int version, List<Utxo> inputs, List<TxOut> outputs, long sequence, long lockTime) {
        List<TxIn> ins = new ArrayList<>();
        List<TxOut> spent = new ArrayList<>();
        for (Utxo u : inputs) {
            ins.add(new TxIn(u.outPoint(), Script.EMPTY, sequence));
            spent.add(u.output());
        }
        Transaction unsigned = new Transaction(version, ins, outputs, lockTime);
        PrecomputedTransactionData data = new PrecomputedTransactionData(unsigned, spent);
        Script scriptCode = Script.fromHex("76a914" + Hex.encode(Hashes.hash160(k.pub)) + "88ac");
        List<TxIn> signed = new ArrayList<>();
        for (int i = 0; i < ins.size(); i++) {
            byte[] sighash = SignatureHasher.hash(scriptCode, unsigned, i, SignatureHasher.SIGHASH_ALL, spent.get(i).value(),
                    SigVersion.WITNESS_V0, data);
            byte[] der = SECP.compact2der(SECP.sign(sighash, k.priv));
            byte[] sig = Arrays.copyOf(der, der.length + 1);
            sig[der.length] = SignatureHasher.SIGHASH_ALL;
            signed.add(ins.get(i).withWitness(Witness.of(sig, k.pub)));
        }
        return new Transaction(version, signed, outputs, lockTime);
    }

    long subsidy() {
        return Subsidy.at(1, params);
    }

    /** Checks the pool's incremental bookkeeping against a recomputation, then stops the verifier. */
    @Override
    public void close() {
        try {
            mempool.checkConsistency();
        } finally {
            blockVerifier.close();
        }
    }

    /** Records mempool events in order. */
    static final class RecordingListener implements MempoolListener {
        final List<String> log = new CopyOnWriteArrayList<>();

        @Override
        public void transactionAdded(Transaction tx, MempoolEntry entry) {
            log.add("added " + tx.txid());
        }

        @Override
        public void transactionRemoved(Transaction tx, RemovalReason reason) {
            log.add(reason + " " + tx.txid());
        }
    }
}
