package dev.blocksmith.p2p.i2p;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * A SAM v3.1 session with the I2P router's bridge (-i2psam), as bitcoind's i2p::sam::Session. The session lives as
 * long as its control connection: HELLO, then SESSION CREATE STYLE=STREAM with our destination, and every stream
 * (STREAM CONNECT out, STREAM ACCEPT in) is a further connection that names the session. It is created on first use
 * and again whenever the control connection is found closed.
 * <p>
 * A persistent session (-i2pacceptincoming) keeps its private key in {@code <datadir>/i2p_private_key}, made by the
 * bridge (DEST GENERATE) the first time, so the node keeps its I2P address; a transient one
 * (DESTINATION=TRANSIENT) gets a fresh destination from the bridge and serves outbound connections only.
 */
public final class SamSession implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SamSession.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** bitcoind's nConnectTimeout default for the connection to the bridge. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** bitcoind waits up to 3 minutes for a reply: the router may be looking the name up in the I2P network. */
    static final Duration REPLY_TIMEOUT = Duration.ofMinutes(3);

    private final InetSocketAddress bridge;
    private final String bridgeDisplay;
    private final Optional<Path> privateKeyFile;
    private final Duration replyTimeout;
    private SamConnection control;
    private String sessionId = "";
    private byte[] privateKey = new byte[0];
    private String myAddress = "";

    private SamSession(InetSocketAddress bridge, String bridgeDisplay, Optional<Path> privateKeyFile, Duration replyTimeout) {
        this.bridge = bridge;
        this.bridgeDisplay = bridgeDisplay;
        this.privateKeyFile = privateKeyFile;
        this.replyTimeout = replyTimeout;
    }

    /** A session whose destination is kept in {@code privateKeyFile} (bitcoind's for -i2pacceptincoming=1). */
    public static SamSession persistent(InetSocketAddress bridge, String bridgeDisplay, Path privateKeyFile) {
        return new SamSession(bridge, bridgeDisplay, Optional.of(privateKeyFile), REPLY_TIMEOUT);
    }

    /**
     * A session with a throwaway destination, for outbound connections. As bitcoind, it is created eagerly here;
     * a failure is only logged by the attempt itself and the creation is retried on the first {@link #connect}.
     */
    public static SamSession transientSession(InetSocketAddress bridge, String bridgeDisplay) {
        SamSession session = new SamSession(bridge, bridgeDisplay, Optional.empty(), REPLY_TIMEOUT);
        synchronized (session) {
            try {
                session.createIfNotCreatedAlready();
            } catch (SamException e) {
                // retried when a connection is asked for
            }
        }
        return session;
    }

    static SamSession forTest(InetSocketAddress bridge, Optional<Path> privateKeyFile, Duration replyTimeout) {
        return new SamSession(bridge, bridge.getAddress().getHostAddress() + ":" + bridge.getPort(), privateKeyFile, replyTimeout);
    }

    public boolean isTransient() {
        return privateKeyFile.isEmpty();
    }

    /** Our ".b32.i2p" address once a session exists. */
    public synchronized Optional<String> myAddress() {
        return myAddress.isEmpty() ? Optional.empty() : Optional.of(myAddress);
    }

    /** A stream to the I2P destination {@code host} (a ".b32.i2p" name): the socket carries the peer's bytes next. */
    public SocketChannel connect(String host) throws SamException {
        SamConnection stream = null;
        try {
            String id;
            synchronized (this) {
                createIfNotCreatedAlready();
                id = sessionId;
                stream = hello();
            }
            String destination = stream.request("NAMING LOOKUP NAME=" + host, true, replyTimeout).get("VALUE");
            SamReply reply = stream.request("STREAM CONNECT ID=" + id + " DESTINATION=" + destination + " SILENT=false", false,
                    replyTimeout);
            String result = reply.get("RESULT");
            if (result.equals("OK")) {
                SocketChannel channel = stream.channel();
                stream = null;
                return channel;
            }
            if (result.equals("INVALID_ID")) {
                synchronized (this) {
                    disconnect();
                }
                throw new SamException("Invalid session id");
            }
            throw new SamException("\"" + reply.full() + "\"");
        } finally {
            if (stream != null) stream.close();
            checkControl();
        }
    }

    /**
     * Waits in STREAM ACCEPT for the next inbound stream (bitcoind's Listen): the returned connection's next line
     * is the connecting peer's destination ({@link #accept}).
     */
    public Listening listen() throws SamException {
        try {
            synchronized (this) {
                createIfNotCreatedAlready();
                SamConnection stream = hello();
                SamReply reply;
                try {
                    reply = stream.request("STREAM ACCEPT ID=" + sessionId + " SILENT=false", false, replyTimeout);
                } catch (SamException e) {
                    stream.close();
                    throw e;
                }
                String result = reply.get("RESULT");
                if (result.equals("OK")) return new Listening(stream, myAddress);
                stream.close();
                // An unknown session id: the next use creates the session again.
                if (result.equals("INVALID_ID")) disconnect();
                throw new SamException("\"" + reply.full() + "\"");
            }
        } catch (SamException e) {
            log.error("Couldn't listen: {}", e.getMessage());
            checkControl();
            throw e;
        }
    }

    /** A STREAM ACCEPT waiting for a peer, and our address on it. */
    public record Listening(SamConnection stream, String me) {
    }

    /** An accepted inbound stream: the socket and the peer's ".b32.i2p" address. */
    public record Accepted(SocketChannel channel, String peer) {
    }

    /**
     * The peer of a {@link #listen} connection once it connects (the bridge sends its destination as one line); on an
     * I2P_ERROR line instead the session is closed as bitcoind does, since the router may have dropped it.
     */
    public Accepted accept(Listening listening, Duration wait) throws SamException {
        String line;
        try {
            line = listening.stream().readLine(wait);
        } catch (SamException e) {
            listening.stream().close();
            log.debug("Error accepting: {}", e.getMessage());
            checkControl();
            throw e;
        }
        String peerAddress;
        try {
            peerAddress = I2pDestination.address(I2pDestination.decodeBase64(line));
        } catch (SamException e) {
            listening.stream().close();
            if (line.contains("RESULT=I2P_ERROR")) {
                log.debug("Error accepting (will close the session): unexpected reply that hints the session is unusable: {}", line);
                synchronized (this) {
                    disconnect();
                }
            } else {
                log.debug("Error accepting: {}", e.getMessage());
                checkControl();
            }
            throw e;
        }
        return new Accepted(listening.stream().channel(), peerAddress);
    }

    private void createIfNotCreatedAlready() throws SamException {
        if (control != null && control.isConnected()) return;
        if (control != null) {
            control.close();
            control = null;
        }
        String type = isTransient() ? "transient" : "persistent";
        byte[] random = new byte[5];
        RANDOM.nextBytes(random);
        String id = HexFormat.of().formatHex(random); // ten hex digits, as bitcoind's
        log.debug("Creating {} SAM session {} with {}", type, id, bridgeDisplay);
        SamConnection connection = hello();
        try {
            if (privateKeyFile.isEmpty()) {
                SamReply reply = connection.request("SESSION CREATE STYLE=STREAM ID=" + id + " DESTINATION=TRANSIENT SIGNATURE_TYPE=7 "
                        + "i2cp.leaseSetEncType=4,0 inbound.quantity=1 outbound.quantity=1", true, replyTimeout);
                privateKey = I2pDestination.decodeBase64(reply.get("DESTINATION"));
            } else {
                privateKey = readOrGenerateKey(connection, privateKeyFile.get());
                connection.request("SESSION CREATE STYLE=STREAM ID=" + id + " DESTINATION=" + I2pDestination.encodeBase64(privateKey)
                        + " i2cp.leaseSetEncType=4,0 inbound.quantity=3 outbound.quantity=3", true, replyTimeout);
            }
            myAddress = I2pDestination.address(I2pDestination.ofPrivateKey(privateKey));
        } catch (SamException e) {
            connection.close();
            throw e;
        }
        sessionId = id;
        control = connection;
        log.info("{} SAM session {} created, my address={}:0", type.substring(0, 1).toUpperCase(Locale.ROOT) + type.substring(1),
                sessionId, myAddress);
    }

    /** The destination kept on disk, or a new one from the bridge (DEST GENERATE, Ed25519) saved there. */
    private byte[] readOrGenerateKey(SamConnection connection, Path file) throws SamException {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            // no key yet (or unreadable, as bitcoind treats both): make one
        }
        // Signature type 7 is Ed25519; the number rather than its name, which old i2pd versions do not know.
        SamReply reply = connection.request("DEST GENERATE SIGNATURE_TYPE=7", false, replyTimeout);
        byte[] key = I2pDestination.decodeBase64(reply.get("PRIV"));
        try {
            Files.write(file, key);
        } catch (IOException e) {
            throw new SamException("Cannot save I2P private key to \"" + file + "\"");
        }
        return key;
    }

    private SamConnection hello() throws SamException {
        SamConnection connection = SamConnection.open(bridge, bridgeDisplay, CONNECT_TIMEOUT);
        try {
            connection.request("HELLO VERSION MIN=3.1 MAX=3.1", true, replyTimeout);
        } catch (SamException e) {
            connection.close();
            throw e;
        }
        return connection;
    }

    /** Closes the session when its control connection has gone (bitcoind's CheckControlSock). */
    private synchronized void checkControl() {
        if (control != null && !control.isConnected()) {
            log.debug("Control socket error: Connection unexpectedly closed by peer");
            disconnect();
        }
    }

    private void disconnect() {
        if (control != null) {
            if (sessionId.isEmpty()) log.info("Destroying incomplete SAM session");
            else log.info("Destroying SAM session {}", sessionId);
            control.close();
        }
        control = null;
        sessionId = "";
    }

    @Override
    public synchronized void close() {
        disconnect();
    }
}
