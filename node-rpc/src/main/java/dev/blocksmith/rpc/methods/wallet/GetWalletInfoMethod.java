package dev.blocksmith.rpc.methods.wallet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.core.primitives.Amount;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.RpcJson;
import dev.blocksmith.rpc.methods.RpcRequest;
import dev.blocksmith.wallet.Wallet;
import dev.blocksmith.wallet.coinselection.FeeRate;
import dev.blocksmith.wallet.WalletManager;

/** {@code getwalletinfo}. */
public final class GetWalletInfoMethod extends WalletMethod {
    /** bitcoind's FEATURE_LATEST wallet version, reported for descriptor wallets. */
    static final int WALLET_VERSION = 169_900;

    public GetWalletInfoMethod(WalletManager manager) {
        super(manager);
    }

    @Override
    public String name() {
        return "getwalletinfo";
    }

    @Override
    public String description() {
        return "Returns an object containing various wallet state info.";
    }

    @Override
    public String resultHelp() {
        return "{                                         (json object)\n  \"walletname\" : \"str\",                   (string) the wallet name\n  \"walletversion\" : n,                    (numeric) the wallet version\n  \"format\" : \"str\",                       (string) the database format\n  \"txcount\" : n,                          (numeric) the total number of transactions in the wallet\n  \"keypoolsize\" : n,                      (numeric) how many new keys are pre-generated\n  \"keypoolsize_hd_internal\" : n,          (numeric, optional) how many new keys are pre-generated for internal use\n  \"unlocked_until\" : n,                   (numeric, optional) the UNIX epoch time until which the wallet is unlocked, or 0 if locked\n  \"paytxfee\" : n,                         (numeric) the transaction fee configuration\n  \"private_keys_enabled\" : true|false,    (boolean) false if privatekeys are disabled for this wallet\n  \"avoid_reuse\" : true|false,             (boolean) whether this wallet tracks clean/dirty coins\n  \"scanning\" : {                          (json object) current scanning details, or false if no scan is in progress\n  },\n  \"descriptors\" : true|false,             (boolean) whether this wallet uses descriptors\n  \"external_signer\" : true|false,         (boolean) whether this wallet is configured to use an external signer\n  \"blank\" : true|false,                   (boolean) Whether this wallet intentionally does not contain any keys\n  \"birthtime\" : xxx,                      (numeric, optional) The start time for blocks scanning\n  \"flags\" : [                             (json array) The flags currently set on the wallet\n    \"str\",\n    ...\n  ],\n  \"lastprocessedblock\" : {                (json object) hash and height of the block this information was generated on\n    \"hash\" : \"hex\",\n    \"height\" : n\n  }\n}";
    }

    @Override
    public JsonNode execute(RpcRequest request) throws RpcException {
        Wallet w = WalletRpc.wallet(manager, request);
        ObjectNode o = RpcJson.object();
        o.put("walletname", w.name());
        o.put("walletversion", WALLET_VERSION);
        // The on-disk format is Blocksmith's own snapshot file, neither bdb nor sqlite.
        o.put("format", dev.blocksmith.wallet.store.WalletDirectory.FORMAT);
        o.put("txcount", w.transactions().size());
        o.put("keypoolsize", w.keys().keypoolSize(false));
        o.put("keypoolsize_hd_internal", w.keys().keypoolSize(true));
        w.keys().keystore().ifPresent(k -> o.put("unlocked_until", k.unlockedUntil().map(java.time.Instant::getEpochSecond).orElse(0L)));
        o.set("paytxfee", RpcJson.amount(Amount.ofSats(w.payTxFee().map(FeeRate::satsPerKvB).orElse(0L))));
        o.put("private_keys_enabled", !w.flags().privateKeysDisabled());
        o.put("avoid_reuse", w.flags().avoidReuse());
        o.put("scanning", false);
        o.put("descriptors", true);
        o.put("external_signer", false);
        o.put("blank", w.flags().blank());
        // Core reports a birth time only once the wallet has a descriptor to date it.
        w.birthTime().ifPresent(t -> o.put("birthtime", t));
        // In bitcoind's bit order. last_hardened_xpub_cached: bitcoind sets it once each descriptor's key at its last
        // hardened step is kept in public form, so new addresses derive while the wallet is locked; Blocksmith's
        // wallets store every descriptor in that public form from the start (see HdWallet).
        var flags = o.putArray("flags");
        if (w.flags().avoidReuse()) flags.add("avoid_reuse");
        flags.add("last_hardened_xpub_cached");
        if (w.flags().privateKeysDisabled()) flags.add("disable_private_keys");
        if (w.flags().blank()) flags.add("blank_wallet");
        flags.add("descriptor_wallet");
        o.set("lastprocessedblock", WalletRpc.lastProcessedBlock(w));
        return o;
    }
}
