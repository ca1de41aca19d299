package dev.blocksmith.p2p.tor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** The Tor controller against an in-process control port ({@link FakeTorControl}). */
class TorControllerTest {
    private static final String ONION = FakeTorControl.SERVICE_ID + ".onion";
    private static final InetSocketAddress TARGET = new InetSocketAddress(InetAddress.getLoopbackAddress(), 18445);

    @TempDir
    Path dir;

    /** What the controller did to the node. */
    private static final class Recorder implements TorController.Node {
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public void addLocal(String host, int port) {
            events.add("add " + host + ":" + port);
        }

        @Override
        public void removeLocal(String host, int port) {
            events.add("remove " + host + ":" + port);
        }

        @Override
        public void useOnionProxy(InetSocketAddress socks) {
            events.add("proxy " + socks.getAddress().getHostAddress() + ":" + socks.getPort());
        }
    }

    private TorController controller(FakeTorControl tor, Optional<String> password, boolean setProxy, Recorder node) {
        return new TorController(new TorController.Settings(tor.address(), "127.0.0.1:" + tor.address().getPort(), password, TARGET,
                18444, dir, setProxy), node);
    }

    @Test
    void safeCookieThenAnOnionServiceWhoseKeyIsKeptAcrossReconnections() throws Exception {
        Path cookie = dir.resolve("control_auth_cookie");
        byte[] secret = new byte[32];
        for (int i = 0; i < 32; i++) secret[i] = (byte) (i * 7);
        Files.write(cookie, secret);
        Recorder node = new Recorder();
        try (FakeTorControl tor = new FakeTorControl()) {
            tor.methods = "COOKIE,SAFECOOKIE";
            tor.cookieFile = cookie;
            tor.cookie = secret;
            TorController c = controller(tor, Optional.empty(), true, node);
            c.start();
            waitFor(() -> node.events.contains("add " + ONION + ":18444"));
            assertThat(node.events).containsExactly("proxy 127.0.0.1:9150", "add " + ONION + ":18444");
            assertThat(tor.requests).contains("ADD_ONION NEW:ED25519-V3 Port=18444,127.0.0.1:18445");
            assertThat(tor.requests).anyMatch(r -> r.matches("AUTHCHALLENGE SAFECOOKIE [0-9a-f]{64}"));
            assertThat(tor.requests).anyMatch(r -> r.matches("AUTHENTICATE [0-9a-f]{64}"));
            assertThat(Files.readString(dir.resolve("onion_v3_private_key"))).isEqualTo(FakeTorControl.NEW_KEY);
            assertThat(c.service()).contains(ONION);

            // Tor restarts: the service is withdrawn, then made again with the kept key.
            tor.dropConnections();
            waitFor(() -> node.events.contains("remove " + ONION + ":18444"));
            waitFor(() -> node.events.stream().filter(e -> e.startsWith("add ")).count() == 2);
            assertThat(tor.requests).contains("ADD_ONION " + FakeTorControl.NEW_KEY + " Port=18444,127.0.0.1:18445");
            c.stop();
            assertThat(node.events.getLast()).isEqualTo("remove " + ONION + ":18444");
        }
    }

    @Test
    void hashedPasswordWithQuotesEscapedAndNoProxyWhenOnionWasGiven() throws Exception {
        Recorder node = new Recorder();
        try (FakeTorControl tor = new FakeTorControl()) {
            tor.methods = "HASHEDPASSWORD";
            tor.password = Optional.of("se\"cret");
            TorController c = controller(tor, Optional.of("se\"cret"), false, node);
            c.start();
            waitFor(() -> !node.events.isEmpty());
            c.stop();
            assertThat(tor.requests).contains("AUTHENTICATE \"se\\\"cret\"");
            assertThat(tor.requests).noneMatch(r -> r.startsWith("GETINFO"));
            assertThat(node.events.getFirst()).isEqualTo("add " + ONION + ":18444");
        }
    }

    @Test
    void refusedAuthenticationMakesNoService() throws Exception {
        Recorder node = new Recorder();
        try (FakeTorControl tor = new FakeTorControl()) {
            tor.methods = "HASHEDPASSWORD";
            tor.password = Optional.of("right");
            TorController wrong = controller(tor, Optional.of("wrong"), true, node);
            wrong.start();
            waitFor(() -> tor.requests.contains("AUTHENTICATE \"wrong\""));
            Thread.sleep(200);
            wrong.stop();
            // a password Tor cannot check is not sent; no password where one is required sends nothing either
            tor.requests.clear();
            tor.methods = "NULL";
            TorController unusable = controller(tor, Optional.of("pw"), true, node);
            unusable.start();
            waitFor(() -> tor.requests.contains("PROTOCOLINFO 1"));
            Thread.sleep(200);
            unusable.stop();
            assertThat(tor.requests).noneMatch(r -> r.startsWith("AUTHENTICATE"));
            assertThat(node.events).isEmpty();
        }
    }

    @Test
    void aServerThatCannotProveTheCookieGetsNoAnswer() throws Exception {
        Path cookie = dir.resolve("cookie");
        Files.write(cookie, new byte[32]);
        Recorder node = new Recorder();
        try (FakeTorControl tor = new FakeTorControl()) {
            tor.methods = "SAFECOOKIE";
            tor.cookieFile = cookie;
            tor.lieAboutServerHash = true;
            TorController c = controller(tor, Optional.empty(), true, node);
            c.start();
            waitFor(() -> tor.requests.stream().anyMatch(r -> r.startsWith("AUTHCHALLENGE")));
            Thread.sleep(200);
            c.stop();
            assertThat(tor.requests).noneMatch(r -> r.startsWith("AUTHENTICATE"));
            assertThat(node.events).isEmpty();
        }
    }

    @Test
    void anOldTorWithoutAddOnion() throws Exception {
        Recorder node = new Recorder();
        try (FakeTorControl tor = new FakeTorControl()) {
            tor.addOnionCode = 510;
            TorController c = controller(tor, Optional.empty(), false, node);
            c.start();
            waitFor(() -> tor.requests.stream().anyMatch(r -> r.startsWith("ADD_ONION")));
            Thread.sleep(200);
            c.stop();
            assertThat(node.events).isEmpty();
            assertThat(Files.exists(dir.resolve("onion_v3_private_key"))).isFalse();
        }
    }

    @Test
    void replyLinesAreParsedAsTorWritesThem() {
        assertThat(TorControlReply.mapping("METHODS=COOKIE,SAFECOOKIE COOKIEFILE=\"/home/x/.tor/control_auth_cookie\"")).contains(
                Map.of("METHODS", "COOKIE,SAFECOOKIE", "COOKIEFILE", "/home/x/.tor/control_auth_cookie"));
        assertThat(TorControlReply.mapping("PrivateKey=ED25519-V3:abc+/==")).contains(Map.of("PrivateKey", "ED25519-V3:abc+/=="));
        assertThat(TorControlReply.mapping("A=\"q\\\"uote\\\\d \\101\"")).contains(Map.of("A", "q\"uote\\d A"));
        assertThat(TorControlReply.mapping("A=\"unterminated")).isEmpty();
        assertThat(TorControlReply.mapping("novalue")).isEmpty();
        assertThat(TorControlReply.splitLine("AUTH METHODS=NULL")).isEqualTo(Map.entry("AUTH", "METHODS=NULL"));
        assertThat(TorController.numericHostPort("127.0.0.1:9150")).contains(new InetSocketAddress(InetAddress.getLoopbackAddress(), 9150));
        assertThat(TorController.numericHostPort("localhost:9150")).isEmpty();
    }

    private static void waitFor(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out");
            Thread.sleep(20);
        }
    }
}
