package dev.blocksmith.rpc.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blocksmith.rpc.json.RpcJson;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GetInfoReportTest {
    private static JsonNode json(String s) {
        return RpcJson.parse(s).orElseThrow();
    }

    private static final JsonNode NETWORK = json("{\"version\":300000,\"timeoffset\":0,\"connections\":3,\"connections_in\":1,"
            + "\"connections_out\":2,\"relayfee\":0.00001000,\"warnings\":[],\"networks\":["
            + "{\"name\":\"ipv4\",\"proxy\":\"127.0.0.1:9050\"},{\"name\":\"ipv6\",\"proxy\":\"127.0.0.1:9050\"},"
            + "{\"name\":\"onion\",\"proxy\":\"127.0.0.1:9050\"},{\"name\":\"i2p\",\"proxy\":\"127.0.0.1:7656\"},"
            + "{\"name\":\"cjdns\",\"proxy\":\"127.0.0.1:9050\"}]}");
    private static final JsonNode CHAIN = json("{\"chain\":\"regtest\",\"blocks\":101,\"headers\":101,"
            + "\"verificationprogress\":1,\"difficulty\":4.656542373906925e-10}");

    @Test
    void layoutWithOneWallet() {
        String out = GetInfoReport.format(NETWORK, CHAIN, Optional.of(json("{\"walletname\":\"\",\"keypoolsize\":4000,"
                + "\"unlocked_until\":0,\"paytxfee\":0.00000000}")), Optional.of(json("{\"mine\":{\"trusted\":50.00000000}}")), Optional.empty(),
                GetInfoReport.Colors.NONE);
        assertThat(out).isEqualTo("Chain: regtest\nBlocks: 101\nHeaders: 101\nVerification progress: 100.0000%\n"
                + "Difficulty: 0.0000000004656542373906925\n\nNetwork: in 1, out 2, total 3\nVersion: 300000\n"
                + "Time offset (s): 0\nProxies: 127.0.0.1:9050 (ipv4, ipv6, onion, cjdns), 127.0.0.1:7656 (i2p)\n"
                + "Min tx relay fee rate (BTC/kvB): 0.00001000\n\nWallet: \"\"\nKeypool size: 4000\nUnlocked until: 0\n"
                + "Transaction fee rate (-paytxfee) (BTC/kvB): 0.00000000\n"
                + "Balance: 50.00000000\n\nWarnings: (none)");
    }

    @Test
    void balancesOfSeveralWalletsAreRightAligned() {
        Map<String, JsonNode> balances = new LinkedHashMap<>();
        balances.put("", json("1059.99992800"));
        balances.put("Encrypted", json("9.00000000"));
        String out = GetInfoReport.format(NETWORK, CHAIN, Optional.empty(), Optional.empty(), Optional.of(balances),
                GetInfoReport.Colors.NONE);
        assertThat(out).contains("\nBalances\n1059.99992800 \"\"\n   9.00000000 Encrypted\n\nWarnings: (none)");
        assertThat(out).doesNotContain("Balance:").doesNotContain("Wallet:");
    }

    @Test
    void colorSetting() {
        assertThat(GetInfoReport.format(NETWORK, CHAIN, Optional.empty(), Optional.empty(), Optional.empty(),
                GetInfoReport.Colors.forSetting("always", false))).contains("\u001B[0m");
        assertThat(GetInfoReport.Colors.forSetting("never", true)).isEqualTo(GetInfoReport.Colors.NONE);
        assertThat(GetInfoReport.Colors.forSetting("auto", false)).isEqualTo(GetInfoReport.Colors.NONE);
        assertThat(GetInfoReport.Colors.forSetting("auto", true)).isEqualTo(GetInfoReport.Colors.ANSI);
        assertThatThrownBy(() -> GetInfoReport.Colors.forSetting("foo", false))
                .hasMessage("Invalid value for -color option. Valid values: always, auto, never.");
    }

    @Test
    void progressBarWhileSyncing() {
        JsonNode syncing = json("{\"chain\":\"main\",\"blocks\":1,\"headers\":2,\"verificationprogress\":0.5,\"difficulty\":1}");
        String out = GetInfoReport.format(json("{\"networks\":[]}"), syncing, Optional.empty(), Optional.empty(), Optional.empty(),
                GetInfoReport.Colors.NONE);
        assertThat(out).contains("Verification progress: " + "\u2592".repeat(10) + "\u2591".repeat(10) + " 50.0000%\n");
        assertThat(out).contains("Proxies: n/a\n");
    }
}
