package dev.blocksmith.wallet.keystore;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.generators.SCrypt;

/**
 * Encryption at rest for a wallet secret (the BIP32 seed or master key). The key is derived from the
 * passphrase with scrypt (memory-hard, so guessing costs memory as well as time) and the secret is
 * sealed with AES-256-GCM; a wrong passphrase is detected by the GCM tag, never by a stored hash.
 * Unlocking keeps the plaintext in memory until the timeout passes or {@link #lock()} is called
 * (Core's walletpassphrase / walletlock). Secrets are zeroed when dropped and are never logged.
 */
public final class Keystore {
    private static final int SALT_BYTES = 16;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    /** Core caps walletpassphrase timeouts at 100000000 seconds (about 3 years). */
    public static final Duration MAX_UNLOCK = Duration.ofSeconds(100_000_000L);

    private final SecureRandom random;
    private final Clock clock;
    private EncryptedSecret sealed;
    private byte[] plaintext;
    /** The scrypt-derived AES key while unlocked, so new secrets can be sealed without the passphrase (Core keeps its master key the same way). */
    private byte[] unlockedKey;
    private Instant relockAt = Instant.MIN;

    private Keystore(EncryptedSecret sealed, SecureRandom random, Clock clock) {
        this.sealed = sealed;
        this.random = random;
        this.clock = clock;
    }

    /** Seals {@code secret} under {@code passphrase}; the returned keystore starts locked. */
    public static Keystore encrypt(byte[] secret, char[] passphrase, ScryptParams params, SecureRandom random, Clock clock) {
        if (passphrase.length == 0) throw new IllegalArgumentException("passphrase must not be empty");
        return new Keystore(seal(secret, passphrase, params, random), random, clock);
    }

    public static Keystore encrypt(byte[] secret, char[] passphrase) {
        return encrypt(secret, passphrase, ScryptParams.DEFAULT, new SecureRandom(), Clock.systemUTC());
    }

    /** Opens a stored keystore (locked). */
    public static Keystore load(EncryptedSecret sealed, Clock clock) {
        return new Keystore(sealed, new SecureRandom(), clock);
    }

    /** The at-rest form, for persistence. */
    public synchronized EncryptedSecret sealed() {
        return sealed;
    }

    /** Decrypts and keeps the secret available for {@code timeout}. */
    public synchronized void unlock(char[] passphrase, Duration timeout) throws WrongPassphraseException {
        if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("Timeout cannot be negative or zero.");
        Duration t = timeout.compareTo(MAX_UNLOCK) > 0 ? MAX_UNLOCK : timeout;
        byte[] key = deriveKey(passphrase, sealed.salt(), sealed.params(), sealed.version());
        byte[] opened;
        try {
            opened = open(sealed, key);
        } catch (WrongPassphraseException e) {
            Arrays.fill(key, (byte) 0);
            throw e;
        }
        wipe();
        plaintext = opened;
        unlockedKey = key;
        relockAt = clock.instant().plus(t);
    }

    /**
     * Replaces the sealed secret while unlocked (new private keys imported into an encrypted wallet): sealed
     * under the same passphrase-derived key with a fresh nonce; the unlock state is unchanged.
     */
    public synchronized void reseal(byte[] secret) throws WalletLockedException {
        relockIfExpired();
        if (plaintext == null) throw new WalletLockedException();
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        sealed = sealWithKey(secret, unlockedKey, sealed.version(), sealed.params(), sealed.salt(), nonce);
        Arrays.fill(plaintext, (byte) 0);
        plaintext = secret.clone();
    }

    public synchronized void lock() {
        wipe();
    }

    public synchronized boolean isUnlocked() {
        relockIfExpired();
        return plaintext != null;
    }

    /** Called by a timer as well as on every access, so an expired unlock does not linger. */
    public synchronized void relockIfExpired() {
        if (plaintext != null && !clock.instant().isBefore(relockAt)) wipe();
    }

    /** When an unlock will expire; empty while locked (getwalletinfo "unlocked_until"). */
    public synchronized Optional<Instant> unlockedUntil() {
        relockIfExpired();
        return plaintext == null ? Optional.empty() : Optional.of(relockAt);
    }

    /** A copy of the secret; the caller must zero it after use. */
    public synchronized byte[] secret() throws WalletLockedException {
        relockIfExpired();
        if (plaintext == null) throw new WalletLockedException();
        return plaintext.clone();
    }

    /** Re-seals under a new passphrase with fresh salt and nonce; the lock state is unchanged. */
    public synchronized void changePassphrase(char[] oldPassphrase, char[] newPassphrase) throws WrongPassphraseException {
        if (newPassphrase.length == 0) throw new IllegalArgumentException("passphrase must not be empty");
        byte[] oldKey = deriveKey(oldPassphrase, sealed.salt(), sealed.params(), sealed.version());
        byte[] secret;
        try {
            secret = open(sealed, oldKey);
        } finally {
            Arrays.fill(oldKey, (byte) 0);
        }
        try {
            byte[] salt = new byte[SALT_BYTES];
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(salt);
            random.nextBytes(nonce);
            byte[] key = deriveKey(newPassphrase, salt, sealed.params(), EncryptedSecret.VERSION);
            sealed = sealWithKey(secret, key, EncryptedSecret.VERSION, sealed.params(), salt, nonce);
            if (plaintext != null) {
                Arrays.fill(unlockedKey, (byte) 0);
                unlockedKey = key;
            } else {
                Arrays.fill(key, (byte) 0);
            }
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    private void wipe() {
        if (plaintext != null) Arrays.fill(plaintext, (byte) 0);
        if (unlockedKey != null) Arrays.fill(unlockedKey, (byte) 0);
        plaintext = null;
        unlockedKey = null;
        relockAt = Instant.MIN;
    }

    private static EncryptedSecret seal(byte[] secret, char[] passphrase, ScryptParams params, SecureRandom random) {
        byte[] salt = new byte[SALT_BYTES];
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(salt);
        random.nextBytes(nonce);
        byte[] key = deriveKey(passphrase, salt, params, EncryptedSecret.VERSION);
        try {
            return sealWithKey(secret, key, EncryptedSecret.VERSION, params, salt, nonce);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    private static EncryptedSecret sealWithKey(byte[] secret, byte[] key, int version, ScryptParams params, byte[] salt, byte[] nonce) {
        EncryptedSecret header = new EncryptedSecret(version, params, salt, nonce, new byte[16]);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(header.header());
            return new EncryptedSecret(version, params, salt, nonce, c.doFinal(secret));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    private static byte[] open(EncryptedSecret s, byte[] key) throws WrongPassphraseException {
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, s.nonce()));
            c.updateAAD(s.header());
            return c.doFinal(s.ciphertext());
        } catch (AEADBadTagException e) {
            throw new WrongPassphraseException();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    /**
     * scrypt over the passphrase's UTF-8 bytes; from version 2 prefixed with their length (4 bytes, little endian),
     * so that trailing NUL characters change the key (see {@link EncryptedSecret}).
     */
    private static byte[] deriveKey(char[] passphrase, byte[] salt, ScryptParams p, int version) {
        Objects.requireNonNull(passphrase);
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(passphrase));
        int prefix = version == EncryptedSecret.V1_UNPREFIXED_PASSPHRASE ? 0 : 4;
        byte[] pw = new byte[prefix + encoded.remaining()];
        int n = encoded.remaining();
        if (prefix > 0) {
            pw[0] = (byte) n;
            pw[1] = (byte) (n >>> 8);
            pw[2] = (byte) (n >>> 16);
            pw[3] = (byte) (n >>> 24);
        }
        encoded.get(pw, prefix, n);
        if (encoded.hasArray()) Arrays.fill(encoded.array(), (byte) 0);
        try {
            return SCrypt.generate(pw, salt, p.n(), p.r(), p.p(), 32);
        } finally {
            Arrays.fill(pw, (byte) 0);
        }
    }

    @Override
    public String toString() {
        return "Keystore[" + (plaintext != null ? "unlocked" : "locked") + "]";
    }
}
