package dev.blocksmith.rpc.methods.wallet;

import dev.blocksmith.rpc.methods.MethodRegistry;
import dev.blocksmith.wallet.WalletManager;

/** Registers the wallet RPC methods over a node's {@link WalletManager}. */
public final class WalletMethods {
    private WalletMethods() {
    }

    public static void register(MethodRegistry registry, WalletManager manager) {
        registry.register(new CreateWalletMethod(manager))
                .register(new SetWalletFlagMethod(manager))
                .register(new BumpFeeMethod(manager))
                .register(new LoadWalletMethod(manager))
                .register(new UnloadWalletMethod(manager))
                .register(new ListWalletsMethod(manager))
                .register(new ListWalletDirMethod(manager))
                .register(GetNewAddressMethod.receive(manager))
                .register(GetNewAddressMethod.change(manager))
                .register(new GetBalanceMethod(manager))
                .register(new GetBalancesMethod(manager))
                .register(new ListUnspentMethod(manager))
                .register(new GetWalletInfoMethod(manager))
                .register(new SendToAddressMethod(manager))
                .register(new WalletPassphraseMethods.Encrypt(manager))
                .register(new WalletPassphraseMethods.Unlock(manager))
                .register(new WalletPassphraseMethods.Lock(manager))
                .register(new SendManyMethod(manager))
                .register(new GetTransactionMethod(manager))
                .register(new ListTransactionsMethod(manager))
                .register(new WalletMaintenanceMethods.ChangePassphrase(manager))
                .register(new WalletMaintenanceMethods.Backup(manager))
                .register(new WalletMaintenanceMethods.Rescan(manager))
                .register(new WalletMaintenanceMethods.KeypoolRefill(manager))
                .register(new ListDescriptorsMethod(manager))
                .register(new ImportDescriptorsMethod(manager))
                .register(new FundRawTransactionMethod(manager))
                .register(new LockUnspentMethod(manager))
                .register(new ListLockUnspentMethod(manager))
                .register(new AbandonTransactionMethod(manager))
                .register(new SetLabelMethod(manager))
                .register(new GetAddressesByLabelMethod(manager))
                .register(new ListLabelsMethod(manager))
                .register(new GetAddressInfoMethod(manager))
                .register(new GetReceivedByAddressMethod(manager))
                .register(new SignRawTransactionWithWalletMethod(manager))
                .register(new ListSinceBlockMethod(manager))
                .register(new WalletProcessPsbtMethod(manager))
                .register(new WalletCreateFundedPsbtMethod(manager))
                .register(new SetTxFeeMethod(manager))
                .register(new SendMethod(manager))
                .register(new SendAllMethod(manager))
                .register(new SignMessageMethod(manager))
                .register(new ListReceivedByAddressMethod(manager))
                .register(new ListReceivedByLabelMethod(manager))
                .register(new GetReceivedByLabelMethod(manager))
                .register(new ListAddressGroupingsMethod(manager))
                .register(new RestoreWalletMethod(manager))
                .register(new PsbtBumpFeeMethod(manager))
                .register(new AbortRescanMethod(manager))
                .register(new SimulateRawTransactionMethod(manager))
                .register(new GetHdKeysMethod(manager))
                .register(new CreateWalletDescriptorMethod(manager))
                .register(new PrunedFundsMethods.Import(manager))
                .register(new PrunedFundsMethods.Remove(manager));
    }
}
