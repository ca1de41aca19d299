package dev.blocksmith.p2p.peer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class BanManagerTest {
    @Test
    void subnetsMatchByPrefix() throws Exception {
        Subnet s = Subnet.parse("192.168.0.0/16");
        assertThat(s.contains(InetAddress.getByName("192.168.4.5"))).isTrue();
        assertThat(s.contains(InetAddress.getByName("192.169.0.1"))).isFalse();
        assertThat(s.contains(InetAddress.getByName("::1"))).isFalse();
        assertThat(Subnet.parse("192.168.7.7/16")).isEqualTo(s);
        assertThat(Subnet.parse("1.2.3.4").toString()).isEqualTo("1.2.3.4/32");
        assertThat(Subnet.parse("[2001:db8::1]").prefixBits()).isEqualTo(128);
    }

    @Test
    void bansPersistAndExpire(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("banlist.json");
        Clock t0 = Clock.fixed(Instant.ofEpochSecond(1_000_000), ZoneOffset.UTC);
        BanManager bans = new BanManager(Optional.of(file), t0);
        bans.ban(Subnet.parse("1.2.3.0/24"), 1_000_100);
        assertThat(bans.isBanned(InetAddress.getByName("1.2.3.99"))).isTrue();
        assertThat(Files.readString(file)).contains("1.2.3.0/24");

        BanManager reloaded = new BanManager(Optional.of(file), t0);
        assertThat(reloaded.list()).singleElement().satisfies(e -> {
            assertThat(e.address()).isEqualTo("1.2.3.0/24");
            assertThat(e.bannedUntil()).isEqualTo(1_000_100);
            assertThat(e.banCreated()).isEqualTo(1_000_000);
        });
        BanManager later = new BanManager(Optional.of(file), Clock.fixed(Instant.ofEpochSecond(1_000_101), ZoneOffset.UTC));
        assertThat(later.list()).isEmpty();
        assertThat(later.isBanned(InetAddress.getByName("1.2.3.99"))).isFalse();
    }

    @Test
    void clearDropsBansAndDiscouragement() throws Exception {
        BanManager bans = new BanManager(Optional.empty(), Clock.systemUTC());
        InetAddress a = InetAddress.getByName("5.5.5.5");
        bans.discourage(a);
        bans.ban(Subnet.of(a), Long.MAX_VALUE);
        assertThat(bans.isDiscouraged(a)).isTrue();
        bans.clear();
        assertThat(bans.isDiscouraged(a)).isFalse();
        assertThat(bans.isBanned(a)).isFalse();
    }
}
