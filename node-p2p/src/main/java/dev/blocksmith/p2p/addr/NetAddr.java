package dev.blocksmith.p2p.addr;

import dev.blocksmith.p2p.Network;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A peer's network address of any BIP155 network (bitcoind's CNetAddr): IPv4 (4 bytes), IPv6 and CJDNS
 * (16 bytes), Tor v3 (the 32-byte service key) and I2P (the 32-byte destination hash). It can be held
 * in the address manager and gossiped whether or not the node can reach that network.
 */
public final class NetAddr {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");
    private static final String BASE32 = "abcdefghijklmnopqrstuvwxyz234567";
    /** Tor v3 addresses end with version byte 3 (rend-spec-v3). */
    private static final byte TORV3_VERSION = 3;

    private final Network network;
    private final byte[] bytes;

    private NetAddr(Network network, byte[] bytes) {
        this.network = network;
        this.bytes = bytes.clone();
    }

    /**
     * An IP address; an IPv6 one in fc00::/8 is a CJDNS address when this host reaches CJDNS (bitcoind's
     * MaybeFlipIPv6toCJDNS). IPv4-mapped IPv6 addresses are taken as IPv4.
     */
    public static NetAddr ofIp(InetAddress ip, boolean cjdnsReachable) {
        byte[] b = ip.getAddress();
        if (b.length == 4) return new NetAddr(Network.IPV4, b);
        if (cjdnsReachable && (b[0] & 0xff) == 0xfc) return new NetAddr(Network.CJDNS, b);
        return new NetAddr(Network.IPV6, b);
    }

    /** An addrv2 entry's address, if its network and length are one of ours (BIP155). */
    public static Optional<NetAddr> ofBip155(int networkId, byte[] raw) {
        Optional<Network> net = Network.ofBip155Id(networkId);
        if (net.isEmpty()) return Optional.empty();
        int expected = switch (net.get()) {
            case IPV4 -> 4;
            case IPV6, CJDNS -> 16;
            case ONION, I2P -> 32;
        };
        if (raw.length != expected) return Optional.empty();
        // bitcoind drops CJDNS addresses outside fc00::/8.
        if (net.get() == Network.CJDNS && (raw[0] & 0xff) != 0xfc) return Optional.empty();
        return Optional.of(new NetAddr(net.get(), raw));
    }

    /**
     * bitcoind's LookupHost without name resolution: an IPv4 or IPv6 literal, a Tor v3 ".onion" name (with
     * a valid checksum) or an I2P ".b32.i2p" name; anything else is empty.
     */
    public static Optional<NetAddr> parse(String text, boolean cjdnsReachable) {
        String t = text.toLowerCase(Locale.ROOT);
        if (t.endsWith(".onion")) return parseOnion(t.substring(0, t.length() - ".onion".length()));
        if (t.endsWith(".b32.i2p")) return parseI2p(t.substring(0, t.length() - ".b32.i2p".length()));
        if (t.startsWith("[") && t.endsWith("]")) t = t.substring(1, t.length() - 1);
        if (!IPV4.matcher(t).matches() && !IPV6.matcher(t).matches()) return Optional.empty();
        try {
            return Optional.of(ofIp(InetAddress.getByName(t), cjdnsReachable)); // a literal: no lookup
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static Optional<NetAddr> parseOnion(String label) {
        // 35 bytes: the 32-byte key, a 2-byte checksum and the version.
        if (label.length() != 56) return Optional.empty();
        Optional<byte[]> decoded = base32Decode(label);
        if (decoded.isEmpty() || decoded.get().length != 35) return Optional.empty();
        byte[] d = decoded.get();
        byte[] key = Arrays.copyOf(d, 32);
        if (d[34] != TORV3_VERSION) return Optional.empty();
        byte[] checksum = torChecksum(key);
        if (d[32] != checksum[0] || d[33] != checksum[1]) return Optional.empty();
        return Optional.of(new NetAddr(Network.ONION, key));
    }

    private static Optional<NetAddr> parseI2p(String label) {
        // 52 characters carry 260 bits: the 32-byte hash and four zero bits (bitcoind's check).
        if (label.length() != 52) return Optional.empty();
        Optional<byte[]> decoded = base32Decode(label);
        if (decoded.isEmpty() || decoded.get().length != 32) return Optional.empty();
        return Optional.of(new NetAddr(Network.I2P, decoded.get()));
    }

    /** rend-spec-v3: SHA3-256(".onion checksum" | key | version), first two bytes. */
    private static byte[] torChecksum(byte[] key) {
        try {
            MessageDigest sha3 = MessageDigest.getInstance("SHA3-256");
            sha3.update(".onion checksum".getBytes(StandardCharsets.US_ASCII));
            sha3.update(key);
            sha3.update(TORV3_VERSION);
            return Arrays.copyOf(sha3.digest(), 2);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA3-256 is part of every Java 21 runtime", e);
        }
    }

    public Network network() {
        return network;
    }

    /** The raw address (bitcoind's m_addr). */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The IP address of an IPv4, IPv6 or CJDNS address. */
    public Optional<InetAddress> inetAddress() {
        if (network == Network.ONION || network == Network.I2P) return Optional.empty();
        try {
            return Optional.of(InetAddress.getByAddress(bytes));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // 4 or 16 bytes
        }
    }

    /** As bitcoind prints it: dotted IPv4, compressed IPv6 (CJDNS too), "<base32>.onion", "<base32>.b32.i2p". */
    public String host() {
        return switch (network) {
            case IPV4 -> inetAddress().orElseThrow().getHostAddress();
            case IPV6, CJDNS -> compressedIpv6(bytes);
            case ONION -> {
                byte[] full = Arrays.copyOf(bytes, 35);
                byte[] checksum = torChecksum(bytes);
                full[32] = checksum[0];
                full[33] = checksum[1];
                full[34] = TORV3_VERSION;
                yield base32Encode(full) + ".onion";
            }
            case I2P -> base32Encode(bytes) + ".b32.i2p";
        };
    }

    /**
     * bitcoind's CNetAddr::IsRoutable: Tor, I2P and CJDNS addresses always are; IP addresses are not when
     * local, private, link-local, multicast, unique-local (fc00::/7), documentation or other reserved ranges.
     */
    public boolean routable() {
        if (network == Network.ONION || network == Network.I2P || network == Network.CJDNS) return true;
        InetAddress a = inetAddress().orElseThrow();
        if (a.isLoopbackAddress() || a.isAnyLocalAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
                || a.isMulticastAddress()) {
            return false;
        }
        int b0 = bytes[0] & 0xff;
        int b1 = bytes[1] & 0xff;
        if (network == Network.IPV4) {
            int b2 = bytes[2] & 0xff;
            if (b0 == 0 || b0 == 127) return false;
            if (b0 == 100 && (b1 & 0xc0) == 64) return false; // RFC6598
            if (b0 == 198 && (b1 & 0xfe) == 18) return false; // RFC2544
            if (b0 == 169 && b1 == 254) return false; // RFC3927
            return !(b0 == 192 && b1 == 0 && b2 == 2 || b0 == 198 && b1 == 51 && b2 == 100 || b0 == 203 && b1 == 0 && b2 == 113);
        }
        if ((b0 & 0xfe) == 0xfc) return false; // RFC4193
        if (b0 == 0x20 && b1 == 0x01 && (bytes[2] & 0xff) == 0x0d && (bytes[3] & 0xff) == 0xb8) return false; // RFC3849
        if (b0 == 0xfe && (b1 & 0xc0) == 0x80) return false; // RFC4862 link-local
        return true;
    }

    /**
     * bitcoind's CNetAddr::GetAddrBytes: the 16-byte v1 form of IPv4 (IPv4-mapped) and IPv6 addresses,
     * the raw bytes of the BIP155-only networks.
     */
    byte[] keyBytes() {
        if (network != Network.IPV4) return bytes.clone();
        byte[] out = new byte[16];
        out[10] = (byte) 0xff;
        out[11] = (byte) 0xff;
        System.arraycopy(bytes, 0, out, 12, 4);
        return out;
    }

    /**
     * bitcoind's NetGroupManager::GetGroup without an ASMap: the network class (bitcoind's enum Network:
     * 0 unroutable, 1 IPv4, 2 IPv6, 3 Tor, 4 I2P, 5 CJDNS), then /16 of IPv4, /32 of IPv6 (/36 in
     * Hurricane Electric's 2001:470::/32), the first 4 bits of Tor and I2P keys, 12 bits of CJDNS
     * addresses (whose first byte is fixed); the remaining bits of a last partial byte are set.
     */
    byte[] group() {
        if (!routable()) return new byte[] {0};
        int netClass;
        int bits;
        switch (network) {
            case IPV4 -> {
                return new byte[] {1, bytes[0], bytes[1]};
            }
            case IPV6 -> {
                netClass = 2;
                boolean heNet = bytes[0] == 0x20 && bytes[1] == 0x01 && bytes[2] == 0x04 && bytes[3] == 0x70;
                bits = heNet ? 36 : 32;
            }
            case ONION -> {
                netClass = 3;
                bits = 4;
            }
            case I2P -> {
                netClass = 4;
                bits = 4;
            }
            case CJDNS -> {
                netClass = 5;
                bits = 12;
            }
            default -> throw new IllegalStateException();
        }
        int whole = bits / 8;
        int rest = bits % 8;
        byte[] out = new byte[1 + whole + (rest > 0 ? 1 : 0)];
        out[0] = (byte) netClass;
        System.arraycopy(bytes, 0, out, 1, whole);
        if (rest > 0) out[1 + whole] = (byte) (bytes[whole] | ((1 << (8 - rest)) - 1));
        return out;
    }

    /** bitcoind's compressed IPv6 text (RFC 5952): the longest run of two or more zero groups becomes "::". */
    public static String compressedIpv6(byte[] b) {
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) g[i] = (b[2 * i] & 0xff) << 8 | (b[2 * i + 1] & 0xff);
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && g[j] == 0) j++;
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') sb.append(':');
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }

    static String base32Encode(byte[] data) {
        StringBuilder sb = new StringBuilder();
        int buffer = 0;
        int bits = 0;
        for (byte x : data) {
            buffer = buffer << 8 | (x & 0xff);
            bits += 8;
            while (bits >= 5) {
                sb.append(BASE32.charAt((buffer >> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        if (bits > 0) sb.append(BASE32.charAt((buffer << (5 - bits)) & 31));
        return sb.toString();
    }

    /** Unpadded lowercase RFC 4648 base32; the bits left over at the end must be zero. */
    static Optional<byte[]> base32Decode(String s) {
        byte[] out = new byte[s.length() * 5 / 8];
        int buffer = 0;
        int bits = 0;
        int n = 0;
        for (char c : s.toCharArray()) {
            int v = BASE32.indexOf(c);
            if (v < 0) return Optional.empty();
            buffer = buffer << 5 | v;
            bits += 5;
            if (bits >= 8) {
                out[n++] = (byte) (buffer >> (bits - 8));
                bits -= 8;
            }
            buffer &= (1 << bits) - 1;
        }
        if (buffer != 0) return Optional.empty();
        return Optional.of(out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NetAddr other && network == other.network && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return network.hashCode() * 31 + Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return host();
    }
}
