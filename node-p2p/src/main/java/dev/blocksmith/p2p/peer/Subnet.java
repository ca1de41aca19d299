package dev.blocksmith.p2p.peer;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;

/**
 * An IP subnet (a single address is a /32 or /128), as used by setban, or a single Tor v3 address
 * ({@code onion} non-empty: bitcoind bans such an address as a whole, and it never matches an IP peer).
 */
public record Subnet(byte[] network, int prefixBits, String onion) {
    /** A Tor v3 address: 56 base32 characters and ".onion". */
    private static final java.util.regex.Pattern ONION_V3 = java.util.regex.Pattern.compile("[a-z2-7]{56}\\.onion");

    /**
     * bitcoind's ban list order (std::map of CSubNet): IPv4 before IPv6 before Tor, then by address bytes,
     * then by netmask (a wider subnet first).
     */
    public static final Comparator<Subnet> BANLIST_ORDER = Comparator
            .comparingInt(Subnet::networkRank)
            .thenComparing(Subnet::network, Arrays::compareUnsigned)
            .thenComparingInt(Subnet::prefixBits);

    public Subnet {
        if (prefixBits < 0 || prefixBits > network.length * 8) throw new IllegalArgumentException("bad prefix");
        network = mask(network.clone(), prefixBits);
    }

    public Subnet(byte[] network, int prefixBits) {
        this(network, prefixBits, "");
    }

    /**
     * Parses "1.2.3.4", "1.2.3.4/24", "1.2.3.0/255.255.255.0", "::1", "2001:db8::/32" (IP literals only: no
     * name lookups) or a Tor v3 ".onion" address.
     */
    public static Subnet parse(String text) {
        String s = text.trim();
        if (ONION_V3.matcher(s.toLowerCase(Locale.ROOT)).matches()) {
            byte[] name = s.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
            return new Subnet(name, name.length * 8, s.toLowerCase(Locale.ROOT));
        }
        int slash = s.indexOf('/');
        String host = slash < 0 ? s : s.substring(0, slash);
        if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
        byte[] addr = literal(host).orElseThrow(() -> new IllegalArgumentException("not an IP address: " + text));
        if (slash < 0) return new Subnet(addr, addr.length * 8);
        String mask = s.substring(slash + 1);
        int prefix;
        if (mask.matches("\\d{1,3}")) {
            prefix = Integer.parseInt(mask);
        } else {
            byte[] m = literal(mask).orElseThrow(() -> new IllegalArgumentException("bad netmask: " + text));
            if (m.length != addr.length) throw new IllegalArgumentException("bad netmask: " + text);
            prefix = prefixOf(m).orElseThrow(() -> new IllegalArgumentException("non-contiguous netmask: " + text));
        }
        return new Subnet(addr, prefix);
    }

    private static java.util.Optional<byte[]> literal(String host) {
        if (host.isEmpty() || !host.matches("[0-9a-fA-F:.]+")) return java.util.Optional.empty();
        if (!host.contains(":")) {
            String[] parts = host.split("\\.", -1);
            if (parts.length != 4) return java.util.Optional.empty();
            for (String p : parts) {
                if (!p.matches("\\d{1,3}") || Integer.parseInt(p) > 255) return java.util.Optional.empty();
            }
        }
        try {
            return java.util.Optional.of(InetAddress.getByName(host).getAddress());
        } catch (UnknownHostException e) {
            return java.util.Optional.empty();
        }
    }

    private static java.util.OptionalInt prefixOf(byte[] mask) {
        int bits = 0;
        boolean ended = false;
        for (byte b : mask) {
            for (int i = 7; i >= 0; i--) {
                boolean set = ((b >> i) & 1) != 0;
                if (set && ended) return java.util.OptionalInt.empty();
                if (set) bits++;
                else ended = true;
            }
        }
        return java.util.OptionalInt.of(bits);
    }

    public static Subnet of(InetAddress address) {
        byte[] a = address.getAddress();
        return new Subnet(a, a.length * 8);
    }

    public boolean contains(InetAddress address) {
        if (!onion.isEmpty()) return false;
        byte[] a = address.getAddress();
        if (a.length != network.length) return false;
        return Arrays.equals(mask(a, prefixBits), network);
    }

    /** A single IP address (a /32 or /128). */
    public boolean isSingleIp() {
        return onion.isEmpty() && prefixBits == network.length * 8;
    }

    /** The subnet's first address (for a single address: the address). */
    public InetAddress firstAddress() {
        try {
            return InetAddress.getByAddress(network);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private int networkRank() {
        return !onion.isEmpty() ? 3 : network.length == 4 ? 1 : 2;
    }

    @Override
    public byte[] network() {
        return network.clone();
    }

    private static byte[] mask(byte[] a, int bits) {
        for (int i = 0; i < a.length; i++) {
            int keep = Math.max(0, Math.min(8, bits - i * 8));
            a[i] &= (byte) (0xff << (8 - keep));
        }
        return a;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Subnet s && s.prefixBits == prefixBits && Arrays.equals(s.network, network) && s.onion.equals(onion);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(network) * 31 + prefixBits;
    }

    /** bitcoind's form: "1.2.3.4/32", or the bare ".onion" name. */
    @Override
    public String toString() {
        if (!onion.isEmpty()) return onion;
        return firstAddress().getHostAddress() + "/" + prefixBits;
    }
}
