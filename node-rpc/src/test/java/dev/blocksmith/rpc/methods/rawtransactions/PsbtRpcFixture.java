package dev.blocksmith.rpc.methods.rawtransactions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.core.chain.ChainOptions;
import dev.blocksmith.core.consensus.ParallelScriptVerifier;
import dev.blocksmith.core.consensus.ValidationException;
import dev.blocksmith.core.mempool.FeeEstimator;
import dev.blocksmith.core.mempool.Mempool;
import dev.blocksmith.core.mempool.MempoolOptions;
import dev.blocksmith.core.mempool.TxScriptChecker;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.params.Networks;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.script.ScriptValidation;
import dev.blocksmith.core.store.MemoryKeyValueStore;
import dev.blocksmith.core.testing.TestBlocks;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.ArgumentBinder;
import dev.blocksmith.rpc.methods.MethodRegistry;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.rpc.methods.RpcRequest;
import dev.blocksmith.rpc.methods.mempool.MempoolMethods;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A regtest chain with full script verification and a mempool, with the node's RPC methods (PSBT ones
 * included) registered against them; coinbases pay whatever script a test asks for.
 */
final class PsbtRpcFixture implements AutoCloseable {
    static final NetworkParams PARAMS = Networks.REGTEST;

    final AtomicLong clock = new AtomicLong(1_800_000_000L);
    final ParallelScriptVerifier verifier = new ParallelScriptVerifier(ScriptValidation.uncached(), 1);
    final ChainManager chain;
    final Mempool mempool;
    final MethodRegistry registry = new MethodRegistry();
    private int tag;

    PsbtRpcFixture(Path mempoolFile, boolean txIndex) {
        ChainOptions options = new ChainOptions(false, txIndex);
        chain = ChainManager.open(PARAMS, new MemoryKeyValueStore(), verifier, options, clock::get);
        mempool = new Mempool(chain, MempoolOptions.defaults(), TxScriptChecker.of(ScriptValidation.uncached()), new FeeEstimator(), clock::get);
        chain.addListener(mempool);
        MempoolMethods.register(registry, chain, mempool, () -> 0, (tx, rate) -> { }, mempoolFile);
    }

    /** Mines a block whose coinbase pays {@code payTo}, with {@code txs}, and returns it. */
    Block mine(Script payTo, long fees, Transaction... txs) throws ValidationException {
        clock.set(Math.max(clock.get(), chain.tip().index().time() + 1));
        Block b = TestBlocks.nextBlock(PARAMS, chain.tip().index(), payTo, List.of(txs), fees, ++tag);
        chain.processBlock(b);
        return b;
    }

    /** Mines {@code n} empty blocks paying elsewhere, so earlier coinbases mature. */
    void mineEmpty(int n) throws ValidationException {
        for (int i = 0; i < n; i++) mine(TestBlocks.p2wpkhScript(7), 0);
    }

    JsonNode call(String method, String params) throws RpcException {
        RpcMethod m = registry.find(method).orElseThrow();
        ArrayNode args = ArgumentBinder.bind(m, RpcJson.parse(params).orElseThrow());
        return m.execute(new RpcRequest(method, args, m.params(), Optional.empty(), "test"));
    }

    @Override
    public void close() {
        verifier.close();
    }
}
