package dev.blocksmith.rpc.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Base64;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RpcAuthenticatorTest {
    private static String basic(String userPass) {
        return "Basic " + Base64.getEncoder().encodeToString(userPass.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void rpcAuthLineFromBitcoinsShareScript() {
        // Hash computed independently with Python: hmac.new(b"salt", b"password", sha256).hexdigest().
        String hash = "84ec44c7d6fc41917953a1dafca3c7d7856f7a9d0328b991b76f0d36be1224b9";
        RpcAuthenticator auth = RpcAuthenticator.builder().rpcAuth("bob:salt$" + hash).build();
        assertThat(auth.authenticate(basic("bob:password"))).hasValue("bob");
        assertThat(auth.authenticate(basic("bob:Password"))).isEmpty();
        assertThat(auth.authenticate(basic("rob:password"))).isEmpty();
    }

    @Test
    void userPasswordAndCookieAndMalformedHeaders() {
        RpcAuthenticator auth = RpcAuthenticator.builder().userPassword("u", "p:w").build();
        assertThat(auth.authenticate(basic("u:p:w"))).hasValue("u");
        assertThat(auth.authenticate("  " + basic("u:p:w"))).isEmpty();
        assertThat(auth.authenticate(basic("u:p:w") + "  ")).hasValue("u");
        assertThat(auth.authenticate("Basic !!!")).isEmpty();
        assertThat(auth.authenticate(basic("nocolon"))).isEmpty();
        assertThat(auth.authenticate(null)).isEmpty();
    }

    @Test
    void rpcAuthParsing() {
        RpcAuthEntry e = RpcAuthEntry.parse("user:ab12$ff00");
        assertThat(e).isEqualTo(new RpcAuthEntry("user", "ab12", "ff00"));
        assertThat(RpcAuthEntry.parse(e.toConfigValue())).isEqualTo(e);
        assertThatThrownBy(() -> RpcAuthEntry.parse("user:salt")).hasMessage("Invalid -rpcauth argument.");
        assertThatThrownBy(() -> RpcAuthEntry.parse("a:b:c$d")).hasMessage("Invalid -rpcauth argument.");
        assertThatThrownBy(() -> RpcAuthEntry.parse("a:b$c$d")).hasMessage("Invalid -rpcauth argument.");
    }

    @Test
    void emptySaltWorks() {
        RpcAuthEntry e = new RpcAuthEntry("x", "", Secrets.hmacSha256Hex("", "pw"));
        RpcAuthenticator auth = RpcAuthenticator.builder().rpcAuth(e.toConfigValue()).build();
        assertThat(auth.authenticate(basic("x:pw"))).hasValue("x");
        // Zero-length key and message, checked against Python: hmac.new(b"", b"", sha256).hexdigest().
        assertThat(Secrets.hmacSha256Hex("", "")).isEqualTo("b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad");
    }

    @Test
    void cookieIsWrittenOwnerOnlyReadableAndRemoved(@TempDir Path dir) throws Exception {
        Path file = dir.resolve(AuthCookie.FILE_NAME);
        AuthCookie cookie = AuthCookie.generate(file);
        String content = Files.readString(file);
        assertThat(content).matches("__cookie__:[0-9a-f]{64}");
        assertThat(content).isEqualTo("__cookie__:" + cookie.password());
        assertThat(Files.getPosixFilePermissions(file))
                .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
        assertThat(Files.exists(dir.resolve(".cookie.tmp"))).isFalse();
        assertThat(AuthCookie.readUserPass(file)).hasValue(content);

        RpcAuthenticator auth = RpcAuthenticator.builder().cookie(cookie).build();
        assertThat(auth.authenticate(basic(content))).hasValue("__cookie__");

        AuthCookie second = AuthCookie.generate(file);
        assertThat(second.password()).isNotEqualTo(cookie.password());
        second.delete();
        assertThat(Files.exists(file)).isFalse();
        assertThat(AuthCookie.readUserPass(file)).isEmpty();
    }
}
