package dev.blocksmith.p2p.addr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blocksmith.core.crypto.Hashes;
import dev.blocksmith.core.primitives.Hex;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnchorsFileTest {
    private static final byte[] REGTEST = Hex.decode("fabfb5da");
    private static final byte[] MAIN = Hex.decode("f9beb4d9");

    private static AnchorsFile.Anchor ipv4(int port) throws Exception {
        return new AnchorsFile.Anchor(NetAddr.ofIp(InetAddress.getByName("127.0.0.1"), false), port, 0, 100_000_000L);
    }

    @Test
    void bitcoindsLayoutMagicCountDiskVersionAddrv2EntryAndChecksum() throws Exception {
        byte[] file = AnchorsFile.encode(REGTEST, List.of(ipv4(0x2f12)));
        String hex = Hex.encode(file);
        // magic | count 1 | version 220000|1<<29 (LE) | time 100000000 (LE) | services 0 | IPv4 id 1, 4 bytes | port BE
        assertThat(hex).startsWith("fabfb5da" + "01" + "605b0320" + "00e1f505" + "00" + "01" + "04" + "7f000001" + "2f12");
        byte[] body = Arrays.copyOf(file, file.length - 32);
        assertThat(Arrays.copyOfRange(file, file.length - 32, file.length)).isEqualTo(Hashes.sha256d(body));
    }

    @Test
    void roundTripsTorAndIpAddresses() throws Exception {
        NetAddr onion = NetAddr.parse("pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion", false).orElseThrow();
        List<AnchorsFile.Anchor> anchors = List.of(ipv4(18444), new AnchorsFile.Anchor(onion, 8333, 9, 1_700_000_000L));
        List<AnchorsFile.Anchor> back = AnchorsFile.decode(REGTEST, AnchorsFile.encode(REGTEST, anchors)).orElseThrow();
        assertThat(back).hasSize(2);
        assertThat(back.get(1).address()).isEqualTo(onion);
        assertThat(back.get(1).toString()).isEqualTo("pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion:8333");
        assertThat(back.get(1).services()).isEqualTo(9);
        assertThat(back.get(0).port()).isEqualTo(18444);
    }

    @Test
    void anAlteredFileOrAnotherNetworksFileHoldsNoAnchors() throws Exception {
        byte[] file = AnchorsFile.encode(REGTEST, List.of(ipv4(1234)));
        byte[] tweaked = new byte[file.length + 1];
        System.arraycopy(file, 0, tweaked, 0, 20);
        tweaked[20] = '1';
        System.arraycopy(file, 20, tweaked, 21, file.length - 20);
        assertThat(AnchorsFile.decode(REGTEST, tweaked)).isEmpty();
        assertThat(AnchorsFile.decode(MAIN, file)).isEmpty();
        assertThat(AnchorsFile.decode(REGTEST, new byte[3])).isEmpty();
    }

    @Test
    void readingDeletesTheFileSoAnchorsServeOneStart(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("anchors.dat");
        AnchorsFile.write(path, REGTEST, List.of(ipv4(1234)));
        assertThat(AnchorsFile.readAndDelete(path, REGTEST)).hasSize(1);
        assertThat(Files.exists(path)).isFalse();
        assertThat(AnchorsFile.readAndDelete(path, REGTEST)).isEmpty();
        try (var s = Files.list(dir)) {
            assertThat(s.toList()).isEmpty(); // no temporary file left behind
        }
    }
}
