package dev.blocksmith.wallet;

import dev.blocksmith.wallet.keys.ExtendedKey;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/** Keys with published test vectors, shared by the wallet tests. */
public final class TestKeys {
    private TestKeys() {
    }

    /** Master key of the BIP44/49/84/86 test mnemonic "abandon x11 about" with no passphrase. */
    public static ExtendedKey abandonAboutMaster() {
        String words = "abandon ".repeat(11) + "about";
        // BIP39 seed: PBKDF2-HMAC-SHA512(mnemonic, "mnemonic" + passphrase, 2048 rounds, 64 bytes).
        PBEKeySpec spec = new PBEKeySpec(words.toCharArray(), "mnemonic".getBytes(StandardCharsets.UTF_8), 2048, 512);
        try {
            return ExtendedKey.fromSeed(SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512").generateSecret(spec).getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
