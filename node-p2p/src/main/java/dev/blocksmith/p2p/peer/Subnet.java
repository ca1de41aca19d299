package dev.blocksmith.p2p.peer;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/** An IP subnet (a single address is a /32 or /128), as used by setban. */
public record Subnet(byte[] network, int prefixBits) {
    public Subnet {
        if (prefixBits < 0 || prefixBits > network.length * 8) throw new IllegalArgumentException("bad prefix");
        network = mask(network.clone(), prefixBits);
    }

    /** Parses "1.2.3.4", "1.2.3.4/24", "::1", "2001:db8::/32" (IP literals only: no name lookups). */
    public static Subnet parse(String text) {
        String s = text.trim();
        int slash = s.indexOf('/');
        String host = slash < 0 ? s : s.substring(0, slash);
        if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
        if (!host.matches("[0-9a-fA-F:.]+")) throw new IllegalArgumentException("not an IP address: " + text);
        byte[] addr;
        try {
            addr = InetAddress.getByName(host).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + text, e);
        }
        int prefix = slash < 0 ? addr.length * 8 : Integer.parseInt(s.substring(slash + 1));
        return new Subnet(addr, prefix);
    }

    public static Subnet of(InetAddress address) {
        byte[] a = address.getAddress();
        return new Subnet(a, a.length * 8);
    }

    public boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        if (a.length != network.length) return false;
        return Arrays.equals(mask(a, prefixBits), network);
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
        return o instanceof Subnet s && s.prefixBits == prefixBits && Arrays.equals(s.network, network);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(network) * 31 + prefixBits;
    }

    /** bitcoind's form: "1.2.3.4/32". */
    @Override
    public String toString() {
        try {
            return InetAddress.getByAddress(network).getHostAddress() + "/" + prefixBits;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
