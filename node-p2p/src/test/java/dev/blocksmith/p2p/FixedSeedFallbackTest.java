package dev.blocksmith.p2p;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blocksmith.p2p.FixedSeedFallback.Net;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** bitcoind's fixed-seed conditions in ThreadOpenConnections. */
class FixedSeedFallbackTest {
    private static final long START = 1_700_000_000L;
    private static final Set<Net> BOTH = EnumSet.allOf(Net.class);

    private static List<InetSocketAddress> seeds() throws Exception {
        return List.of(new InetSocketAddress(InetAddress.getByName("1.2.3.4"), 8333),
                new InetSocketAddress(InetAddress.getByName("2001:db8::1"), 8333));
    }

    @Test
    void withoutOtherSourcesTheSeedsComeAtOnce() throws Exception {
        FixedSeedFallback f = new FixedSeedFallback(true, seeds(), false, false, START);
        assertThat(f.poll(START, () -> BOTH, false)).contains(seeds());
        assertThat(f.poll(START + 1000, () -> BOTH, false)).isEmpty();
    }

    @Test
    void dnsSeedsSeedNodesAndAddedNodesGetSixtySeconds() throws Exception {
        for (FixedSeedFallback f : List.of(new FixedSeedFallback(true, seeds(), true, false, START),
                new FixedSeedFallback(true, seeds(), false, true, START))) {
            assertThat(f.poll(START + 60, () -> BOTH, false)).isEmpty();
            assertThat(f.poll(START + 61, () -> BOTH, false)).isPresent();
        }
        FixedSeedFallback addNode = new FixedSeedFallback(true, seeds(), false, false, START);
        assertThat(addNode.poll(START + 10, () -> BOTH, true)).isEmpty();
        assertThat(addNode.poll(START + 61, () -> BOTH, true)).isPresent();
    }

    @Test
    void onlyNetworksWithoutAddressesGetSeedsAndNothingHappensWhenAllHaveSome() throws Exception {
        FixedSeedFallback f = new FixedSeedFallback(true, seeds(), false, false, START);
        assertThat(f.poll(START, () -> EnumSet.noneOf(Net.class), false)).isEmpty();
        Optional<List<InetSocketAddress>> v6 = f.poll(START, () -> EnumSet.of(Net.IPV6), false);
        assertThat(v6).contains(List.of(seeds().get(1)));
    }

    @Test
    void disabledNeverAdds() throws Exception {
        FixedSeedFallback f = new FixedSeedFallback(false, seeds(), false, false, START);
        assertThat(f.poll(START + 1000, () -> BOTH, false)).isEmpty();
    }
}
