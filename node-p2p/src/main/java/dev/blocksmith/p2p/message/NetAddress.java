package dev.blocksmith.p2p.message;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * A network address as carried by version and legacy addr messages: service bits, a 16-byte IPv6 (or
 * IPv4-mapped) address and a port, which the wire carries big-endian.
 */
public record NetAddress(long services, byte[] ip16, int port) {
    public NetAddress {
        if (ip16.length != 16) throw new IllegalArgumentException("address must be 16 bytes");
        if (port < 0 || port > 0xffff) throw new IllegalArgumentException("port out of range");
        ip16 = ip16.clone();
    }

    public static NetAddress of(long services, InetSocketAddress socket) {
        return of(services, socket.getAddress(), socket.getPort());
    }

    public static NetAddress of(long services, InetAddress address, int port) {
        byte[] raw = address.getAddress();
        byte[] ip = new byte[16];
        if (raw.length == 4) {
            ip[10] = (byte) 0xff;
            ip[11] = (byte) 0xff;
            System.arraycopy(raw, 0, ip, 12, 4);
        } else {
            System.arraycopy(raw, 0, ip, 0, 16);
        }
        return new NetAddress(services, ip, port);
    }

    public static NetAddress unroutable(long services) {
        return new NetAddress(services, new byte[16], 0);
    }

    @Override
    public byte[] ip16() {
        return ip16.clone();
    }

    /** The address as a Java InetAddress; IPv4-mapped addresses come back as Inet4Address. */
    public InetAddress inetAddress() {
        try {
            return InetAddress.getByAddress(ip16);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("16-byte address rejected", e);
        }
    }

    public InetSocketAddress socketAddress() {
        return new InetSocketAddress(inetAddress(), port);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NetAddress a && a.services == services && a.port == port && Arrays.equals(a.ip16, ip16);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(ip16) * 31 + port;
    }

    @Override
    public String toString() {
        return socketAddress().getAddress().getHostAddress() + ":" + port;
    }
}
