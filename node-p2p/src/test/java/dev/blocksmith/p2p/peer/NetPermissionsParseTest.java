package dev.blocksmith.p2p.peer;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** -whitelist / -whitebind values as bitcoind's NetWhitelistPermissions / NetWhitebindPermissions read them. */
class NetPermissionsParseTest {

    private static NetPermissions granted(String value) throws Exception {
        return NetWhitelistPermissions.parse(value).permissions().resolveImplicit(true, false);
    }

    @Test
    void aBareEntryGetsBitcoindsImplicitPermissions() throws Exception {
        assertThat(granted("127.0.0.1").names()).containsExactly("noban", "relay", "mempool", "download");
        assertThat(NetWhitelistPermissions.parse("127.0.0.1").permissions().resolveImplicit(true, true).names())
                .containsExactly("noban", "forcerelay", "relay", "mempool", "download");
    }

    @Test
    void namedPermissionsWithTheirImplications() throws Exception {
        assertThat(granted("noban@127.0.0.1").names()).containsExactly("noban", "download");
        assertThat(granted("forcerelay@127.0.0.1").names()).containsExactly("forcerelay", "relay");
        assertThat(granted("addr@127.0.0.1").names()).containsExactly("addr");
        assertThat(granted("noban,,relay,noban@1.2.3.4").names()).containsExactly("noban", "relay", "download");
        assertThat(granted("@1.2.3.4").names()).isEmpty();
        assertThat(granted("all@127.0.0.1").names())
                .containsExactly("bloomfilter", "noban", "forcerelay", "relay", "mempool", "download", "addr");
        assertThat(granted("bloom@127.0.0.1").names()).containsExactly("bloomfilter");
    }

    @Test
    void directionsAndSubnets() throws Exception {
        NetWhitelistPermissions in = NetWhitelistPermissions.parse("noban@10.0.0.0/8");
        assertThat(in.matches(InetAddress.getByName("10.1.2.3"), true)).isTrue();
        assertThat(in.matches(InetAddress.getByName("10.1.2.3"), false)).isFalse();
        assertThat(in.matches(InetAddress.getByName("11.1.2.3"), true)).isFalse();
        NetWhitelistPermissions out = NetWhitelistPermissions.parse("noban,out@127.0.0.1");
        assertThat(out.matches(InetAddress.getByName("127.0.0.1"), false)).isTrue();
        assertThat(out.matches(InetAddress.getByName("127.0.0.1"), true)).isFalse();
    }

    @Test
    void refusalsUseBitcoindsTexts() {
        assertThatThrownBy(() -> NetWhitelistPermissions.parse("oopsie@127.0.0.1")).hasMessage("Invalid P2P permission: 'oopsie'");
        assertThatThrownBy(() -> NetWhitelistPermissions.parse("in,out@127.0.0.1"))
                .hasMessage("Only direction was set, no permissions: 'in,out@127.0.0.1'");
        assertThatThrownBy(() -> NetWhitelistPermissions.parse("noban@127.0.0.1:230"))
                .hasMessage("Invalid netmask specified in -whitelist: '127.0.0.1:230'");
        assertThatThrownBy(() -> NetWhitelistPermissions.parse("1.2.3.4/33")).hasMessage("Invalid netmask specified in -whitelist: '1.2.3.4/33'");
        assertThatThrownBy(() -> NetWhitelistPermissions.parse("")).hasMessage("Invalid netmask specified in -whitelist: ''");
        assertThatThrownBy(() -> NetWhitebindPermissions.parse("noban@127.0.0.1/10"))
                .hasMessage("Cannot resolve -whitebind address: '127.0.0.1/10'");
        assertThatThrownBy(() -> NetWhitebindPermissions.parse("127.0.0.1")).hasMessage("Need to specify a port with -whitebind: '127.0.0.1'");
        assertThatThrownBy(() -> NetWhitebindPermissions.parse("out@127.0.0.1:7"))
                .hasMessage("whitebind may only be used for incoming connections (\"out\" was passed)");
    }

    @Test
    void whitebindReadsAnAddressAndPort() throws Exception {
        NetWhitebindPermissions wb = NetWhitebindPermissions.parse("relay@127.0.0.1:99");
        assertThat(wb.address().getPort()).isEqualTo(99);
        assertThat(wb.permissions().names()).containsExactly("relay");
        assertThat(NetWhitebindPermissions.parse("[::1]:8").address().getAddress().isLoopbackAddress()).isTrue();
    }
}
