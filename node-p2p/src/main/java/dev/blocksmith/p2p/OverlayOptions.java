package dev.blocksmith.p2p;

import java.util.Optional;

/**
 * The node's own presence on the overlay networks, as bitcoind's options make it: -i2pacceptincoming (a persistent
 * SAM session that accepts inbound I2P streams, with -i2psam) and -listenonion with -torcontrol and -torpassword (an
 * onion service made through the Tor control port).
 *
 * @param onionProxyGiven whether -onion was given: only without it does the Tor control connection also set the
 *                        onion proxy to Tor's own SOCKS port, as bitcoind
 */
public record OverlayOptions(boolean i2pAcceptIncoming, boolean listenOnion, String torControl, Optional<String> torPassword,
                             boolean onionProxyGiven) {
    /** bitcoind's DEFAULT_TOR_CONTROL. */
    public static final String DEFAULT_TOR_CONTROL = "127.0.0.1:9051";

    /** None of the options given: bitcoind's defaults, minus the Tor control connection (tests and tools). */
    public static OverlayOptions none() {
        return new OverlayOptions(true, false, DEFAULT_TOR_CONTROL, Optional.empty(), false);
    }
}
