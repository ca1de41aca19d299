package dev.blocksmith.p2p.addr;

import dev.blocksmith.p2p.Network;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** bitcoind's CNetAddr parsing, printing, routability and grouping for every BIP155 network. */
class NetAddrTest {
    private static final String ONION = "pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion";
    private static final String I2P = "c4gfnttsuwqomiygupdqqqyy5y5emnk5c73hrfvatri67prd7vyq.b32.i2p";

    @Test
    void torV3NamesRoundTripAndABadChecksumIsRefused() {
        NetAddr a = NetAddr.parse(ONION.toUpperCase(), false).orElseThrow();
        assertThat(a.network()).isEqualTo(Network.ONION);
        assertThat(a.bytes()).hasSize(32);
        assertThat(a.host()).isEqualTo(ONION);
        assertThat(a.routable()).isTrue();
        // One character changed: the checksum no longer matches.
        String broken = "q" + ONION.substring(1);
        assertThat(NetAddr.parse(broken, false)).isEmpty();
        assertThat(NetAddr.parse("abc.onion", false)).isEmpty();
    }

    @Test
    void i2pNamesRoundTrip() {
        NetAddr a = NetAddr.parse(I2P, false).orElseThrow();
        assertThat(a.network()).isEqualTo(Network.I2P);
        assertThat(a.host()).isEqualTo(I2P);
        assertThat(NetAddr.ofBip155(5, a.bytes())).contains(a);
    }

    @Test
    void fc00AddressesAreCjdnsOnlyWhenCjdnsIsReachable() {
        NetAddr plain = NetAddr.parse("fc00:1:2:3:4:5:6:7", false).orElseThrow();
        assertThat(plain.network()).isEqualTo(Network.IPV6);
        assertThat(plain.routable()).isFalse(); // RFC4193 unique local
        NetAddr cjdns = NetAddr.parse("fc00:1:2:3:4:5:6:7", true).orElseThrow();
        assertThat(cjdns.network()).isEqualTo(Network.CJDNS);
        assertThat(cjdns.routable()).isTrue();
        assertThat(cjdns.host()).isEqualTo("fc00:1:2:3:4:5:6:7");
        assertThat(cjdns.group()).containsExactly(5, 0xfc - 256, 0x0f);
    }

    @Test
    void groupsAsBitcoindWithoutAnAsmap() {
        assertThat(NetAddr.parse("1.2.3.4", false).orElseThrow().group()).containsExactly(1, 1, 2);
        assertThat(NetAddr.parse("2803:0:1234:abcd::1", false).orElseThrow().group()).containsExactly(2, 0x28, 0x03, 0, 0);
        assertThat(NetAddr.parse("2001:470:1234::1", false).orElseThrow().group()).containsExactly(2, 0x20, 0x01, 0x04, 0x70, 0x1f);
        NetAddr onion = NetAddr.parse(ONION, false).orElseThrow();
        assertThat(onion.group()).containsExactly(3, onion.bytes()[0] | 0x0f);
        assertThat(NetAddr.parse("10.0.0.1", false).orElseThrow().group()).containsExactly(0);
    }

    @Test
    void textsThatAreNoAddressAreRefusedWithoutLookup() {
        assertThat(NetAddr.parse("", false)).isEmpty();
        assertThat(NetAddr.parse("not_an_ip", false)).isEmpty();
        assertThat(NetAddr.parse("example.com", false)).isEmpty();
        assertThat(NetAddr.parse("[::1]", false).orElseThrow().host()).isEqualTo("::1");
    }
}
