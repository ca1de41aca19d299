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

    @Option(names = {"-keypool", "--keypool"}, paramLabel = "N", defaultValue = "1000",
            description = "Addresses each active descriptor keeps derived ahead of the next one handed out (default: ${DEFAULT-VALUE})")
    int keypool;

    @Option(names = {"-fallbackfee", "--fallbackfee"}, paramLabel = "BTC/kvB",
            description = "Fee rate for sends when there is no estimate; 0 refuses such sends (default: 0.0002 on regtest, 0 elsewhere)")
    String fallbackfee;
}
