package dev.blocksmith.cli.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blocksmith.cli.config.ConfigException;
import dev.blocksmith.p2p.ListenAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The listening addresses bitcoind derives from -bind, -whitebind and -port (feature_port, feature_bind_extra). */
class ListenPlanTest {
    private static List<String> shown(List<ListenAddress> plan) {
        return plan.stream().map(a -> ListenAddress.addrPort(a.address()) + (a.onion() ? "=onion" : "") + (a.wildcard() ? "*" : "")).toList();
    }

    @Test
    void withoutBindsEveryInterfaceAndTheOnionTargetOnPortPlusOne() throws Exception {
        assertThat(shown(ListenPlan.of(List.of(), List.of(), 18444)))
                .containsExactly("127.0.0.1:18445=onion", "0.0.0.0:18444*", "[::]:18444*");
    }

    @Test
    void aPlainBindIsAlsoTheOnionTargetSoNothingElseIsBound() throws Exception {
        assertThat(shown(ListenPlan.of(List.of("127.0.0.1:9000"), List.of(), 18444))).containsExactly("127.0.0.1:9000");
        assertThat(shown(ListenPlan.of(List.of("0.0.0.0"), List.of(), 18444))).containsExactly("0.0.0.0:18444");
    }

    @Test
    void onionBindsTakePortPlusOneWhenTheyNameNone() throws Exception {
        assertThat(shown(ListenPlan.of(List.of("127.0.0.1=onion"), List.of(), 18444))).containsExactly("127.0.0.1:18445=onion");
        assertThat(shown(ListenPlan.of(List.of("127.0.0.1:9000", "127.0.0.1:9001=onion"), List.of(), 18444)))
                .containsExactly("127.0.0.1:9000", "127.0.0.1:9001=onion");
    }

    @Test
    void onlyAWhitebindStillGetsTheDefaultOnionTarget() throws Exception {
        assertThat(shown(ListenPlan.of(List.of(), List.of(new InetSocketAddress("127.0.0.1", 9000)), 18444)))
                .containsExactly("127.0.0.1:18445=onion");
    }

    @Test
    void theSameAddressTwiceIsRefused() {
        String msg = "Duplicate binding configuration for address 127.0.0.1:11012. Please check your -bind, -bind=...=onion and -whitebind settings.";
        assertThatThrownBy(() -> ListenPlan.of(List.of("127.0.0.1:11012", "127.0.0.1:11012=onion"), List.of(), 18444)).hasMessage(msg);
        assertThatThrownBy(() -> ListenPlan.of(List.of("127.0.0.1:11012"), List.of(new InetSocketAddress("127.0.0.1", 11012)), 18444)).hasMessage(msg);
        assertThatThrownBy(() -> ListenPlan.of(List.of("127.0.0.1:11012", "127.0.0.1:11012"), List.of(), 18444)).hasMessage(msg);
    }

    @Test
    void namesAndBadPortsAreNotResolved() {
        assertThatThrownBy(() -> ListenPlan.of(List.of("localhost"), List.of(), 1)).isInstanceOf(ConfigException.class)
                .hasMessage("Cannot resolve -bind address: 'localhost'");
        assertThatThrownBy(() -> ListenPlan.of(List.of("127.0.0.1:99999"), List.of(), 1)).hasMessage("Cannot resolve -bind address: '127.0.0.1:99999'");
        assertThatThrownBy(() -> ListenPlan.of(List.of("[::1"), List.of(), 1)).hasMessage("Cannot resolve -bind address: '[::1'");
    }

    @Test
    void ipv6IsWrittenInItsShortForm() throws Exception {
        assertThat(shown(ListenPlan.of(List.of("[2001:db8:0:0:1:0:0:1]:5", "[::1]:6"), List.of(), 1)))
                .containsExactly("[2001:db8::1:0:0:1]:5", "[::1]:6");
    }
}
