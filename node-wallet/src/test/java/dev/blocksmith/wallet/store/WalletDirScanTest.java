package dev.blocksmith.wallet.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The wallet folders bitcoind's ListDatabases finds, with the layouts of Core's wallet_multiwallet.py. */
class WalletDirScanTest {
    @TempDir
    Path dir;

    private void wallet(Path folder) throws Exception {
        Files.createDirectories(folder);
        Files.write(folder.resolve(WalletDirectory.FILE_NAME), new byte[] {1});
    }

    @Test
    void findsFoldersAtAnyDepthLinksToFoldersAndTheTopLevelFile() throws Exception {
        wallet(dir.resolve("w1"));
        wallet(dir.resolve("sub/w5"));
        wallet(dir.resolve("w7"));
        Files.createSymbolicLink(dir.resolve("w7_symlink"), Path.of("w7"));
        Files.write(dir.resolve(WalletDirectory.FILE_NAME), new byte[] {1});
        Files.createDirectories(dir.resolve("empty"));
        Files.write(dir.resolve("w8"), new byte[] {1}); // a top-level file not named wallet.dat: not a wallet
        assertThat(WalletDirScan.names(dir)).containsExactly("", "sub/w5", "w1", "w7", "w7_symlink");
    }

    @Test
    void linkLoopsAreSkippedAndTheScanGoesOn() throws Exception {
        wallet(dir.resolve("a"));
        // A link to the parent is a folder that is not descended into; a wallet.dat linking to itself cannot be
        // examined (bitcoind logs "Error while scanning wallet dir item" and goes on).
        Files.createSymbolicLink(dir.resolve("recursive_dir_symlink"), Path.of(".."));
        Files.createDirectories(dir.resolve("self_walletdat_symlink"));
        Files.createSymbolicLink(dir.resolve("self_walletdat_symlink").resolve(WalletDirectory.FILE_NAME), Path.of(WalletDirectory.FILE_NAME));
        Files.createSymbolicLink(dir.resolve("dangling"), Path.of("nowhere"));
        wallet(dir.resolve("z"));
        assertThat(WalletDirScan.names(dir)).containsExactly("a", "z");
    }

    @Test
    void noDirectoryNoWallets() throws Exception {
        assertThat(WalletDirScan.names(dir.resolve("missing"))).isEmpty();
    }
}
