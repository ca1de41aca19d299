package dev.blocksmith.p2p.addr;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class AddressManagerTest {
    private static final Clock CLOCK = Clock.systemUTC();

    private static InetSocketAddress addr(String ip) {
        return new InetSocketAddress(ip, 8333);
    }

    @Test
    void addsSelectsAndPromotesToTried() throws Exception {
        AddressManager am = new AddressManager(Optional.empty(), CLOCK);
        InetAddress source = InetAddress.getByName("8.8.8.8");
        long now = CLOCK.millis() / 1000;
        assertThat(am.add(List.of(addr("1.2.3.4"), addr("5.6.7.8")), 9, now, source)).isEqualTo(2);
        assertThat(am.add(List.of(addr("1.2.3.4")), 9, now, source)).isZero();
        assertThat(am.size()).isEqualTo(2);
        am.markGood(addr("1.2.3.4"), 9);
        assertThat(am.sample(0)).filteredOn(KnownAddress::tried).extracting(KnownAddress::host).containsExactly("1.2.3.4");
        Set<String> picked = new HashSet<>();
        for (int i = 0; i < 200; i++) picked.add(am.select().orElseThrow().host());
        assertThat(picked).containsExactlyInAnyOrder("1.2.3.4", "5.6.7.8");
    }

    @Test
    void oneSourceGroupCannotFillTheNewTable() throws Exception {
        AddressManager am = new AddressManager(Optional.empty(), CLOCK);
        InetAddress source = InetAddress.getByName("9.9.9.9");
        long now = CLOCK.millis() / 1000;
        // 20,000 addresses from a single /16 sent by a single source land in one bucket of 64 slots.
        List<InetSocketAddress> flood = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) flood.add(addr("44.20." + (i / 250) + "." + (i % 250 + 1)));
        am.add(flood, 9, now, source);
        assertThat(am.size()).isLessThanOrEqualTo(AddressManager.BUCKET_SIZE);
    }

    @Test
    void unroutableAddressesAreNotKept() throws Exception {
        AddressManager am = new AddressManager(Optional.empty(), CLOCK);
        long now = CLOCK.millis() / 1000;
        am.add(List.of(addr("127.0.0.1"), addr("10.1.2.3"), addr("192.168.1.1"), addr("169.254.1.1"), addr("0.0.0.0")), 9, now,
                InetAddress.getByName("8.8.8.8"));
        am.markGood(addr("127.0.0.1"), 9);
        assertThat(am.size()).isZero();
    }

    @Test
    void persistsToPeersJson(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("peers.dat");
        AddressManager am = new AddressManager(Optional.of(file), CLOCK);
        long now = CLOCK.millis() / 1000;
        am.add(List.of(addr("1.2.3.4"), addr("2001:4860::1")), 9, now, InetAddress.getByName("8.8.8.8"));
        am.markGood(addr("1.2.3.4"), 9);
        am.save();
        assertThat(Files.readString(file)).contains("1.2.3.4", "2001:4860::1");
        AddressManager reloaded = new AddressManager(Optional.of(file), CLOCK);
        assertThat(reloaded.sample(0)).extracting(KnownAddress::host).containsExactlyInAnyOrder("1.2.3.4", "2001:4860::1");
        assertThat(reloaded.sample(0)).filteredOn(KnownAddress::tried).hasSize(1);
    }

    @Test
    void unreadablePeersJsonIsIgnored(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("peers.dat");
        Files.writeString(file, "{not json");
        assertThat(new AddressManager(Optional.of(file), CLOCK).size()).isZero();
    }
}
