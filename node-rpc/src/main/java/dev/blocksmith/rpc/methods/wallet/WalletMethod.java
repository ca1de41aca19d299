package dev.blocksmith.rpc.methods.wallet;

import dev.blocksmith.rpc.methods.RpcCategory;
import dev.blocksmith.rpc.methods.RpcMethod;
import dev.blocksmith.wallet.WalletManager;

/** Base of the wallet methods: all sit in the wallet category and reach wallets through the manager. */
abstract class WalletMethod implements RpcMethod {
    protected final WalletManager manager;

    WalletMethod(WalletManager manager) {
        this.manager = manager;
    }

    @Override
    public RpcCategory category() {
        return RpcCategory.WALLET;
    }
}
