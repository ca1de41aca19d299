package dev.blocksmith.cli.bitcoincli;

import dev.blocksmith.cli.config.BitcoindOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The options bitcoin-cli 30 registers (SetupCliArgs, SetupHelpOptions, SetupChainParamsBaseOptions), with
 * the flags that change how they are read: only these are accepted on its command line, and other keys of
 * bitcoin.conf (the node's) are ignored.
 */
public final class CliOptionTable {
    private static final Map<String, BitcoindOption> OPTIONS = build();

    private CliOptionTable() {
    }

    public static Optional<BitcoindOption> find(String name) {
        return Optional.ofNullable(OPTIONS.get(name));
    }

    private static Map<String, BitcoindOption> build() {
        Map<String, BitcoindOption> m = new LinkedHashMap<>();
        for (String n : new String[] {"?", "h", "help", "help-debug", "version", "conf", "includeconf", "allowignoredconf",
                "generate", "addrinfo", "getinfo", "netinfo", "chain", "regtest", "testnet", "testnet4", "signet",
                "signetchallenge", "signetseednode", "testactivationheight", "vbparams", "named", "rpcclienttimeout",
                "rpcconnect", "rpccookiefile", "rpcuser", "rpcwait", "rpcwallet", "stdin", "stdinrpcpass",
                "stdinwalletpassphrase", "ipcconnect"}) {
            m.put(n, plain(n, false, false, false, false));
        }
        // -datadir, -color and -rpcwaittimeout cannot be negated; -rpcid cannot be negated or left empty.
        m.put("datadir", plain("datadir", false, false, true, false));
        m.put("color", plain("color", false, false, true, false));
        m.put("rpcwaittimeout", plain("rpcwaittimeout", false, false, true, false));
        m.put("rpcid", plain("rpcid", false, false, true, true));
        m.put("rpcpassword", plain("rpcpassword", false, true, false, false));
        // -rpcport is NETWORK_ONLY: off main, the top section's value does not apply.
        m.put("rpcport", plain("rpcport", true, false, false, false));
        return Map.copyOf(m);
    }

    private static BitcoindOption plain(String name, boolean networkOnly, boolean sensitive, boolean noNegation, boolean noElision) {
        return new BitcoindOption(name, networkOnly, sensitive, noNegation, noElision, false,
                BitcoindOption.Support.OURS, Optional.empty(), "bitcoin-cli option");
    }
}
