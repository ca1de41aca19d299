package dev.blocksmith.p2p.addr;

import dev.blocksmith.core.crypto.Hashes;
import dev.blocksmith.core.primitives.ByteReader;
import dev.blocksmith.core.primitives.ByteWriter;
import dev.blocksmith.p2p.Network;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * anchors.dat in bitcoind's format (addrdb.cpp SerializeFileDB / DeserializeFileDB of a vector of CAddress in the
 * disk encoding with addrv2): the network magic, a CompactSize count, each address as a disk version word (220000,
 * with bit 29 for addrv2), a 32-bit time, CompactSize services and BIP155 network id, length, bytes and a big-endian
 * port; then the double SHA-256 of everything before it. A file of another network, a wrong checksum or any
 * malformed entry reads as no anchors at all, as bitcoind's ReadAnchors.
 */
public final class AnchorsFile {
    private static final Logger log = LoggerFactory.getLogger(AnchorsFile.class);
    /** bitcoind's CAddress::DISK_VERSION_INIT, DISK_VERSION_ADDRV2 and DISK_VERSION_IGNORE_MASK. */
    static final long DISK_VERSION_INIT = 220_000;
    static final long DISK_VERSION_ADDRV2 = 1L << 29;
    static final long DISK_VERSION_IGNORE_MASK = 0x7ffff;
    private static final int CHECKSUM_BYTES = 32;
    private static final int MAX_ADDRESS_BYTES = 512;

    /** One anchor: a block-relay-only peer's address as bitcoind keeps it (time in Unix seconds). */
    public record Anchor(NetAddr address, int port, long services, long time) {
        @Override
        public String toString() {
            String host = address.host();
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
    }

    private AnchorsFile() {
    }

    /** The file's bytes for these anchors on the network with this magic. */
    public static byte[] encode(byte[] magic, List<Anchor> anchors) {
        ByteWriter w = new ByteWriter();
        w.bytes(magic);
        w.compactSize(anchors.size());
        for (Anchor a : anchors) {
            w.u32le(DISK_VERSION_INIT | DISK_VERSION_ADDRV2);
            w.u32le(a.time() & 0xffffffffL);
            w.compactSize(a.services());
            w.u8(a.address().network().bip155Id());
            w.varBytes(a.address().bytes());
            w.u16be(a.port());
        }
        byte[] body = w.toByteArray();
        byte[] out = Arrays.copyOf(body, body.length + CHECKSUM_BYTES);
        System.arraycopy(Hashes.sha256d(body), 0, out, body.length, CHECKSUM_BYTES);
        return out;
    }

    /** The anchors in a file's bytes; empty when they are not a valid anchors file of this network. */
    public static Optional<List<Anchor>> decode(byte[] magic, byte[] data) {
        if (data.length < magic.length + CHECKSUM_BYTES) return Optional.empty();
        int bodyLength = data.length - CHECKSUM_BYTES;
        byte[] checksum = Hashes.sha256d(Arrays.copyOf(data, bodyLength));
        if (!Arrays.equals(checksum, Arrays.copyOfRange(data, bodyLength, data.length))) return Optional.empty();
        try {
            ByteReader r = new ByteReader(data, 0, bodyLength);
            if (!Arrays.equals(r.bytes(magic.length), magic)) return Optional.empty();
            long count = r.compactSize();
            List<Anchor> anchors = new ArrayList<>();
            for (long i = 0; i < count; i++) {
                Optional<Anchor> a = readOne(r);
                if (a.isEmpty()) return Optional.empty();
                anchors.add(a.get());
            }
            if (r.hasRemaining()) return Optional.empty();
            return Optional.of(List.copyOf(anchors));
        } catch (RuntimeException e) {
            return Optional.empty(); // read past the end: a truncated or altered file
        }
    }

    private static Optional<Anchor> readOne(ByteReader r) {
        long version = r.u32le() & ~DISK_VERSION_IGNORE_MASK;
        long time = r.u32le();
        if (version == 0) {
            // The pre-addrv2 disk encoding: 64-bit services, a 16-byte IPv6 (IPv4-mapped) address.
            long services = r.i64le();
            byte[] ip = r.bytes(16);
            int port = r.u16be();
            boolean mapped = Arrays.equals(Arrays.copyOf(ip, 12), new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff});
            byte[] raw = mapped ? Arrays.copyOfRange(ip, 12, 16) : ip;
            return NetAddr.ofBip155(mapped ? Network.IPV4.bip155Id() : Network.IPV6.bip155Id(), raw)
                    .map(a -> new Anchor(a, port, services, time));
        }
        if (version != DISK_VERSION_ADDRV2) return Optional.empty();
        long services = r.compactSize();
        int networkId = r.u8();
        long length = r.compactSize();
        if (length > MAX_ADDRESS_BYTES) return Optional.empty();
        byte[] raw = r.bytes((int) length);
        int port = r.u16be();
        return NetAddr.ofBip155(networkId, raw).map(a -> new Anchor(a, port, services, time));
    }

    /**
     * bitcoind's DumpAnchors: written to a temporary file first and then renamed over {@code path}, so a crash
     * leaves the old file or the new one.
     */
    public static void write(Path path, byte[] magic, List<Anchor> anchors) throws IOException {
        Path tmp = path.resolveSibling(String.format("anchors.%04x", ThreadLocalRandom.current().nextInt(0x10000)));
        Files.write(tmp, encode(magic, anchors));
        Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * bitcoind's ReadAnchors: the anchors in {@code path} (none when it is missing or not valid), and the file is
     * deleted in any case, so that anchors are used for one start only.
     */
    public static List<Anchor> readAndDelete(Path path, byte[] magic) {
        List<Anchor> anchors = List.of();
        try {
            if (Files.exists(path)) {
                Optional<List<Anchor>> read = decode(magic, Files.readAllBytes(path));
                // bitcoind's line on success; a damaged file is dropped without one.
                read.ifPresent(a -> log.info("Loaded {} addresses from \"{}\"", a.size(), path.getFileName()));
                anchors = read.orElse(List.of());
            }
        } catch (IOException e) {
            anchors = List.of();
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // Left behind, the file is read again at the next start: no worse than bitcoind's failed fs::remove.
        }
        return anchors;
    }
}
