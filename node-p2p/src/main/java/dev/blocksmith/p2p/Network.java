package dev.blocksmith.p2p;

import java.util.Locale;
import java.util.Optional;

/**
 * The networks a peer address can belong to, in bitcoind's order and with its names (GetNetworkName),
 * each with its BIP155 network id.
 */
public enum Network {
    IPV4("ipv4", 1),
    IPV6("ipv6", 2),
    ONION("onion", 4),
    I2P("i2p", 5),
    CJDNS("cjdns", 6);

    private final String rpcName;
    private final int bip155Id;

    Network(String rpcName, int bip155Id) {
        this.rpcName = rpcName;
        this.bip155Id = bip155Id;
    }

    /** The name RPCs show (getnetworkinfo, getnodeaddresses, getrawaddrman). */
    public String rpcName() {
        return rpcName;
    }

    /** The BIP155 network id of addrv2 entries. */
    public int bip155Id() {
        return bip155Id;
    }

    /** bitcoind's ParseNetwork: a network name as -onlynet and getnodeaddresses take it ("tor" = onion). */
    public static Optional<Network> parse(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.equals("tor")) n = "onion";
        for (Network net : values()) {
            if (net.rpcName.equals(n)) return Optional.of(net);
        }
        return Optional.empty();
    }

    public static Optional<Network> ofBip155Id(int id) {
        for (Network net : values()) {
            if (net.bip155Id == id) return Optional.of(net);
        }
        return Optional.empty();
    }
}
