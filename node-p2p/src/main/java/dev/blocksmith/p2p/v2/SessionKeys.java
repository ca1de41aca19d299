package dev.blocksmith.p2p.v2;

import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The secrets BIP324 derives from one ECDH shared secret with HKDF-SHA256 (salt {@code "bitcoin_v2_shared_secret" ||
 * network magic}): the four directional cipher keys, both garbage terminators and the session id. The same for both
 * sides; {@link Bip324Cipher} picks the send and receive halves. The arrays are copied in and out, so an instance
 * can be shared.
 */
public final class SessionKeys {
    private final byte[] initiatorL;
    private final byte[] initiatorP;
    private final byte[] responderL;
    private final byte[] responderP;
    private final byte[] garbageTerminators;
    private final byte[] sessionId;

    private SessionKeys(byte[] initiatorL, byte[] initiatorP, byte[] responderL, byte[] responderP,
                        byte[] garbageTerminators, byte[] sessionId) {
        this.initiatorL = initiatorL;
        this.initiatorP = initiatorP;
        this.responderL = responderL;
        this.responderP = responderP;
        this.garbageTerminators = garbageTerminators;
        this.sessionId = sessionId;
    }

    /** BIP324's key derivation from the 32-byte v2_ecdh shared secret. */
    public static SessionKeys derive(byte[] sharedSecret, byte[] magic) {
        byte[] salt = salt(magic);
        return new SessionKeys(hkdf(sharedSecret, salt, "initiator_L"), hkdf(sharedSecret, salt, "initiator_P"),
                hkdf(sharedSecret, salt, "responder_L"), hkdf(sharedSecret, salt, "responder_P"),
                hkdf(sharedSecret, salt, "garbage_terminators"), hkdf(sharedSecret, salt, "session_id"));
    }

    /** One HKDF-SHA256 output (for tests: BIP324's mid_* vector values). */
    static byte[] derive(byte[] sharedSecret, byte[] magic, String info) {
        return hkdf(sharedSecret, salt(magic), info);
    }

    byte[] lengthKey(boolean initiator) { return (initiator ? initiatorL : responderL).clone(); }
    byte[] packetKey(boolean initiator) { return (initiator ? initiatorP : responderP).clone(); }
    /** The terminator the initiator (or the responder) sends after its garbage. */
    byte[] garbageTerminator(boolean initiator) {
        return initiator ? Arrays.copyOfRange(garbageTerminators, 0, 16) : Arrays.copyOfRange(garbageTerminators, 16, 32);
    }
    byte[] sessionId() { return sessionId.clone(); }

    private static byte[] salt(byte[] magic) {
        byte[] prefix = "bitcoin_v2_shared_secret".getBytes(StandardCharsets.US_ASCII);
        byte[] salt = Arrays.copyOf(prefix, prefix.length + magic.length);
        System.arraycopy(magic, 0, salt, prefix.length, magic.length);
        return salt;
    }

    private static byte[] hkdf(byte[] ikm, byte[] salt, String info) {
        HKDFBytesGenerator g = new HKDFBytesGenerator(new SHA256Digest());
        g.init(new HKDFParameters(ikm, salt, info.getBytes(StandardCharsets.US_ASCII)));
        byte[] out = new byte[32];
        g.generateBytes(out, 0, 32);
        return out;
    }
}
