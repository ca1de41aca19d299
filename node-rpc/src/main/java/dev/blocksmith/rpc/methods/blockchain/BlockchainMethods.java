package dev.blocksmith.rpc.methods.blockchain;

import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.core.index.Indexes;
import dev.blocksmith.core.mempool.Mempool;
import dev.blocksmith.core.params.ChainTxData;
import dev.blocksmith.rpc.methods.MethodRegistry;
import dev.blocksmith.rpc.methods.addressindex.GetAddressBalanceMethod;
import dev.blocksmith.rpc.methods.addressindex.GetAddressTxidsMethod;
import dev.blocksmith.rpc.methods.addressindex.GetAddressUtxosMethod;
import dev.blocksmith.rpc.methods.util.CreateMultisigMethod;
import dev.blocksmith.rpc.methods.util.DeriveAddressesMethod;
import dev.blocksmith.rpc.methods.util.GetIndexInfoMethod;
import dev.blocksmith.rpc.methods.util.GetDescriptorInfoMethod;
import dev.blocksmith.rpc.methods.util.SignMessageWithPrivKeyMethod;
import dev.blocksmith.rpc.methods.util.ValidateAddressMethod;
import dev.blocksmith.rpc.methods.util.VerifyMessageMethod;
import java.util.Optional;

/**
 * Registers the chain-reading methods: blockchain (with getdeploymentinfo and the waitfor* methods), the
 * util methods (validateaddress, getdescriptorinfo, deriveaddresses, createmultisig, getindexinfo) and the
 * addressindex queries.
 */
public final class BlockchainMethods {
    private BlockchainMethods() {}

    /**
     * @param txData the network's transaction statistics for verificationprogress
     *               ({@link ChainTxData#NONE} for regtest or when unknown)
     */
    public static void register(MethodRegistry registry, ChainManager chain, ChainTxData txData) {
        register(registry, chain, txData, Optional.empty());
    }

    /**
     * @param mempool the node's mempool, seen through by gettxout's include_mempool
     */
    public static void register(MethodRegistry registry, ChainManager chain, ChainTxData txData,
                                Optional<Mempool> mempool) {
        register(registry, chain, txData, mempool, Indexes.NONE);
    }

    /**
     * @param indexes the optional indexes (getindexinfo, getblockfilter)
     */
    public static void register(MethodRegistry registry, ChainManager chain, ChainTxData txData,
                                Optional<Mempool> mempool, Indexes indexes) {
        registry.register(new GetBlockCountMethod(chain))
                .register(new GetBestBlockHashMethod(chain))
                .register(new GetBlockHashMethod(chain))
                .register(new GetDifficultyMethod(chain))
                .register(new GetBlockHeaderMethod(chain))
                .register(new GetBlockMethod(chain))
                .register(new GetBlockchainInfoMethod(chain, txData))
                .register(new GetChainTipsMethod(chain))
                .register(new GetTxOutMethod(chain, mempool))
                .register(new GetTxOutSetInfoMethod(chain, indexes))
                .register(new ScanTxOutSetMethod(chain))
                .register(new ValidateAddressMethod(chain.params()))
                .register(new GetDescriptorInfoMethod(chain.params()))
                .register(new DeriveAddressesMethod(chain.params()))
                .register(new GetAddressBalanceMethod(chain))
                .register(new GetAddressUtxosMethod(chain))
                .register(new GetAddressTxidsMethod(chain))
                .register(new GetDeploymentInfoMethod(chain))
                .register(new PreciousBlockMethod(chain))
                .register(new PruneBlockchainMethod(chain))
                .register(new GetIndexInfoMethod(chain, indexes))
                .register(new GetBlockFilterMethod(chain, indexes))
                .register(new ScanBlocksMethod(chain, indexes))
                .register(new GetDescriptorActivityMethod(chain, mempool))
                .register(new GetTxOutProofMethod(chain))
                .register(new VerifyTxOutProofMethod(chain))
                .register(new CreateMultisigMethod(chain.params()))
                .register(new VerifyMessageMethod(chain.params()))
                .register(new SignMessageWithPrivKeyMethod(chain.params()));
        TipWaiter waiter = TipWaiter.on(chain);
        registry.register(new WaitForNewBlockMethod(chain, waiter))
                .register(new WaitForBlockMethod(waiter))
                .register(new WaitForBlockHeightMethod(waiter));
    }
}
