package dev.blocksmith.p2p;

import dev.blocksmith.p2p.i2p.SamException;
import dev.blocksmith.p2p.i2p.SamSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * I2P through the SAM bridge, as bitcoind's CConnman: with -i2pacceptincoming one persistent session (its key in
 * {@code <datadir>/i2p_private_key}) serves outbound connections and a thread accepting inbound ones; without it
 * each outbound connection gets a transient session, and sessions whose connection failed are kept (up to
 * {@link #MAX_UNUSED_SESSIONS}) for the next attempt. Everything here blocks, so it runs on virtual threads; a
 * stream the bridge opened is handed over as a connected socket.
 */
final class I2pConnector {
    private static final Logger log = LoggerFactory.getLogger(I2pConnector.class);
    /** bitcoind's MAX_UNUSED_I2P_SESSIONS_SIZE. */
    static final int MAX_UNUSED_SESSIONS = 10;
    /** bitcoind's ThreadI2PAcceptIncoming back-off: 1 s after a failure, doubling up to 5 minutes. */
    private static final Duration ERROR_WAIT_BEGIN = Duration.ofSeconds(1);
    private static final Duration ERROR_WAIT_CAP = Duration.ofMinutes(5);
    /** How long one STREAM ACCEPT waits before the loop looks whether the node is stopping. */
    private static final Duration ACCEPT_WAIT = Duration.ofMinutes(1);

    /** Where the node learns of its own I2P address (getnetworkinfo's localaddresses) and forgets it. */
    interface LocalAddresses {
        void add(String host, int port);

        void remove(String host, int port);
    }

    private final InetSocketAddress bridge;
    private final String bridgeDisplay;
    private final Optional<SamSession> persistent;
    private final ArrayDeque<SamSession> unused = new ArrayDeque<>();
    private volatile boolean running = true;
    private Thread acceptThread;

    I2pConnector(InetSocketAddress bridge, String bridgeDisplay, boolean acceptIncoming, Optional<Path> dataDir) {
        this.bridge = bridge;
        this.bridgeDisplay = bridgeDisplay;
        this.persistent = acceptIncoming
                ? Optional.of(SamSession.persistent(bridge, bridgeDisplay,
                        dataDir.orElse(Path.of(".")).resolve("i2p_private_key")))
                : Optional.empty();
    }

    boolean acceptsIncoming() {
        return persistent.isPresent();
    }

    /**
     * A stream to {@code host} (".b32.i2p") through the persistent session or a transient one; the failure text is
     * logged in bitcoind's words ("Error connecting to &lt;host&gt;:0: ...").
     */
    Optional<SocketChannel> connect(String host, int port) {
        SamSession session = persistent.orElseGet(this::transientSession);
        try {
            return Optional.of(session.connect(host));
        } catch (SamException e) {
            log.info("Error connecting to {}:{}: {}", host, port, e.getMessage());
            if (session.isTransient()) keepUnused(session);
            return Optional.empty();
        }
    }

    private SamSession transientSession() {
        synchronized (unused) {
            SamSession reused = unused.poll();
            if (reused != null) return reused;
        }
        return SamSession.transientSession(bridge, bridgeDisplay);
    }

    private void keepUnused(SamSession session) {
        synchronized (unused) {
            if (unused.size() < MAX_UNUSED_SESSIONS) {
                unused.add(session);
                return;
            }
        }
        session.close();
    }

    /** Starts accepting inbound streams (bitcoind's ThreadI2PAcceptIncoming); {@code onAccepted} gets each one. */
    void startAccepting(LocalAddresses local, BiConsumer<SocketChannel, String> onAccepted) {
        SamSession session = persistent.orElseThrow();
        acceptThread = Thread.ofVirtual().name("i2paccept").start(() -> {
            Duration errorWait = ERROR_WAIT_BEGIN;
            Optional<String> advertised = Optional.empty();
            while (running) {
                SamSession.Listening listening;
                try {
                    listening = session.listen();
                } catch (SamException e) {
                    advertised.ifPresent(a -> local.remove(a, NetworkReach.I2P_SAM31_PORT));
                    advertised = Optional.empty();
                    if (!sleep(errorWait)) return;
                    if (errorWait.compareTo(ERROR_WAIT_CAP) < 0) errorWait = errorWait.multipliedBy(2);
                    continue;
                }
                if (advertised.isEmpty()) {
                    local.add(listening.me(), NetworkReach.I2P_SAM31_PORT);
                    advertised = Optional.of(listening.me());
                }
                try {
                    SamSession.Accepted accepted = session.accept(listening, ACCEPT_WAIT);
                    onAccepted.accept(accepted.channel(), accepted.peer());
                } catch (SamException e) {
                    // logged by the session; listen again
                }
            }
        });
    }

    private boolean sleep(Duration d) {
        try {
            Thread.sleep(d);
            return running;
        } catch (InterruptedException e) {
            return false;
        }
    }

    void stop() {
        running = false;
        if (acceptThread != null) acceptThread.interrupt();
        persistent.ifPresent(SamSession::close);
        synchronized (unused) {
            unused.forEach(SamSession::close);
            unused.clear();
        }
    }
}
