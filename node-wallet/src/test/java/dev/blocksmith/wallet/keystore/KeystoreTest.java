package dev.blocksmith.wallet.keystore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class KeystoreTest {
    /** Cheap parameters so the tests stay fast; the format and code path are the same as the default. */
    private static final ScryptParams FAST = new ScryptParams(1 << 10, 8, 1);
    private static final byte[] SEED = new byte[32];

    static {
        Arrays.fill(SEED, (byte) 0x42);
    }

    /** A clock the test moves by hand. */
    private static final class StepClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void unlockTimeoutAndLock() throws Exception {
        StepClock clock = new StepClock();
        Keystore ks = Keystore.encrypt(SEED, "correct horse".toCharArray(), FAST, new SecureRandom(), clock);
        assertThat(ks.isUnlocked()).isFalse();
        assertThatThrownBy(ks::secret).isInstanceOf(WalletLockedException.class);
        ks.unlock("correct horse".toCharArray(), Duration.ofSeconds(60));
        assertThat(ks.secret()).isEqualTo(SEED);
        assertThat(ks.unlockedUntil()).contains(clock.now.plusSeconds(60));
        clock.now = clock.now.plusSeconds(59);
        assertThat(ks.isUnlocked()).isTrue();
        clock.now = clock.now.plusSeconds(1);
        assertThat(ks.isUnlocked()).isFalse();
        ks.unlock("correct horse".toCharArray(), Duration.ofSeconds(60));
        ks.lock();
        assertThatThrownBy(ks::secret).isInstanceOf(WalletLockedException.class);
    }

    @Test
    void wrongPassphraseDetectedByTheTag() {
        Keystore ks = Keystore.encrypt(SEED, "right".toCharArray(), FAST, new SecureRandom(), Clock.systemUTC());
        assertThatThrownBy(() -> ks.unlock("wrong".toCharArray(), Duration.ofSeconds(5))).isInstanceOf(WrongPassphraseException.class)
                .hasMessage("Error: The wallet passphrase entered was incorrect.");
        assertThat(ks.isUnlocked()).isFalse();
    }

    @Test
    void trailingNulCharactersMakeAnotherPassphrase() throws Exception {
        // scrypt's HMAC pads a short password with zero bytes; the length prefix keeps "a\0" apart from "a", as bitcoind.
        Keystore ks = Keystore.encrypt(SEED, "Phrase\0With\0Nulls".toCharArray(), FAST, new SecureRandom(), Clock.systemUTC());
        assertThatThrownBy(() -> ks.unlock("Phrase\0With\0Nulls\0".toCharArray(), Duration.ofSeconds(5))).isInstanceOf(WrongPassphraseException.class);
        assertThatThrownBy(() -> ks.unlock("Phrase".toCharArray(), Duration.ofSeconds(5))).isInstanceOf(WrongPassphraseException.class);
        ks.unlock("Phrase\0With\0Nulls".toCharArray(), Duration.ofSeconds(5));
        assertThat(ks.isUnlocked()).isTrue();
    }

    @Test
    void changePassphraseReseals() throws Exception {
        Keystore ks = Keystore.encrypt(SEED, "old".toCharArray(), FAST, new SecureRandom(), Clock.systemUTC());
        EncryptedSecret before = ks.sealed();
        assertThatThrownBy(() -> ks.changePassphrase("nope".toCharArray(), "new".toCharArray())).isInstanceOf(WrongPassphraseException.class);
        ks.changePassphrase("old".toCharArray(), "new".toCharArray());
        assertThat(ks.sealed()).isNotEqualTo(before);
        assertThatThrownBy(() -> ks.unlock("old".toCharArray(), Duration.ofSeconds(5))).isInstanceOf(WrongPassphraseException.class);
        ks.unlock("new".toCharArray(), Duration.ofSeconds(5));
        assertThat(ks.secret()).isEqualTo(SEED);
    }

    @Test
    void serializedFormRoundTripsAndTamperingIsDetected() throws Exception {
        Keystore ks = Keystore.encrypt(SEED, "pw".toCharArray(), FAST, new SecureRandom(), Clock.systemUTC());
        byte[] stored = ks.sealed().serialize();
        assertThat(new String(stored, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("BBBBBBBB");
        Keystore reloaded = Keystore.load(EncryptedSecret.parse(stored), Clock.systemUTC());
        reloaded.unlock("pw".toCharArray(), Duration.ofSeconds(5));
        assertThat(reloaded.secret()).isEqualTo(SEED);
        // The scrypt parameters are authenticated: changing r in the header must fail.
        byte[] tampered = stored.clone();
        tampered[2] ^= 1;
        Keystore bad = Keystore.load(EncryptedSecret.parse(tampered), Clock.systemUTC());
        assertThatThrownBy(() -> bad.unlock("pw".toCharArray(), Duration.ofSeconds(5))).isInstanceOf(WrongPassphraseException.class);
        assertThat(reloaded.toString()).doesNotContain("42");
    }
}
