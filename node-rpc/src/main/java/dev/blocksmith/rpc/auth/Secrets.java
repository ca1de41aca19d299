package dev.blocksmith.rpc.auth;

import dev.blocksmith.core.primitives.Hex;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Random tokens, HMAC-SHA256 (JDK provider) and constant-time comparison for RPC credentials. */
final class Secrets {
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * One Mac per thread, keyed anew for each use: {@code Mac.getInstance} searches the security providers, the dearest
     * step of checking a request's credentials (every RPC request is checked).
     */
    private static final ThreadLocal<Mac> HMAC_SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    });

    private Secrets() {}

    static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Hex.encode(b);
    }

    /** Lower-case hex HMAC-SHA256 of {@code message} keyed with the UTF-8 bytes of {@code key}. */
    static String hmacSha256Hex(String key, String message) {
        try {
            Mac mac = HMAC_SHA256.get();
            byte[] k = key.getBytes(StandardCharsets.UTF_8);
            // An empty salt is legal in -rpcauth; SecretKeySpec refuses empty keys, and HMAC pads
            // any key shorter than a block with zeros, so one zero byte is the same key.
            mac.init(new SecretKeySpec(k.length == 0 ? new byte[1] : k, "HmacSHA256"));
            return Hex.encode(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** Equality whose time does not depend on where the inputs differ (bitcoind's TimingResistantEqual). */
    static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
