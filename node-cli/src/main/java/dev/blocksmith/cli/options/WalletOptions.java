package dev.blocksmith.cli.options;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Wallet options, named and defaulted as bitcoind's. */
public final class WalletOptions {
    @Option(names = {"-disablewallet", "--disablewallet"}, arity = "0..1", fallbackValue = "1", paramLabel = "1|0", defaultValue = "0",
            description = "Do not load wallets and disable wallet RPC calls (default: ${DEFAULT-VALUE})")
    boolean disablewallet;

    @Option(names = {"-wallet", "--wallet"}, paramLabel = "NAME", split = ",",
            description = "Load this wallet at start, besides those listed in settings.json; one that cannot be loaded stops the node. Repeatable")
    List<String> wallet = new ArrayList<>();

    // False when the command line negates -wallet (bitcoind's GetSettingsList then ignores settings.json's wallets);
    // set from the bitcoind arguments, not an option of its own.
    boolean startupWalletsFromSettings = true;

    /** The command line negated -wallet: settings.json's wallets are not loaded at start. */
    public void ignoreSettingsWallets() {
        startupWalletsFromSettings = false;
    }

    @Option(names = {"-keypool", "--keypool"}, paramLabel = "N", defaultValue = "1000",
            description = "Addresses each active descriptor keeps derived ahead of the next one handed out; 0 or less means 1, as in bitcoind (default: ${DEFAULT-VALUE})")
    int keypool;

    @Option(names = {"-fallbackfee", "--fallbackfee"}, paramLabel = "BTC/kvB",
            description = "Fee rate for sends when there is no estimate; 0 refuses such sends (default: 0.0002 on regtest, 0 elsewhere)")
    String fallbackfee;

    // bitcoind's wallet behaviour options, kept as given and read by node-wallet's WalletPolicy.parse with
    // bitcoind's defaults and error texts. The booleans take "-name" alone as 1, as bitcoind.

    @Option(names = {"-addresstype", "--addresstype"}, paramLabel = "TYPE",
            description = "Address type getnewaddress gives: legacy, p2sh-segwit, bech32, bech32m (default: bech32)")
    String addresstype;

    @Option(names = {"-changetype", "--changetype"}, paramLabel = "TYPE",
            description = "Change address type: legacy, p2sh-segwit, bech32, bech32m (default: chosen from the payment, as bitcoind)")
    String changetype;

    @Option(names = {"-walletrbf", "--walletrbf"}, arity = "0..1", fallbackValue = "1", paramLabel = "1|0",
            description = "Send transactions signalling BIP125 replaceability unless a call says otherwise (default: 1)")
    String walletrbf;

    @Option(names = {"-spendzeroconfchange", "--spendzeroconfchange"}, arity = "0..1", fallbackValue = "1", paramLabel = "1|0",
            description = "Spend our unconfirmed change when sending (default: 1)")
    String spendzeroconfchange;

    @Option(names = {"-walletbroadcast", "--walletbroadcast"}, arity = "0..1", fallbackValue = "1", paramLabel = "1|0",
            description = "Hand wallet transactions to the mempool and resubmit unconfirmed ones at load (default: 1)")
    String walletbroadcast;

    @Option(names = {"-walletrejectlongchains", "--walletrejectlongchains"}, arity = "0..1", fallbackValue = "1", paramLabel = "1|0",
            description = "Refuse sends whose unconfirmed chain exceeds the mempool limits (default: 1)")
    String walletrejectlongchains;

    @Option(names = {"-avoidpartialspends", "--avoidpartialspends"}, arity = "0..1", fallbackValue = "1", paramLabel = "1|0",
            description = "Spend the coins of an address together, up to 100 at a time, so a payment never leaves some of them behind "
                    + "to link it later (default: 0; on for sendtoaddress under a wallet's avoid_reuse flag)")
    String avoidpartialspends;

    @Option(names = {"-txconfirmtarget", "--txconfirmtarget"}, paramLabel = "N",
            description = "Confirmation target in blocks for fee estimation (default: 6)")
    String txconfirmtarget;

    @Option(names = {"-maxtxfee", "--maxtxfee"}, paramLabel = "BTC", description = "Largest total fee of a wallet transaction (default: 0.10)")
    String maxtxfee;

    @Option(names = {"-mintxfee", "--mintxfee"}, paramLabel = "BTC/kvB", description = "Lowest fee rate the wallet builds at (default: 0.00001)")
    String mintxfee;

    @Option(names = {"-paytxfee", "--paytxfee"}, paramLabel = "BTC/kvB",
            description = "Deprecated (as in bitcoind 30): the fee rate every wallet pays, instead of estimating one, until settxfee changes it (default: 0, estimate)")
    String paytxfee;

    @Option(names = {"-consolidatefeerate", "--consolidatefeerate"}, paramLabel = "BTC/kvB",
            description = "Below this rate coin selection prefers spending more inputs (default: 0.0001)")
    String consolidatefeerate;

    @Option(names = {"-walletdir", "--walletdir"}, paramLabel = "DIR",
            description = "Directory holding the wallets (default: <datadir>/<network>/wallets)")
    String walletdir;

    @Option(names = {"-unsafesqlitesync", "--unsafesqlitesync"}, arity = "0..1", fallbackValue = "1", paramLabel = "1|0", defaultValue = "0",
            description = "Write wallet files without waiting for the disk; a crash may lose or damage them (testing only; default: ${DEFAULT-VALUE})")
    boolean unsafesqlitesync;

    @Option(names = {"-deprecatedrpc", "--deprecatedrpc"}, paramLabel = "METHOD", split = ",",
            description = "Serve this deprecated RPC method anyway (bitcoind 30: settxfee). Repeatable")
    List<String> deprecatedrpc = new ArrayList<>();

    /** The wallet behaviour options given, by bitcoind's name without the dash. */
    java.util.Map<String, String> policyValues() {
        java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
        put(m, "addresstype", addresstype);
        put(m, "changetype", changetype);
        put(m, "walletrbf", walletrbf);
        put(m, "spendzeroconfchange", spendzeroconfchange);
        put(m, "walletbroadcast", walletbroadcast);
        put(m, "walletrejectlongchains", walletrejectlongchains);
        put(m, "avoidpartialspends", avoidpartialspends);
        put(m, "txconfirmtarget", txconfirmtarget);
        put(m, "maxtxfee", maxtxfee);
        put(m, "mintxfee", mintxfee);
        put(m, "consolidatefeerate", consolidatefeerate);
        put(m, "paytxfee", paytxfee);
        return m;
    }

    private static void put(java.util.Map<String, String> m, String name, String value) {
        if (value != null) m.put(name, value);
    }
}
