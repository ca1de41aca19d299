package dev.blocksmith.wallet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blocksmith.core.params.Networks;
import dev.blocksmith.wallet.account.Account;
import dev.blocksmith.wallet.account.AddressType;
import dev.blocksmith.wallet.keystore.ScryptParams;
import dev.blocksmith.wallet.keystore.WalletLockedException;
import dev.blocksmith.wallet.store.WalletDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HdWalletTest {
    private static final byte[] SEED = new byte[32];

    static {
        Arrays.fill(SEED, (byte) 7);
    }

    @TempDir
    Path wallets;

    @Test
    void addressesAreIssuedInOrderAndRecognised() {
        HdWallet w = HdWallet.create(SEED, Networks.REGTEST, 5);
        var a0 = w.newAddress(AddressType.BECH32, Account.Chain.RECEIVE);
        var a1 = w.newAddress(AddressType.BECH32, Account.Chain.RECEIVE);
        assertThat(a0.encode()).startsWith("bcrt1q");
        assertThat(a1).isNotEqualTo(a0);
        assertThat(w.locate(a1.toScriptPubKey())).contains(new WalletKeyLocation(AddressType.BECH32, Account.Chain.RECEIVE, 1));
        assertThat(w.newAddress(AddressType.BECH32M, Account.Chain.CHANGE).encode()).startsWith("bcrt1p");
        // Watched up to next issued + gap: index 6 (=2 issued + 5 - 1) yes, index 7 not yet.
        var d = w.descriptor(AddressType.BECH32, Account.Chain.RECEIVE);
        assertThat(w.locate(d.scriptPubKey(6))).isPresent();
        assertThat(w.locate(d.scriptPubKey(7))).isEmpty();
        w.markUsed(new WalletKeyLocation(AddressType.BECH32, Account.Chain.RECEIVE, 6));
        assertThat(w.locate(d.scriptPubKey(11))).isPresent();
        assertThat(w.listDescriptors()).hasSize(8).allSatisfy(s -> assertThat(s).matches(".*#[a-z0-9]{8}").doesNotContain("tprv"));
    }

    @Test
    void encryptedWalletPersistsLockedAndUnlocks() throws Exception {
        HdWallet w = HdWallet.create(SEED, Networks.REGTEST, 20);
        var expectedMaster = w.masterKey();
        w.newAddress(AddressType.BECH32, Account.Chain.RECEIVE);
        w.encrypt("pw".toCharArray(), new ScryptParams(1 << 10, 8, 1), Clock.systemUTC());
        assertThatThrownBy(w::masterKey).isInstanceOf(WalletLockedException.class);
        try (WalletDirectory dir = WalletDirectory.create(wallets, "w1")) {
            w.save(dir);
        }
        byte[] file = Files.readAllBytes(wallets.resolve("w1").resolve(WalletDirectory.FILE_NAME));
        assertThat(indexOf(file, SEED)).as("seed must not be stored in the clear").isNegative();
        try (WalletDirectory dir = WalletDirectory.open(wallets, "w1")) {
            HdWallet loaded = HdWallet.load(dir, Clock.systemUTC());
            assertThat(loaded.isEncrypted()).isTrue();
            assertThat(loaded.listDescriptors()).isEqualTo(w.listDescriptors());
            // The issued index survived: the next address is index 1.
            assertThat(loaded.newAddress(AddressType.BECH32, Account.Chain.RECEIVE))
                    .isEqualTo(w.descriptor(AddressType.BECH32, Account.Chain.RECEIVE).address(1));
            assertThatThrownBy(loaded::masterKey).isInstanceOf(WalletLockedException.class);
            loaded.unlock("pw".toCharArray(), Duration.ofMinutes(1));
            assertThat(loaded.masterKey()).isEqualTo(expectedMaster);
            loaded.lock();
            assertThatThrownBy(loaded::masterKey).isInstanceOf(WalletLockedException.class);
        }
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }
}
