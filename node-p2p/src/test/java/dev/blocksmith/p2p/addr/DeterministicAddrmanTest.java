package dev.blocksmith.p2p.addr;

import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With -test=addrman's key (uint256{1}) our bucketing must land where bitcoind's does: the positions
 * below are the ones Core's rpc_net.py asserts for the same addresses.
 */
class DeterministicAddrmanTest {
    private static AddressManager deterministic() {
        AddressManager am = new AddressManager(Optional.empty(), Clock.systemUTC());
        am.makeDeterministic();
        return am;
    }

    private static String slotOf(AddressManager am, String host) {
        return am.tableEntries().stream().filter(e -> e.address().host().equals(host))
                .map(e -> (e.tried() ? "tried " : "new ") + e.bucket() + "/" + e.position()).findFirst().orElse("absent");
    }

    @Test
    void bucketPositionsMatchBitcoind() {
        AddressManager am = deterministic();
        assertThat(am.addPeerAddress(new InetSocketAddress("1.2.3.4", 8333), 9, true)).isEqualTo(AddressManager.AddOutcome.ADDED);
        assertThat(am.addPeerAddress(new InetSocketAddress("2.0.0.0", 8333), 9, false)).isEqualTo(AddressManager.AddOutcome.ADDED);
        assertThat(am.addPeerAddress(new InetSocketAddress("1233:3432:2434:2343:3234:2345:6546:4534", 8333), 9, true)).isEqualTo(AddressManager.AddOutcome.ADDED);
        assertThat(am.addPeerAddress(new InetSocketAddress("2803:0:1234:abcd::1", 45324), 9, false)).isEqualTo(AddressManager.AddOutcome.ADDED);
        assertThat(slotOf(am, "1.2.3.4")).isEqualTo("tried 6/33");
        assertThat(slotOf(am, "2.0.0.0")).isEqualTo("new 82/8");
        assertThat(slotOf(am, "1233:3432:2434:2343:3234:2345:6546:4534")).isEqualTo("tried 197/34");
        assertThat(slotOf(am, "2803:0:1234:abcd::1")).isEqualTo("new 613/6");
    }

    /** rpc_net's seed_addrman with -cjdnsreachable: every BIP155 network lands where bitcoind puts it. */
    @Test
    void bucketPositionsOfEveryNetworkMatchBitcoind() {
        AddressManager am = deterministic();
        am.reachable(java.util.EnumSet.allOf(dev.blocksmith.p2p.Network.class));
        String onion1 = "pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion";
        String onion2 = "nrfj6inpyf73gpkyool35hcmne5zwfmse3jl3aw23vk7chdemalyaqad.onion";
        String i2p = "c4gfnttsuwqomiygupdqqqyy5y5emnk5c73hrfvatri67prd7vyq.b32.i2p";
        add(am, "1.2.3.4", 8333, true);
        add(am, "2.0.0.0", 8333, false);
        add(am, "1233:3432:2434:2343:3234:2345:6546:4534", 8333, true);
        add(am, "2803:0:1234:abcd::1", 45324, false);
        add(am, "fc00:1:2:3:4:5:6:7", 8333, false);
        add(am, onion1, 8333, true);
        add(am, onion2, 45324, true);
        add(am, i2p, 8333, false);
        assertThat(slotOf(am, "fc00:1:2:3:4:5:6:7")).isEqualTo("new 336/24");
        assertThat(slotOf(am, i2p)).isEqualTo("new 963/46");
        assertThat(slotOf(am, onion1)).isEqualTo("tried 72/61");
        assertThat(slotOf(am, onion2)).isEqualTo("tried 139/46");
        assertThat(am.tableEntries()).filteredOn(e -> e.address().host().equals("fc00:1:2:3:4:5:6:7"))
                .singleElement().satisfies(e -> {
                    assertThat(e.address().network()).isEqualTo(dev.blocksmith.p2p.Network.CJDNS);
                    assertThat(e.source().network()).isEqualTo(dev.blocksmith.p2p.Network.CJDNS);
                });
    }

    private static void add(AddressManager am, String host, int port, boolean tried) {
        NetAddr a = NetAddr.parse(host, true).orElseThrow();
        assertThat(am.addPeerAddress(a, port, 9, tried)).isEqualTo(AddressManager.AddOutcome.ADDED);
    }

    @Test
    void addPeerAddressOutcomesAsBitcoind() {
        AddressManager am = deterministic();
        assertThat(am.addPeerAddress(new InetSocketAddress("1.0.0.0", 8333), 9, false)).isEqualTo(AddressManager.AddOutcome.ADDED);
        assertThat(am.addPeerAddress(new InetSocketAddress("1.0.0.0", 8333), 9, true)).isEqualTo(AddressManager.AddOutcome.FAILED_ADDING_TO_NEW);
        assertThat(am.addPeerAddress(new InetSocketAddress("1.2.3.4", 8333), 9, true)).isEqualTo(AddressManager.AddOutcome.ADDED);
        // Core's grinded address whose tried slot is that of 1.2.3.4: it stays in the new table.
        assertThat(am.addPeerAddress(new InetSocketAddress("1.2.5.45", 8333), 9, true)).isEqualTo(AddressManager.AddOutcome.FAILED_ADDING_TO_TRIED);
        assertThat(am.tableEntries()).filteredOn(AddressManager.TableEntry::tried).hasSize(1);
        assertThat(am.tableEntries()).filteredOn(e -> !e.tried()).hasSize(2);
        assertThat(am.addPeerAddress(new InetSocketAddress("10.0.0.1", 8333), 9, false)).isEqualTo(AddressManager.AddOutcome.FAILED_ADDING_TO_NEW);
    }
}
