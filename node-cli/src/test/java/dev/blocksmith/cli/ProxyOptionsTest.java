package dev.blocksmith.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blocksmith.cli.config.ConfigException;
import dev.blocksmith.cli.node.NodeConfig;
import dev.blocksmith.p2p.Network;
import dev.blocksmith.p2p.NetworkReach;
import dev.blocksmith.p2p.Socks5Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** -proxy, -onion, -i2psam, -onlynet and -listenonion as bitcoind reads them (feature_proxy's cases). */
class ProxyOptionsTest {
    @TempDir
    Path dir;

    private NetworkReach reach(String... args) throws Exception {
        return config(args).p2p().networks();
    }

    private NodeConfig config(String... args) throws Exception {
        List<String> full = new ArrayList<>(List.of("node", "-regtest", "-datadir=" + dir));
        full.addAll(List.of(args));
        Main.Prepared p = Main.prepare(full.toArray(String[]::new), Map.of());
        CommandLine.ParseResult r = p.commandLine().parseArgs(p.args());
        return ((NodeCommand) r.subcommand().commandSpec().userObject()).toConfig();
    }

    private void refused(String message, String... args) {
        assertThatThrownBy(() -> reach(args)).isInstanceOf(ConfigException.class).hasMessage(message);
    }

    private static String proxy(NetworkReach r, Network n) {
        return r.proxy(n).map(Socks5Proxy::display).orElse("");
    }

    @Test
    void oneProxyServesEveryNetworkButI2p() throws Exception {
        NetworkReach r = reach("-proxy=127.0.0.1:9999", "-proxyrandomize=1");
        for (Network n : List.of(Network.IPV4, Network.IPV6, Network.ONION, Network.CJDNS)) {
            assertThat(proxy(r, n)).isEqualTo("127.0.0.1:9999");
            assertThat(r.proxy(n).orElseThrow().randomizeCredentials()).isTrue();
        }
        assertThat(proxy(r, Network.I2P)).isEmpty();
        assertThat(r.isReachable(Network.ONION)).isTrue();
        assertThat(r.isReachable(Network.CJDNS)).isFalse();
        assertThat(r.nameProxy()).isPresent();
    }

    @Test
    void proxiesPerNetworkAndOnionOverride() throws Exception {
        NetworkReach ipv6Only = reach("-proxy=127.6.6.6:6666=ipv6");
        assertThat(proxy(ipv6Only, Network.IPV4)).isEmpty();
        assertThat(proxy(ipv6Only, Network.IPV6)).isEqualTo("127.6.6.6:6666");
        NetworkReach both = reach("-proxy=127.4.4.4:4444=ipv4", "-proxy=127.6.6.6:6666=ipv6");
        assertThat(proxy(both, Network.IPV4)).isEqualTo("127.4.4.4:4444");
        assertThat(proxy(both, Network.IPV6)).isEqualTo("127.6.6.6:6666");
        NetworkReach tor = reach("-proxy=127.1.1.1:1111", "-proxy=127.2.2.2:2222=tor");
        assertThat(proxy(tor, Network.IPV4)).isEqualTo("127.1.1.1:1111");
        assertThat(proxy(tor, Network.ONION)).isEqualTo("127.2.2.2:2222");
        NetworkReach noCjdns = reach("-proxy=127.1.1.1:1111", "-proxy=0=cjdns");
        assertThat(proxy(noCjdns, Network.ONION)).isEqualTo("127.1.1.1:1111");
        assertThat(proxy(noCjdns, Network.CJDNS)).isEmpty();
        NetworkReach onion = reach("-proxy=127.0.0.1:1", "-onion=127.0.0.1:2", "-i2psam=127.0.0.1:7656", "-proxyrandomize=0");
        assertThat(proxy(onion, Network.ONION)).isEqualTo("127.0.0.1:2");
        assertThat(proxy(onion, Network.I2P)).isEqualTo("127.0.0.1:7656");
        assertThat(onion.isReachable(Network.I2P)).isTrue();
        NetworkReach noOnion = reach("-proxy=[::1]:3", "-noonion");
        assertThat(proxy(noOnion, Network.IPV4)).isEqualTo("[::1]:3");
        assertThat(proxy(noOnion, Network.ONION)).isEmpty();
        assertThat(noOnion.isReachable(Network.ONION)).isFalse();
    }

    @Test
    void unixSocketProxies() throws Exception {
        NetworkReach all = reach("-proxy=unix:/tmp/x.sock");
        assertThat(proxy(all, Network.IPV4)).isEqualTo("unix:/tmp/x.sock");
        assertThat(proxy(all, Network.ONION)).isEqualTo("unix:/tmp/x.sock");
        NetworkReach onion = reach("-onion=unix:/tmp/x.sock");
        assertThat(proxy(onion, Network.IPV4)).isEmpty();
        assertThat(proxy(onion, Network.ONION)).isEqualTo("unix:/tmp/x.sock");
        assertThat(onion.isReachable(Network.ONION)).isTrue();
        String tooLong = "unix:" + "x".repeat(1000);
        refused("Invalid -proxy address or hostname: '" + tooLong + "'", "-proxy=" + tooLong);
    }

    @Test
    void bitcoindsStartUpErrors() {
        refused("Invalid -proxy address or hostname: 'abc..abc:23456'", "-proxy=abc..abc:23456");
        refused("Invalid port specified in -proxy: '192.0.0.1:def'", "-proxy=192.0.0.1:def");
        refused("Invalid -onion address or hostname: 'xyz..xyz:23456'", "-onion=xyz..xyz:23456");
        refused("Invalid port specified in -onion: '192.0.0.1:def'", "-onion=192.0.0.1:def");
        refused("Invalid -i2psam address or hostname: 'def..def:23456'", "-i2psam=def..def:23456");
        refused("Invalid port specified in -i2psam: '192.0.0.1:def'", "-i2psam=192.0.0.1:def");
        refused("Outbound connections restricted to i2p (-onlynet=i2p) but -i2psam is not provided", "-onlynet=i2p");
        refused("Outbound connections restricted to CJDNS (-onlynet=cjdns) but -cjdnsreachable is not provided", "-onlynet=cjdns");
        String forbidden = "Outbound connections restricted to Tor (-onlynet=onion) but the proxy for reaching the Tor network is "
                + "explicitly forbidden: -onion=0";
        refused(forbidden, "-onlynet=onion", "-onion=0");
        refused(forbidden, "-onlynet=onion", "-noonion");
        refused("Outbound connections restricted to Tor (-onlynet=onion) but the proxy for reaching the Tor network is not provided: "
                + "none of -proxy, -onion or -listenonion is given", "-onlynet=onion", "-listenonion=0");
        refused("Unknown network specified in -onlynet: 'abc'", "-onlynet=abc");
        refused("Invalid -proxy address or hostname, ends with '=': '127.0.0.1:9050='", "-proxy=127.0.0.1:9050=");
        refused("Unrecognized network in -proxy='127.0.0.1:9050=foo': 'foo'", "-proxy=127.0.0.1:9050=foo");
    }

    @Test
    void onlyOnionWithListenOnionStarts() throws Exception {
        NetworkReach r = reach("-onlynet=onion", "-listenonion=1");
        assertThat(r.isReachable(Network.ONION)).isFalse();
        assertThat(r.isReachable(Network.IPV4)).isFalse();
    }

    @Test
    void onionServiceAndI2pInboundFollowListeningAsInBitcoind() throws Exception {
        dev.blocksmith.p2p.OverlayOptions defaults = config().p2p().overlays();
        assertThat(defaults.listenOnion()).isTrue();
        assertThat(defaults.i2pAcceptIncoming()).isTrue();
        assertThat(defaults.torControl()).isEqualTo("127.0.0.1:9051");
        assertThat(defaults.torPassword()).isEmpty();
        assertThat(defaults.onionProxyGiven()).isFalse();
        // InitParameterInteraction: -listen=0 (given, or set by -connect/-proxy) soft-sets both off
        dev.blocksmith.p2p.OverlayOptions notListening = config("-listen=0").p2p().overlays();
        assertThat(notListening.listenOnion()).isFalse();
        assertThat(notListening.i2pAcceptIncoming()).isFalse();
        assertThat(config("-proxy=127.0.0.1:9050").p2p().overlays().listenOnion()).isFalse();
        assertThat(config("-listen=0", "-listenonion=1", "-i2pacceptincoming=1").p2p().overlays())
                .extracting(dev.blocksmith.p2p.OverlayOptions::listenOnion, dev.blocksmith.p2p.OverlayOptions::i2pAcceptIncoming)
                .containsExactly(true, true);
        dev.blocksmith.p2p.OverlayOptions tor = config("-torcontrol=127.0.0.1:9151", "-torpassword=pw", "-onion=127.0.0.1:9150",
                "-i2pacceptincoming=0").p2p().overlays();
        assertThat(tor.torControl()).isEqualTo("127.0.0.1:9151");
        assertThat(tor.torPassword()).contains("pw");
        assertThat(tor.onionProxyGiven()).isTrue();
        assertThat(tor.i2pAcceptIncoming()).isFalse();
    }
}
