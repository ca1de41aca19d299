package dev.blocksmith.rpc.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blocksmith.rpc.json.RpcJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * bitcoin-cli -getinfo's human-readable report, built from the replies of getnetworkinfo, getblockchaininfo,
 * getwalletinfo and getbalances (and, without -rpcwallet, every loaded wallet's balance when there are
 * several). The layout is bitcoin-cli's, line for line, because scripts parse it ("Key: value" lines, a
 * "Balances" block of right-aligned amounts).
 */
public final class GetInfoReport {
    /** Terminal colours of the report's headings, or none. */
    public record Colors(String reset, String green, String blue, String yellow, String magenta, String cyan) {
        public static final Colors NONE = new Colors("", "", "", "", "", "");
        public static final Colors ANSI = new Colors("\u001B[0m", "\u001B[32m", "\u001B[34m", "\u001B[33m", "\u001B[35m", "\u001B[36m");

        /**
         * bitcoin-cli's -color: always, never, or auto (colour only when standard output is a terminal).
         *
         * @throws IllegalArgumentException bitcoin-cli's text for any other value
         */
        public static Colors forSetting(String setting, boolean stdoutIsTerminal) {
            return switch (setting) {
                case "always" -> ANSI;
                case "never" -> NONE;
                case "auto" -> stdoutIsTerminal ? ANSI : NONE;
                default -> throw new IllegalArgumentException("Invalid value for -color option. Valid values: always, auto, never.");
            };
        }
    }

    private GetInfoReport() {
    }

    /**
     * @param network    getnetworkinfo's result
     * @param blockchain getblockchaininfo's result
     * @param walletInfo getwalletinfo's result, empty when it failed (no wallet)
     * @param balances   getbalances' result, empty when it failed
     * @param perWallet  wallet name to trusted balance, present when more than one wallet is loaded and no
     *                   -rpcwallet was given
     */
    public static String format(JsonNode network, JsonNode blockchain, Optional<JsonNode> walletInfo,
                                Optional<JsonNode> balances, Optional<Map<String, JsonNode>> perWallet, Colors c) {
        StringBuilder out = new StringBuilder();
        out.append(c.blue()).append("Chain: ").append(valStr(blockchain.path("chain"))).append(c.reset()).append('\n');
        out.append("Blocks: ").append(valStr(blockchain.path("blocks"))).append('\n');
        out.append("Headers: ").append(valStr(blockchain.path("headers"))).append('\n');
        double progress = blockchain.path("verificationprogress").asDouble();
        StringBuilder bar = new StringBuilder();
        // The bar is only drawn while more than 1% is left.
        if (progress < 0.99) {
            if (progress >= 0 && progress <= 1) {
                for (int i = 0; i < progress / 0.05; i++) bar.append('\u2592');
                for (int i = 0; i < (1 - progress) / 0.05; i++) bar.append('\u2591');
            }
            bar.append(' ');
        }
        out.append("Verification progress: ").append(bar).append(String.format(Locale.ROOT, "%.4f%%", progress * 100)).append('\n');
        out.append("Difficulty: ").append(valStr(blockchain.path("difficulty"))).append("\n\n");

        out.append(c.green()).append("Network: in ").append(valStr(network.path("connections_in")))
                .append(", out ").append(valStr(network.path("connections_out")))
                .append(", total ").append(valStr(network.path("connections"))).append(c.reset()).append('\n');
        out.append("Version: ").append(valStr(network.path("version"))).append('\n');
        out.append("Time offset (s): ").append(valStr(network.path("timeoffset"))).append('\n');
        out.append("Proxies: ").append(proxies(network.path("networks"))).append('\n');
        out.append("Min tx relay fee rate (BTC/kvB): ").append(valStr(network.path("relayfee"))).append("\n\n");

        if (walletInfo.isPresent()) {
            String name = valStr(walletInfo.get().path("walletname"));
            out.append(c.magenta()).append("Wallet: ").append(name.isEmpty() ? "\"\"" : name).append(c.reset()).append('\n');
            out.append("Keypool size: ").append(valStr(walletInfo.get().path("keypoolsize"))).append('\n');
            JsonNode unlocked = walletInfo.get().path("unlocked_until");
            if (!unlocked.isMissingNode() && !unlocked.isNull()) {
                out.append("Unlocked until: ").append(valStr(unlocked)).append('\n');
            }
            out.append("Transaction fee rate (-paytxfee) (BTC/kvB): ").append(valStr(walletInfo.get().path("paytxfee"))).append('\n');
        }
        if (balances.isPresent()) {
            out.append(c.cyan()).append("Balance:").append(c.reset()).append(' ')
                    .append(valStr(balances.get().path("mine").path("trusted"))).append("\n\n");
        }
        if (perWallet.isPresent()) {
            out.append(c.cyan()).append("Balances").append(c.reset()).append('\n');
            int width = 10;
            for (JsonNode b : perWallet.get().values()) width = Math.max(width, valStr(b).length());
            for (Map.Entry<String, JsonNode> e : perWallet.get().entrySet()) {
                String amount = valStr(e.getValue());
                out.append(" ".repeat(width - amount.length())).append(amount).append(' ')
                        .append(e.getKey().isEmpty() ? "\"\"" : e.getKey()).append('\n');
            }
            out.append('\n');
        }
        String warnings = warnings(network.path("warnings"));
        out.append(c.yellow()).append("Warnings:").append(c.reset()).append(' ').append(warnings.isEmpty() ? "(none)" : warnings);
        return out.toString();
    }

    /** "proxy (net, net), proxy (net)" in first-seen order, or n/a. */
    static String proxies(JsonNode networks) {
        Map<String, List<String>> byProxy = new LinkedHashMap<>();
        for (JsonNode n : networks) {
            String proxy = valStr(n.path("proxy"));
            if (proxy.isEmpty()) continue;
            byProxy.computeIfAbsent(proxy, p -> new ArrayList<>()).add(valStr(n.path("name")));
        }
        if (byProxy.isEmpty()) return "n/a";
        List<String> parts = new ArrayList<>();
        byProxy.forEach((proxy, nets) -> parts.add(proxy + " (" + String.join(", ", nets) + ")"));
        return String.join(", ", parts);
    }

    /** getnetworkinfo's warnings: a string from older servers, a list since bitcoind 28. */
    private static String warnings(JsonNode w) {
        if (w.isArray()) {
            List<String> all = new ArrayList<>();
            for (JsonNode x : w) all.add(x.asText());
            return String.join("\n", all);
        }
        return valStr(w);
    }

    /** UniValue's getValStr: a string's text, a number as written in the JSON, nothing for anything else. */
    static String valStr(JsonNode n) {
        if (n.isTextual()) return n.textValue();
        if (n.isNumber() || n.isBoolean()) return RpcJson.write(n);
        return "";
    }
}
