package dev.blocksmith.p2p;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * The I2P SAM bridge as far as Blocksmith goes with it: bitcoind's session starts by connecting to the bridge
 * (-i2psam), and that failure is reported in bitcoind's words ("Cannot connect to host:port"). Blocksmith does not
 * speak the SAM protocol itself (HELLO, SESSION CREATE, STREAM CONNECT), so a reachable bridge still gives no stream.
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
        return "the SAM bridge " + bridge.display() + " answers, but Blocksmith does not open I2P SAM sessions";
    }
}
