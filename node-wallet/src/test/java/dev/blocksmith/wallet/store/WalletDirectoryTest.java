package dev.blocksmith.wallet.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WalletDirectoryTest {
    @TempDir
    Path wallets;

    @Test
    void createWriteReopenRead() throws Exception {
        WalletSnapshot s = WalletSnapshot.empty().with("keystore", new byte[] {1, 2, 3}).with("descriptor/receive",
                "wpkh(...)".getBytes(StandardCharsets.UTF_8));
        try (WalletDirectory w = WalletDirectory.create(wallets, "alice")) {
            assertThat(w.read()).isEqualTo(WalletSnapshot.empty());
            w.write(s);
        }
        assertThat(Files.exists(wallets.resolve("alice").resolve("wallet.dat.tmp"))).isFalse();
        try (WalletDirectory w = WalletDirectory.open(wallets, "alice")) {
            assertThat(w.read()).isEqualTo(s);
            assertThat(w.read().get("keystore")).hasValueSatisfying(v -> assertThat(v).containsExactly(1, 2, 3));
        }
    }

    @Test
    void oneOpenerAtATimeAndNoDuplicateCreate() throws Exception {
        try (WalletDirectory w = WalletDirectory.create(wallets, "bob")) {
            assertThatThrownBy(() -> WalletDirectory.open(wallets, "bob")).isInstanceOf(WalletStoreException.class)
                    .hasMessageContaining("in use by another process");
        }
        assertThatThrownBy(() -> WalletDirectory.create(wallets, "bob")).hasMessageContaining("Database already exists");
        assertThatThrownBy(() -> WalletDirectory.open(wallets, "carol")).hasMessageContaining("Path does not exist");
        for (String bad : new String[] {"", "..", "a/b", "a\0b"}) {
            assertThatThrownBy(() -> WalletDirectory.create(wallets, bad)).hasMessageStartingWith("Invalid wallet name");
        }
        // A backslash, quotes and control characters are file name characters here, as for bitcoind on POSIX.
        try (WalletDirectory w = WalletDirectory.create(wallets, "a\\b '\"\n\t$`")) {
            assertThat(wallets.resolve("a\\b '\"\n\t$`").resolve(WalletDirectory.FILE_NAME)).exists();
        }
    }

    @Test
    void corruptionIsDetectedAndAStaleTempFileIsIgnored() throws Exception {
        try (WalletDirectory w = WalletDirectory.create(wallets, "dave")) {
            w.write(WalletSnapshot.empty().with("k", new byte[] {9}));
        }
        Path file = wallets.resolve("dave").resolve(WalletDirectory.FILE_NAME);
        // A crash mid-write leaves only a partial temp file behind; the real file is untouched.
        Files.write(wallets.resolve("dave").resolve(WalletDirectory.FILE_NAME + ".tmp"), new byte[] {1, 2});
        try (WalletDirectory w = WalletDirectory.open(wallets, "dave")) {
            assertThat(w.read().get("k")).isPresent();
        }
        byte[] data = Files.readAllBytes(file);
        data[data.length / 2] ^= 1;
        Files.write(file, data);
        try (WalletDirectory w = WalletDirectory.open(wallets, "dave")) {
            assertThatThrownBy(w::read).hasMessageStartingWith("Wallet file corrupt");
        }
        Files.write(file, new byte[10]);
        try (WalletDirectory w = WalletDirectory.open(wallets, "dave")) {
            assertThatThrownBy(w::read).hasMessageStartingWith("Wallet file corrupt");
        }
    }
}
