package dev.blocksmith.p2p.tor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * bitcoind's TorController (-listenonion): connects to Tor's control port (-torcontrol), authenticates (a -torpassword
 * with HASHEDPASSWORD, else NULL, else SAFECOOKIE with the cookie file Tor names), points the onion proxy at Tor's
 * SOCKS port when -onion was not given, and creates an onion service (ADD_ONION) whose key is kept in
 * {@code <datadir>/onion_v3_private_key}, so the node keeps its .onion address; the address is advertised as a local
 * one while the control connection lasts. A lost or refused connection is retried after 1 s, growing by half each
 * time up to 10 minutes, as bitcoind.
 */
public final class TorController {
    private static final Logger log = LoggerFactory.getLogger(TorController.class);
    /** bitcoind's DEFAULT_TOR_CONTROL_PORT and DEFAULT_TOR_SOCKS_PORT. */
    public static final int DEFAULT_CONTROL_PORT = 9051;
    public static final int DEFAULT_SOCKS_PORT = 9050;
    static final String KEY_FILE = "onion_v3_private_key";
    /** Tor's SAFECOOKIE HMAC keys (control-spec, AUTHCHALLENGE). */
    private static final String SERVER_KEY = "Tor safe cookie authentication server-to-controller hash";
    private static final String CLIENT_KEY = "Tor safe cookie authentication controller-to-server hash";
    private static final int COOKIE_SIZE = 32;
    private static final int NONCE_SIZE = 32;
    private static final double RECONNECT_START_SECONDS = 1.0;
    private static final double RECONNECT_FACTOR = 1.5;
    private static final double RECONNECT_MAX_SECONDS = 600.0;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(60);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What the controller changes in the node. */
    public interface Node {
        /** The onion service is up: advertise {@code host:port} (bitcoind's AddLocal with LOCAL_MANUAL). */
        void addLocal(String host, int port);

        /** The control connection is gone: stop advertising it. */
        void removeLocal(String host, int port);

        /** Tor's SOCKS port, as the onion proxy (only asked for without -onion). */
        void useOnionProxy(InetSocketAddress socks);
    }

    /**
     * @param control        -torcontrol's address and its text for the log
     * @param serviceTarget  where the onion service's connections go (an onion bind, else the first bind, else
     *                       127.0.0.1 on the port after -port)
     * @param virtualPort    the onion service's port: the network's default P2P port, as bitcoind
     * @param setOnionProxy  whether -onion was not given
     */
    public record Settings(InetSocketAddress control, String controlText, Optional<String> password, InetSocketAddress serviceTarget,
                           int virtualPort, Path dataDir, boolean setOnionProxy) {
    }

    private final Settings settings;
    private final Node node;
    private volatile boolean running = true;
    private volatile Optional<String> service = Optional.empty();
    private volatile TorControlConnection current;
    private Thread thread;

    public TorController(Settings settings, Node node) {
        this.settings = settings;
        this.node = node;
    }

    /** Starts the connection loop on its own (virtual) thread. */
    public void start() {
        thread = Thread.ofVirtual().name("torcontrol").start(this::run);
    }

    public void stop() {
        running = false;
        TorControlConnection c = current;
        if (c != null) c.close();
        if (thread != null) thread.interrupt();
        withdraw();
    }

    /** The onion address being advertised, if any. */
    public Optional<String> service() {
        return service;
    }

    private void run() {
        double wait = RECONNECT_START_SECONDS;
        while (running) {
            try (TorControlConnection connection = TorControlConnection.open(settings.control(), CONNECT_TIMEOUT)) {
                current = connection;
                wait = RECONNECT_START_SECONDS;
                log.debug("Successfully connected to Tor control port {}", settings.controlText());
                setUp(connection);
                // The service lives as long as this connection: wait for Tor to close it.
                while (running) connection.reply(Duration.ZERO);
            } catch (IOException e) {
                // refused, lost or closed
            } finally {
                current = null;
                withdraw();
            }
            if (!running) return;
            log.debug("Not connected to Tor control port {}, trying to reconnect", settings.controlText());
            try {
                Thread.sleep(Duration.ofMillis((long) (wait * 1000)));
            } catch (InterruptedException e) {
                return;
            }
            wait = Math.min(wait * RECONNECT_FACTOR, RECONNECT_MAX_SECONDS);
        }
    }

    private void withdraw() {
        Optional<String> s = service;
        service = Optional.empty();
        s.ifPresent(host -> node.removeLocal(host, settings.virtualPort()));
    }

    /**
     * PROTOCOLINFO, authentication, the onion proxy and ADD_ONION on a fresh connection; a refusal is logged and
     * leaves the connection open, as bitcoind. Package-private for the tests.
     */
    void setUp(TorControlConnection c) throws IOException {
        if (!authenticate(c)) return;
        log.debug("Authentication successful");
        if (settings.setOnionProxy()) configureOnionProxy(c);
        addOnion(c);
    }

    private boolean authenticate(TorControlConnection c) throws IOException {
        TorControlReply info = c.command("PROTOCOLINFO 1", REPLY_TIMEOUT);
        if (info.code() != 250) {
            log.info("tor: Requesting protocol info failed");
            return false;
        }
        Set<String> methods = new LinkedHashSet<>();
        String cookieFile = "";
        for (String line : info.lines()) {
            Map.Entry<String, String> l = TorControlReply.splitLine(line);
            Map<String, String> m = TorControlReply.mapping(l.getValue()).orElse(Map.of());
            if (l.getKey().equals("AUTH")) {
                if (m.containsKey("METHODS")) methods.addAll(Arrays.asList(m.get("METHODS").split(",")));
                if (m.containsKey("COOKIEFILE")) cookieFile = m.get("COOKIEFILE");
            } else if (l.getKey().equals("VERSION") && m.containsKey("Tor")) {
                log.debug("Connected to Tor version {}", m.get("Tor"));
            }
        }
        for (String m : methods) log.debug("Supported authentication method: {}", m);
        TorControlReply auth;
        if (settings.password().isPresent()) {
            if (!methods.contains("HASHEDPASSWORD")) {
                log.info("tor: Password provided with -torpassword, but HASHEDPASSWORD authentication is not available");
                return false;
            }
            log.debug("Using HASHEDPASSWORD authentication");
            auth = c.command("AUTHENTICATE \"" + settings.password().get().replace("\"", "\\\"") + "\"", REPLY_TIMEOUT);
        } else if (methods.contains("NULL")) {
            log.debug("Using NULL authentication");
            auth = c.command("AUTHENTICATE", REPLY_TIMEOUT);
        } else if (methods.contains("SAFECOOKIE")) {
            log.debug("Using SAFECOOKIE authentication, reading cookie authentication from {}", cookieFile);
            Optional<TorControlReply> r = safeCookie(c, cookieFile);
            if (r.isEmpty()) return false;
            auth = r.get();
        } else if (methods.contains("HASHEDPASSWORD")) {
            log.info("tor: The current Tor configuration requires password authentication, but no password provided with -torpassword");
            return false;
        } else {
            log.info("tor: No supported authentication method");
            return false;
        }
        if (auth.code() != 250) {
            log.info("tor: Authentication failed");
            return false;
        }
        return true;
    }

    /** AUTHCHALLENGE SAFECOOKIE: both sides prove knowledge of the cookie without sending it. */
    private Optional<TorControlReply> safeCookie(TorControlConnection c, String cookieFile) throws IOException {
        byte[] cookie;
        try (InputStream in = Files.newInputStream(Path.of(cookieFile))) {
            cookie = in.readNBytes(COOKIE_SIZE + 1);
        } catch (IOException | RuntimeException e) {
            log.info("tor: Authentication cookie {} could not be opened (check permissions)", cookieFile);
            return Optional.empty();
        }
        if (cookie.length != COOKIE_SIZE) {
            log.info("tor: Authentication cookie {} is not exactly {} bytes, as is required by the spec", cookieFile, COOKIE_SIZE);
            return Optional.empty();
        }
        byte[] clientNonce = new byte[NONCE_SIZE];
        RANDOM.nextBytes(clientNonce);
        HexFormat hex = HexFormat.of();
        TorControlReply challenge = c.command("AUTHCHALLENGE SAFECOOKIE " + hex.formatHex(clientNonce), REPLY_TIMEOUT);
        if (challenge.code() != 250) {
            log.info("tor: SAFECOOKIE authentication challenge failed");
            return Optional.empty();
        }
        log.debug("SAFECOOKIE authentication challenge successful");
        Map.Entry<String, String> l = TorControlReply.splitLine(challenge.lines().getFirst());
        if (!l.getKey().equals("AUTHCHALLENGE")) {
            log.info("tor: Invalid reply to AUTHCHALLENGE");
            return Optional.empty();
        }
        Map<String, String> m = TorControlReply.mapping(l.getValue()).orElse(Map.of());
        byte[] serverHash = parseHex(m.getOrDefault("SERVERHASH", ""));
        byte[] serverNonce = parseHex(m.getOrDefault("SERVERNONCE", ""));
        log.debug("AUTHCHALLENGE ServerHash {} ServerNonce {}", hex.formatHex(serverHash), hex.formatHex(serverNonce));
        if (serverNonce.length != NONCE_SIZE) {
            log.info("tor: ServerNonce is not 32 bytes, as required by spec");
            return Optional.empty();
        }
        byte[] expected = safeCookieHash(SERVER_KEY, cookie, clientNonce, serverNonce);
        if (!java.security.MessageDigest.isEqual(expected, serverHash)) {
            log.info("tor: ServerHash {} does not match expected ServerHash {}", hex.formatHex(serverHash), hex.formatHex(expected));
            return Optional.empty();
        }
        byte[] clientHash = safeCookieHash(CLIENT_KEY, cookie, clientNonce, serverNonce);
        return Optional.of(c.command("AUTHENTICATE " + hex.formatHex(clientHash), REPLY_TIMEOUT));
    }

    /** HMAC-SHA256(key, cookie | client nonce | server nonce). */
    static byte[] safeCookieHash(String key, byte[] cookie, byte[] clientNonce, byte[] serverNonce) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
            mac.update(cookie);
            mac.update(clientNonce);
            mac.update(serverNonce);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** Hex digits to bytes, as bitcoind's ParseHex: stops at the first character that is not a hex pair. */
    private static byte[] parseHex(String s) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int i = 0; i + 1 < s.length(); i += 2) {
            int hi = Character.digit(s.charAt(i), 16);
            int lo = Character.digit(s.charAt(i + 1), 16);
            if (hi < 0 || lo < 0) break;
            out.write(hi * 16 + lo);
        }
        return out.toByteArray();
    }

    /** GETINFO net/listeners/socks: Tor's SOCKS listener (127.0.0.1 preferred; 127.0.0.1:9050 failing that). */
    private void configureOnionProxy(TorControlConnection c) throws IOException {
        TorControlReply r = c.command("GETINFO net/listeners/socks", REPLY_TIMEOUT);
        String location = "";
        if (r.code() == 250) {
            for (String line : r.lines()) {
                if (!line.startsWith("net/listeners/socks=")) continue;
                for (String port : line.substring("net/listeners/socks=".length()).split(" ")) {
                    if (port.isEmpty()) continue;
                    if ((port.charAt(0) == '"' || port.charAt(0) == '\'') && port.length() >= 2
                            && port.charAt(port.length() - 1) == port.charAt(0)) {
                        port = port.substring(1, port.length() - 1);
                        if (port.isEmpty()) continue;
                    }
                    location = port;
                    if (port.startsWith("127.0.0.1:")) break;
                }
            }
            if (!location.isEmpty()) log.debug("Get SOCKS port command yielded {}", location);
            else log.info("tor: Get SOCKS port command returned nothing");
        } else if (r.code() == 510) {
            log.info("tor: Get SOCKS port command failed with unrecognized command (You probably should upgrade Tor)");
        } else {
            log.info("tor: Get SOCKS port command failed; error code {}", r.code());
        }
        InetSocketAddress socks = numericHostPort(location).orElse(new InetSocketAddress("127.0.0.1", DEFAULT_SOCKS_PORT));
        log.debug("Configuring onion proxy for {}:{}", socks.getAddress().getHostAddress(), socks.getPort());
        node.useOnionProxy(socks);
    }

    /** "ip:port" or "[ipv6]:port" with numeric addresses only (bitcoind's LookupNumeric); nothing is resolved. */
    static Optional<InetSocketAddress> numericHostPort(String s) {
        int colon = s.lastIndexOf(':');
        if (colon <= 0) return Optional.empty();
        String host = s.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
        int port;
        try {
            port = Integer.parseInt(s.substring(colon + 1));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (port < 0 || port > 0xffff || !(host.matches("[0-9.]+") || host.contains(":"))) return Optional.empty();
        try {
            // a literal (checked above): getByName parses it without a lookup
            return Optional.of(new InetSocketAddress(java.net.InetAddress.getByName(host), port));
        } catch (java.net.UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** ADD_ONION with the kept key (or a new Ed25519 one), then the service is cached and advertised. */
    private void addOnion(TorControlConnection c) throws IOException {
        Path keyFile = settings.dataDir().resolve(KEY_FILE);
        String privateKey = "NEW:ED25519-V3";
        if (Files.isReadable(keyFile)) {
            log.debug("Reading cached private key from {}", keyFile);
            privateKey = Files.readString(keyFile, StandardCharsets.UTF_8).strip();
        }
        InetSocketAddress target = settings.serviceTarget();
        String targetText = target.getAddress() instanceof java.net.Inet6Address
                ? "[" + target.getAddress().getHostAddress() + "]:" + target.getPort()
                : target.getAddress().getHostAddress() + ":" + target.getPort();
        TorControlReply r = c.command("ADD_ONION " + privateKey + " Port=" + settings.virtualPort() + "," + targetText, REPLY_TIMEOUT);
        if (r.code() == 250) {
            log.debug("ADD_ONION successful");
            String serviceId = "";
            for (String line : r.lines()) {
                Map<String, String> m = TorControlReply.mapping(line).orElse(Map.of());
                if (m.containsKey("ServiceID")) serviceId = m.get("ServiceID");
                if (m.containsKey("PrivateKey")) privateKey = m.get("PrivateKey");
            }
            if (serviceId.isEmpty()) {
                log.info("tor: Error parsing ADD_ONION parameters:");
                for (String line : r.lines()) log.info("    {}", line);
                return;
            }
            String host = serviceId + ".onion";
            log.info("tor: Got tor service ID {}, advertising service {}:{}", serviceId, host, settings.virtualPort());
            try {
                Files.writeString(keyFile, privateKey, StandardCharsets.UTF_8);
                log.debug("Cached service private key to {}", keyFile);
            } catch (IOException e) {
                log.info("tor: Error writing service private key to {}", keyFile);
            }
            service = Optional.of(host);
            node.addLocal(host, settings.virtualPort());
        } else if (r.code() == 510) {
            log.info("tor: Add onion failed with unrecognized command (You probably need to upgrade Tor)");
        } else {
            log.info("tor: Add onion failed; error code {}", r.code());
        }
    }
}
