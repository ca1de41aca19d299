package dev.blocksmith.rpc.methods.mempool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.blocksmith.core.address.PrivateKeyBytes;
import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.core.chain.ChainOptions;
import dev.blocksmith.core.consensus.ParallelScriptVerifier;
import dev.blocksmith.core.consensus.ValidationException;
import dev.blocksmith.core.crypto.Hashes;
import dev.blocksmith.core.mempool.FeeEstimator;
import dev.blocksmith.core.mempool.Mempool;
import dev.blocksmith.core.mempool.MempoolEntry;
import dev.blocksmith.core.mempool.MempoolListener;
import dev.blocksmith.core.mempool.MempoolOptions;
import dev.blocksmith.core.mempool.RemovalReason;
import dev.blocksmith.core.mempool.TxScriptChecker;
import dev.blocksmith.core.params.ChainTxData;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.params.Networks;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.script.ScriptBuilder;
import dev.blocksmith.core.script.ScriptValidation;
import dev.blocksmith.core.script.SignatureHasher;
import dev.blocksmith.core.store.MemoryKeyValueStore;
import dev.blocksmith.core.testing.TestBlocks;
import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.core.tx.TxOut;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.ArgumentBinder;
import dev.blocksmith.rpc.methods.MethodRegistry;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcRequest;
import dev.blocksmith.rpc.methods.blockchain.BlockchainMethods;
import dev.blocksmith.wallet.keys.Secp;
import dev.blocksmith.wallet.sign.TransactionSigner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A regtest chain with real script verification (blocks and mempool) whose coinbases pay one P2WPKH
 * key, a real mempool, and the mempool RPC methods registered against them; announcements to peers are
 * recorded instead of sent.
 */
final class MempoolRpcFixture implements AutoCloseable {
    static final NetworkParams PARAMS = Networks.REGTEST;

    final AtomicLong clock = new AtomicLong(1_800_000_000L);
    final AtomicLong sequence = new AtomicLong();
    final ParallelScriptVerifier verifier = new ParallelScriptVerifier(ScriptValidation.uncached(), 1);
    final ChainManager chain = ChainManager.open(PARAMS, new MemoryKeyValueStore(), verifier, ChainOptions.defaults(), clock::get);
    final Mempool mempool = new Mempool(chain, MempoolOptions.defaults(), TxScriptChecker.of(ScriptValidation.uncached()),
            new FeeEstimator(), clock::get);
    final PrivateKeyBytes key = new PrivateKeyBytes(Hashes.sha256("mempool rpc key".getBytes()), true);
    final Script p2wpkh = new ScriptBuilder().op(0).data(Hashes.hash160(Secp.publicKey(key.secret()))).build();
    final List<Transaction> announced = new CopyOnWriteArrayList<>();
    final MethodRegistry registry = new MethodRegistry();
    private int tag;

    /** A spendable output with what it pays. */
    record Utxo(OutPoint outPoint, TxOut output) {
        long value() {
            return output.value();
        }
    }

    MempoolRpcFixture(Path mempoolFile) throws ValidationException {
        chain.addListener(mempool);
        mempool.addListener(new MempoolListener() {
            @Override
            public void transactionAdded(Transaction tx, MempoolEntry entry) {
                sequence.incrementAndGet();
            }

            @Override
            public void transactionRemoved(Transaction tx, RemovalReason reason) {
                sequence.incrementAndGet();
            }
        });
        BlockchainMethods.register(registry, chain, ChainTxData.NONE, Optional.of(mempool));
        MempoolMethods.register(registry, chain, mempool, sequence::get, (tx, rate) -> announced.add(tx), mempoolFile);
        mine(110);
    }

    void mine(int n) throws ValidationException {
        for (int i = 0; i < n; i++) mineTx();
    }

    Block mineTx(Transaction... txs) throws ValidationException {
        long fees = 0;
        for (Transaction tx : txs) fees += fee(tx);
        clock.set(Math.max(clock.get(), chain.tip().index().time() + 1));
        Block b = TestBlocks.nextBlock(PARAMS, chain.tip().index(), p2wpkh, List.of(txs), fees, ++tag);
        chain.processBlock(b);
        return b;
    }

    private long fee(Transaction tx) {
        long in = 0;
        for (TxIn i : tx.inputs()) in += spentOutputs.get(i.prevout()).value();
        long out = 0;
        for (TxOut o : tx.outputs()) out += o.value();
        return in - out;
    }

    private final Map<OutPoint, TxOut> spentOutputs = new HashMap<>();

    /** The coinbase output of the best-chain block at {@code height}. */
    Utxo coinbase(int height) {
        Transaction cb = chain.block(chain.atHeight(height).orElseThrow().hash()).orElseThrow().coinbase();
        return new Utxo(new OutPoint(cb.txid(), 0), cb.output(0));
    }

    static Utxo output(Transaction tx, int index) {
        return new Utxo(new OutPoint(tx.txid(), index), tx.output(index));
    }

    /** Spends {@code input} back to the key, paying {@code fee}. */
    Transaction spend(Utxo input, long fee) {
        return sign(List.of(input), List.of(new TxOut(input.value() - fee, p2wpkh)));
    }

    /** Signs (P2WPKH, SIGHASH_ALL) a version-2 transaction of these inputs and outputs. */
    Transaction sign(List<Utxo> inputs, List<TxOut> outputs) {
        List<TxIn> ins = new ArrayList<>();
        List<TxOut> spent = new ArrayList<>();
        Map<Integer, PrivateKeyBytes> keys = new HashMap<>();
        for (Utxo u : inputs) {
            keys.put(ins.size(), key);
            ins.add(new TxIn(u.outPoint(), Script.EMPTY, TxIn.SEQUENCE_FINAL - 2));
            spent.add(u.output());
            spentOutputs.put(u.outPoint(), u.output());
        }
        try {
            return TransactionSigner.sign(new Transaction(2, ins, outputs, 0), spent, keys, SignatureHasher.SIGHASH_ALL);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    JsonNode call(String method, String params) throws RpcException {
        RpcMethod m = registry.find(method).orElseThrow();
        ArrayNode args = ArgumentBinder.bind(m, RpcJson.parse(params).orElseThrow());
        // What a client reads: a streamed result (getrawmempool) as its tree.
        return dev.blocksmith.rpc.json.StreamedJson.materialize(
                m.execute(new RpcRequest(method, args, m.params(), Optional.empty(), "test")));
    }

    @Override
    public void close() {
        verifier.close();
    }
}
