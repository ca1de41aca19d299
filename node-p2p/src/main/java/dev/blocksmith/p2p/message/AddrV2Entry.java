package dev.blocksmith.p2p.message;

import java.util.Arrays;

/**
 * One entry of a BIP155 addrv2 message. The network id says how to read {@code address}; ids and sizes
 * follow BIP155 (1 IPv4/4, 2 IPv6/16, 4 TorV3/32, 5 I2P/32, 6 CJDNS/16). Unknown ids are kept so that
 * they can be ignored by the address manager rather than failing the whole message, as the BIP asks.
 */
public record AddrV2Entry(long time, long services, int networkId, byte[] address, int port) {
    public static final int NET_IPV4 = 1;
    public static final int NET_IPV6 = 2;
    public static final int NET_TORV3 = 4;
    public static final int NET_I2P = 5;
    public static final int NET_CJDNS = 6;
    /** BIP155: an address longer than 512 bytes makes the message invalid. */
    public static final int MAX_ADDRV2_SIZE = 512;

    public AddrV2Entry {
        address = address.clone();
    }

    @Override
    public byte[] address() {
        return address.clone();
    }

    /** The fixed address length of a known network id, or -1 for an id this node does not know. */
    public static int expectedLength(int networkId) {
        return switch (networkId) {
            case NET_IPV4 -> 4;
            case NET_IPV6, NET_CJDNS -> 16;
            case NET_TORV3, NET_I2P -> 32;
            default -> -1;
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AddrV2Entry e && e.time == time && e.services == services && e.networkId == networkId
                && e.port == port && Arrays.equals(e.address, address);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(address) * 31 + port;
    }
}
