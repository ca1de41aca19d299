package dev.blocksmith.p2p;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * A reachability check of the I2P SAM bridge for a {@link P2PNetwork} used without SAM sessions ({@link
 * P2PNetwork#useI2p} not called, as in embedded tests): the failure in bitcoind's words ("Cannot connect to
 * host:port"). The node itself opens sessions ({@link I2pConnector}).
 */
final class I2pSamBridge {
    private static final int CONNECT_TIMEOUT_MILLIS = 5000;

    private I2pSamBridge() {
    }

    /** Why a stream through {@code bridge} could not be opened; blocks while the bridge is dialled. */
    static String connectError(Socks5Proxy bridge) {
        if (!(bridge.server() instanceof InetSocketAddress address)) {
            return "Cannot connect to " + bridge.display();
        }
        try (Socket socket = new Socket()) {
            socket.connect(address, CONNECT_TIMEOUT_MILLIS);
        } catch (IOException e) {
            return "Cannot connect to " + bridge.display();
        }
        return "the SAM bridge " + bridge.display() + " answers, but no SAM session was set up";
    }
}
