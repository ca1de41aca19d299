package dev.blocksmith.rpc.server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Objects;

/**
 * An address range allowed to use RPC ({@code -rpcallowip}): a single IP, {@code ip/prefix} or
 * {@code ip/netmask}, IPv4 or IPv6, as bitcoind's LookupSubNet accepts them.
 */
public final class ClientSubnet {
    private final byte[] network;
    private final byte[] mask;
    private final String text;

    private ClientSubnet(byte[] network, byte[] mask, String text) {
        this.network = network;
        this.mask = mask;
        this.text = text;
    }

    /** 127.0.0.0/8 and ::1, which bitcoind always allows. */
    public static final ClientSubnet LOCALHOST_V4 = parse("127.0.0.0/8");
    public static final ClientSubnet LOCALHOST_V6 = parse("::1");

    /**
     * @throws IllegalArgumentException for anything that is not a literal IP or subnet (host names
     *                                  are refused, as bitcoind refuses them for -rpcallowip)
     */
    public static ClientSubnet parse(String spec) {
        Objects.requireNonNull(spec);
        int slash = spec.indexOf('/');
        String addressPart = slash < 0 ? spec : spec.substring(0, slash);
        byte[] address = literal(addressPart, spec);
        byte[] mask = new byte[address.length];
        if (slash < 0) {
            Arrays.fill(mask, (byte) 0xff);
        } else {
            String maskPart = spec.substring(slash + 1);
            if (!maskPart.isEmpty() && maskPart.chars().allMatch(Character::isDigit)) {
                int bits = Integer.parseInt(maskPart);
                if (bits > address.length * 8) throw invalid(spec);
                for (int i = 0; i < bits; i++) mask[i / 8] |= (byte) (0x80 >>> (i % 8));
            } else {
                byte[] m = literal(maskPart, spec);
                if (m.length != address.length || !isContiguous(m)) throw invalid(spec);
                mask = m;
            }
        }
        byte[] network = new byte[address.length];
        for (int i = 0; i < address.length; i++) network[i] = (byte) (address[i] & mask[i]);
        return new ClientSubnet(network, mask, spec);
    }

    public boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        if (a.length == 16 && network.length == 4 && isV4Mapped(a)) {
            a = Arrays.copyOfRange(a, 12, 16);
        }
        if (a.length != network.length) return false;
        for (int i = 0; i < a.length; i++) {
            if ((a[i] & mask[i]) != network[i]) return false;
        }
        return true;
    }

    private static boolean isV4Mapped(byte[] a) {
        for (int i = 0; i < 10; i++) if (a[i] != 0) return false;
        return a[10] == (byte) 0xff && a[11] == (byte) 0xff;
    }

    private static boolean isContiguous(byte[] mask) {
        boolean zeroSeen = false;
        for (byte b : mask) {
            for (int bit = 7; bit >= 0; bit--) {
                boolean one = ((b >> bit) & 1) == 1;
                if (one && zeroSeen) return false;
                if (!one) zeroSeen = true;
            }
        }
        return true;
    }

    private static byte[] literal(String written, String spec) {
        // bitcoind's LookupHost takes an IPv6 literal in brackets too ([::1]).
        String s = written.length() > 2 && written.startsWith("[") && written.endsWith("]")
                ? written.substring(1, written.length() - 1) : written;
        boolean v4 = s.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
        boolean v6 = s.contains(":") && s.matches("[0-9a-fA-F:.]+");
        if (!v4 && !v6) throw invalid(spec);
        try {
            // A literal never triggers a DNS lookup.
            return InetAddress.getByName(s).getAddress();
        } catch (UnknownHostException e) {
            throw invalid(spec);
        }
    }

    private static IllegalArgumentException invalid(String spec) {
        return new IllegalArgumentException("Invalid -rpcallowip subnet specification: " + spec);
    }

    @Override
    public String toString() {
        return text;
    }
}
