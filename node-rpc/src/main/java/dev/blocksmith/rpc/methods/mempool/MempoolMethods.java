package dev.blocksmith.rpc.methods.mempool;

import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.core.mempool.Mempool;
import dev.blocksmith.rpc.methods.MethodRegistry;
import dev.blocksmith.rpc.methods.rawtransactions.CombineRawTransactionMethod;
import dev.blocksmith.rpc.methods.rawtransactions.DecodeRawTransactionMethod;
import dev.blocksmith.rpc.methods.rawtransactions.DecodeScriptMethod;
import dev.blocksmith.rpc.methods.rawtransactions.GetRawTransactionMethod;
import dev.blocksmith.rpc.methods.rawtransactions.PsbtMethods;
import java.nio.file.Path;
import java.util.function.LongSupplier;

/**
 * Registers the mempool methods (getmempoolinfo, getrawmempool, getmempoolentry, getmempoolancestors,
 * getmempooldescendants, gettxspendingprevout, savemempool, importmempool), transaction submission (testmempoolaccept, sendrawtransaction),
 * prioritisation, estimatesmartfee, getrawtransaction, decoderawtransaction, decodescript, combinerawtransaction and
 * the node-side PSBT methods ({@link PsbtMethods}).
 */
public final class MempoolMethods {
    private MempoolMethods() {}

    /**
     * @param mempoolSequence increases on every mempool addition and removal (getrawmempool's mempool_sequence)
     * @param broadcaster     announces transactions accepted by sendrawtransaction to peers
     * @param mempoolFile     where savemempool writes (the node's mempool.dat)
     */
    public static void register(MethodRegistry registry, ChainManager chain, Mempool mempool, LongSupplier mempoolSequence,
                                TransactionBroadcaster broadcaster, Path mempoolFile) {
        registry.register(new GetMempoolInfoMethod(mempool))
                .register(new GetRawMempoolMethod(mempool, mempoolSequence))
                .register(new GetMempoolEntryMethod(mempool))
                .register(new GetMempoolAncestorsMethod(mempool))
                .register(new GetMempoolDescendantsMethod(mempool))
                .register(new GetTxSpendingPrevoutMethod(mempool))
                .register(new SaveMempoolMethod(mempool, mempoolFile))
                .register(new ImportMempoolMethod(chain, mempool))
                .register(new TestMempoolAcceptMethod(mempool))
                .register(new SendRawTransactionMethod(chain, mempool, broadcaster))
                .register(new SubmitPackageMethod(mempool, broadcaster))
                .register(new PrioritiseTransactionMethod(mempool))
                .register(new GetPrioritisedTransactionsMethod(mempool))
                .register(new EstimateSmartFeeMethod(mempool))
                .register(new EstimateRawFeeMethod(mempool))
                .register(new GetRawTransactionMethod(chain, mempool))
                .register(new DecodeRawTransactionMethod(chain.params()))
                .register(new DecodeScriptMethod(chain.params()))
                .register(new CombineRawTransactionMethod(chain, mempool))
                .register(new dev.blocksmith.rpc.methods.rawtransactions.CreateRawTransactionMethod(chain.params()))
                .register(new dev.blocksmith.rpc.methods.rawtransactions.SignRawTransactionWithKeyMethod(chain.params(), mempool.utxoView()));
        PsbtMethods.register(registry, chain, mempool);
    }
}
