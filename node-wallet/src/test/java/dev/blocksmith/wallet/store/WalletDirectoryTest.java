package dev.blocksmith.wallet.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
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
        try (WalletDirectory w = WalletDirectory.open(wallets, "alice")) {
            assertThat(w.read()).isEqualTo(s);
            assertThat(w.read().get("keystore")).hasValueSatisfying(v -> assertThat(v).containsExactly(1, 2, 3));
        }
    }

    @Test
    void aWalletInsideAFileFailsWithTheFilesystemText() throws Exception {
        Files.createDirectories(wallets);
        Files.writeString(wallets.resolve("w8"), "a file");
        // bitcoind's text is its filesystem library's, which wallet_multiwallet.py matches ("filesystem error:").
        assertThatThrownBy(() -> WalletDirectory.create(wallets, "w8/bad")).isInstanceOf(WalletStoreException.class)
                .hasMessage("filesystem error: cannot create directories: Not a directory [" + wallets.resolve("w8/bad") + "]");
    }

    @Test
    void oneOpenerAtATimeAndNoDuplicateCreate() throws Exception {
        try (WalletDirectory w = WalletDirectory.create(wallets, "bob")) {
            assertThatThrownBy(() -> WalletDirectory.open(wallets, "bob")).isInstanceOf(WalletStoreException.class)
                    .hasMessage("SQLiteDatabase: Unable to obtain an exclusive lock on the database, is it being used by another instance of Blocksmith?");
        }
        assertThatThrownBy(() -> WalletDirectory.create(wallets, "bob")).hasMessageContaining("Database already exists");
        assertThatThrownBy(() -> WalletDirectory.open(wallets, "carol")).hasMessageContaining("Path does not exist");
        assertThatThrownBy(() -> WalletDirectory.create(wallets, "a\0b")).hasMessageStartingWith("Invalid wallet name");
        // Names are paths, as bitcoind's: the empty name is the wallets folder itself, others may hold folders or be absolute.
        try (WalletDirectory top = WalletDirectory.create(wallets, "");
             WalletDirectory sub = WalletDirectory.create(wallets, "a/b");
             WalletDirectory abs = WalletDirectory.create(wallets, wallets.resolve("abs/elsewhere").toAbsolutePath().toString())) {
            assertThat(wallets.resolve(WalletDirectory.FILE_NAME)).exists();
            assertThat(wallets.resolve("a/b").resolve(WalletDirectory.FILE_NAME)).exists();
            assertThat(wallets.resolve("abs/elsewhere").toAbsolutePath().resolve(WalletDirectory.FILE_NAME)).exists();
        }
        // A backslash, quotes and control characters are file name characters here, as for bitcoind on POSIX.
        try (WalletDirectory w = WalletDirectory.create(wallets, "a\\b '\"\n\t$`")) {
            assertThat(wallets.resolve("a\\b '\"\n\t$`").resolve(WalletDirectory.FILE_NAME)).exists();
        }
    }

    @Test
    void theFileIsAnSqliteDatabaseLaidOutAsBitcoindsWallets() throws Exception {
        try (WalletDirectory w = WalletDirectory.create(wallets, "erin")) {
            w.write(WalletSnapshot.empty().with("keys/flags", new byte[] {3}).with("gone", new byte[] {1}));
            w.write(WalletSnapshot.empty().with("keys/flags", new byte[] {4}));
        }
        Path file = wallets.resolve("erin").resolve(WalletDirectory.FILE_NAME);
        assertThat(new String(Files.readAllBytes(file), 0, 16, StandardCharsets.US_ASCII)).isEqualTo("SQLite format 3\0");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT key, value FROM main")) {
            assertThat(rs.next()).isTrue();
            // bitcoind's key layout: the record type as a serialized string.
            assertThat(rs.getBytes(1)).isEqualTo(("\nkeys/flags").getBytes(StandardCharsets.US_ASCII));
            assertThat(rs.getBytes(2)).containsExactly(4);
            assertThat(rs.next()).as("a record left out of the snapshot is deleted").isFalse();
        }
    }

    @Test
    void aRecordOfBitcoindsLegacyWalletsMakesTheWalletUnloadable() throws Exception {
        try (WalletDirectory w = WalletDirectory.create(wallets, "frank")) {
            w.write(WalletSnapshot.empty().with("k", new byte[] {9}));
        }
        Path file = wallets.resolve("frank").resolve(WalletDirectory.FILE_NAME);
        // What Core's wallet_descriptor.py adds: a "cscript" record (type, then a 20-byte script id).
        byte[] key = new byte[1 + 7 + 20];
        key[0] = 7;
        System.arraycopy("cscript".getBytes(StandardCharsets.US_ASCII), 0, key, 1, 7);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             PreparedStatement p = c.prepareStatement("INSERT INTO main VALUES(?, ?)")) {
            p.setBytes(1, key);
            p.setBytes(2, new byte[] {0});
            p.executeUpdate();
        }
        try (WalletDirectory w = WalletDirectory.open(wallets, "frank")) {
            assertThatThrownBy(w::read).hasMessage("Unexpected legacy entry in descriptor wallet found.");
        }
    }

    @Test
    void aWalletOfTheEarlierFileFormatIsMigrated() throws Exception {
        WalletSnapshot s = WalletSnapshot.empty().with("meta/network", "regtest".getBytes(StandardCharsets.UTF_8)).with("k", new byte[] {9});
        Files.createDirectories(wallets.resolve("gina"));
        Path file = wallets.resolve("gina").resolve(WalletDirectory.FILE_NAME);
        Files.write(file, SnapshotFileV1.encode(s));
        try (WalletDirectory w = WalletDirectory.open(wallets, "gina")) {
            assertThat(w.read()).isEqualTo(s);
        }
        assertThat(new String(Files.readAllBytes(file), 0, 15, StandardCharsets.US_ASCII)).isEqualTo("SQLite format 3");
        try (WalletDirectory w = WalletDirectory.open(wallets, "gina")) {
            assertThat(w.read()).isEqualTo(s);
        }
        // A damaged file of the earlier format is refused, not migrated.
        byte[] bad = SnapshotFileV1.encode(s);
        bad[bad.length / 2] ^= 1;
        Files.createDirectories(wallets.resolve("hal"));
        Files.write(wallets.resolve("hal").resolve(WalletDirectory.FILE_NAME), bad);
        assertThatThrownBy(() -> WalletDirectory.open(wallets, "hal")).hasMessageStartingWith("Wallet file corrupt");
    }
}
