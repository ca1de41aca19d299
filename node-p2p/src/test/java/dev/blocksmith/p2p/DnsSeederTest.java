package dev.blocksmith.p2p;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blocksmith.p2p.addr.AddressManager;
import java.net.InetAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** bitcoind's ThreadDNSAddressSeed with an empty address manager: every seed at once. */
class DnsSeederTest {
    private final AddressManager addrman = new AddressManager(Optional.empty(), Clock.systemUTC());
    private final List<String> fetches = new ArrayList<>();
    private final List<String> asked = new ArrayList<>();

    private DnsSeeder seeder(List<String> seeds, boolean nameProxy) {
        return seeder(seeds, false, nameProxy);
    }

    private DnsSeeder seeder(List<String> seeds, boolean forced, boolean nameProxy) {
        return new DnsSeeder(seeds, false, forced, nameProxy, new DnsSeeder.Network(addrman, 8333, () -> 0, () -> true, () -> true,
                fetches::add, Clock.systemUTC()), host -> {
                    asked.add(host);
                    return host.endsWith("good.example") ? List.of(InetAddress.getByName("8.8.4.4"), InetAddress.getByName("9.9.9.9"))
                            : List.of();
                });
    }

    @Test
    void resolvesTheServiceSubdomainAndFallsBackToAnAddressFetch() throws Exception {
        seeder(List.of("good.example", "bad.example"), false).seed();
        assertThat(asked).containsExactlyInAnyOrder("x9.good.example", "x9.bad.example");
        assertThat(addrman.size()).isEqualTo(2);
        assertThat(fetches).containsExactly("bad.example");
    }

    @Test
    void behindANameProxySeedsBecomeAddressFetches() throws Exception {
        seeder(List.of("good.example"), true).seed();
        assertThat(asked).isEmpty();
        assertThat(fetches).containsExactly("good.example");
        assertThat(addrman.size()).isZero();
    }

    @Test
    void forcedSeedingAsksEverySeedAtOnceDespiteKnownAddresses() throws Exception {
        addrman.add(List.of(new java.net.InetSocketAddress(InetAddress.getByName("1.2.3.4"), 8333)), PeerManager.LOCAL_SERVICES,
                System.currentTimeMillis() / 1000, InetAddress.getLoopbackAddress());
        assertThat(addrman.size()).isEqualTo(1);
        long start = System.nanoTime();
        seeder(List.of("good.example", "bad.example"), true, false).seed();
        // Unforced, a known address means 11 seconds of waiting first (bitcoind's DNSSEEDS_DELAY_FEW_PEERS).
        assertThat(System.nanoTime() - start).isLessThan(5_000_000_000L);
        assertThat(asked).containsExactlyInAnyOrder("x9.good.example", "x9.bad.example");
    }

    @Test
    void noSeedsIsNoWork() throws Exception {
        seeder(List.of(), false).seed();
        assertThat(asked).isEmpty();
        assertThat(fetches).isEmpty();
    }
}
