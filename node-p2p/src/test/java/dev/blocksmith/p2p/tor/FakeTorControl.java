package dev.blocksmith.p2p.tor;

import dev.blocksmith.p2p.LoopbackServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An in-process Tor control port for the controller tests: PROTOCOLINFO with the configured methods, AUTHCHALLENGE
 * SAFECOOKIE computed as Tor does, AUTHENTICATE checked against the cookie, the password or NULL, GETINFO
 * net/listeners/socks and ADD_ONION (a new Ed25519 key is returned only when one was asked for, as Tor does).
 */
final class FakeTorControl implements AutoCloseable {
    static final String SERVICE_ID = "jbfbsc2s5mv3ebnrg3hzqxpsxtwrmvmnvgdmyfwqymhkt4qbrqznzqad";
    static final String NEW_KEY = "ED25519-V3:KGrD2XDi+hnpz0Y8z0Au0Q5FhS1wPz8+QOmK7XiEm0tgb0bO5khIfPf4cjSfxuJjAQ6+7rtK47WzrZbQh0TVtQ==";

    private final LoopbackServer server;
    // Copy-on-write: the tests stream it while the control thread appends (a synchronized list threw
    // ConcurrentModificationException under load).
    final List<String> requests = new CopyOnWriteArrayList<>();
    volatile String methods = "NULL";
    volatile Path cookieFile = Path.of("/nonexistent");
    volatile byte[] cookie = new byte[32];
    volatile Optional<String> password = Optional.empty();
    volatile boolean lieAboutServerHash;
    volatile int addOnionCode = 250;

    FakeTorControl() throws IOException {
        server = new LoopbackServer(this::converse);
    }

    InetSocketAddress address() {
        return server.address();
    }

    /** Closes the open control connections, as a Tor restart. */
    void dropConnections() throws IOException {
        server.dropConnections();
    }

    private void converse(Socket s) {
        byte[] clientHash = null;
        boolean authenticated = false;
        try (s; BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))) {
            OutputStream out = s.getOutputStream();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                requests.add(line);
                String reply;
                if (line.equals("PROTOCOLINFO 1")) {
                    reply = "250-PROTOCOLINFO 1\r\n250-AUTH METHODS=" + methods + " COOKIEFILE=\"" + cookieFile.toString().replace("\\", "\\\\")
                            + "\"\r\n250-VERSION Tor=\"0.4.8.10\"\r\n250 OK";
                } else if (line.startsWith("AUTHCHALLENGE SAFECOOKIE ")) {
                    byte[] clientNonce = HexFormat.of().parseHex(line.substring("AUTHCHALLENGE SAFECOOKIE ".length()));
                    byte[] serverNonce = new byte[32];
                    new SecureRandom().nextBytes(serverNonce);
                    byte[] serverHash = TorController.safeCookieHash("Tor safe cookie authentication server-to-controller hash",
                            cookie, clientNonce, serverNonce);
                    if (lieAboutServerHash) serverHash[0] ^= 1;
                    clientHash = TorController.safeCookieHash("Tor safe cookie authentication controller-to-server hash",
                            cookie, clientNonce, serverNonce);
                    reply = "250 AUTHCHALLENGE SERVERHASH=" + HexFormat.of().formatHex(serverHash).toUpperCase()
                            + " SERVERNONCE=" + HexFormat.of().formatHex(serverNonce).toUpperCase();
                } else if (line.startsWith("AUTHENTICATE")) {
                    String arg = line.length() > "AUTHENTICATE".length() ? line.substring("AUTHENTICATE ".length()) : "";
                    boolean ok = switch (methods.contains("SAFECOOKIE") ? "SAFECOOKIE" : methods) {
                        case "NULL" -> arg.isEmpty();
                        case "SAFECOOKIE" -> clientHash != null && arg.equalsIgnoreCase(HexFormat.of().formatHex(clientHash));
                        default -> password.isPresent() && arg.equals("\"" + password.get().replace("\"", "\\\"") + "\"");
                    };
                    authenticated = ok;
                    reply = ok ? "250 OK" : "515 Authentication failed: Password did not match HashedControlPassword value from configuration";
                } else if (!authenticated) {
                    reply = "514 Authentication required.";
                } else if (line.equals("GETINFO net/listeners/socks")) {
                    reply = "250-net/listeners/socks=\"[::1]:9150\" \"127.0.0.1:9150\"\r\n250 OK";
                } else if (line.startsWith("ADD_ONION ")) {
                    if (addOnionCode != 250) {
                        reply = addOnionCode + " Unrecognized command \"ADD_ONION\"";
                    } else if (line.startsWith("ADD_ONION NEW:ED25519-V3 ")) {
                        reply = "250-ServiceID=" + SERVICE_ID + "\r\n250-PrivateKey=" + NEW_KEY + "\r\n250 OK";
                    } else {
                        reply = "250-ServiceID=" + SERVICE_ID + "\r\n250 OK";
                    }
                } else {
                    reply = "510 Unrecognized command";
                }
                out.write((reply + "\r\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (IOException e) {
            // the controller went away
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
