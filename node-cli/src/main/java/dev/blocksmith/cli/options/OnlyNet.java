package dev.blocksmith.cli.options;

import dev.blocksmith.cli.config.ConfigException;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * bitcoind's {@code -onlynet}: the networks automatic outbound connections may go to. Blocksmith reaches
 * IPv4 and IPv6 peers only, so it can honour a choice of both, or of neither (then it makes no automatic
 * connections); one without the other it cannot honour and refuses, rather than connect where the
 * operator said not to.
 */
record OnlyNet(Set<Net> networks) {
    enum Net { IPV4, IPV6, ONION, I2P, CJDNS }

    static OnlyNet parse(List<String> values) throws ConfigException {
        Set<Net> nets = EnumSet.noneOf(Net.class);
        for (String v : values) {
            String n = v.toLowerCase(Locale.ROOT);
            if (n.equals("tor")) n = "onion";
            try {
                nets.add(Net.valueOf(n.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("Unknown network specified in -onlynet: '" + v + "'");
            }
        }
        OnlyNet o = new OnlyNet(Set.copyOf(nets));
        if (!nets.isEmpty() && nets.contains(Net.IPV4) != nets.contains(Net.IPV6)) {
            throw new ConfigException("-onlynet=" + (nets.contains(Net.IPV4) ? "ipv4" : "ipv6")
                    + " without the other IP network is not supported by Blocksmith yet: automatic connections would not be limited to it");
        }
        return o;
    }

    /** Given, and naming neither IPv4 nor IPv6. */
    boolean excludesClearnet() {
        return !networks.isEmpty() && !networks.contains(Net.IPV4) && !networks.contains(Net.IPV6);
    }
}
