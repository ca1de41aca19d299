package dev.blocksmith.rpc.methods.rawtransactions;

import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.core.mempool.Mempool;
import dev.blocksmith.rpc.methods.MethodRegistry;

/**
 * Registers the node-side PSBT methods (bitcoind's rawtransactions category): decodepsbt, createpsbt,
 * converttopsbt, combinepsbt, finalizepsbt, analyzepsbt, utxoupdatepsbt, descriptorprocesspsbt, joinpsbts. The wallet ones,
 * walletprocesspsbt and walletcreatefundedpsbt, are registered with the wallet methods.
 */
public final class PsbtMethods {
    private PsbtMethods() {
    }

    public static void register(MethodRegistry registry, ChainManager chain, Mempool mempool) {
        UtxoUpdatePsbtMethod utxos = new UtxoUpdatePsbtMethod(chain, mempool);
        registry.register(new DecodePsbtMethod(chain.params()))
                .register(new CreatePsbtMethod(chain.params()))
                .register(new ConvertToPsbtMethod())
                .register(new CombinePsbtMethod())
                .register(new FinalizePsbtMethod())
                .register(new AnalyzePsbtMethod())
                .register(utxos)
                .register(new DescriptorProcessPsbtMethod(utxos))
                .register(new JoinPsbtsMethod());
    }
}
