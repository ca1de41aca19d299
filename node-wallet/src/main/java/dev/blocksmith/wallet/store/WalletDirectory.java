package dev.blocksmith.wallet.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * One wallet's directory, {@code <walletsdir>/<name>/}, holding the wallet file {@code wallet.dat} and a
 * {@code .walletlock} held while the wallet is open (one process at a time, as Core).
 *
 * <p>{@code wallet.dat} is an SQLite database laid out as bitcoind's ({@link SqliteWalletFile}), so tools that
 * open bitcoind's wallet files with SQLite open these. Every write stores a complete snapshot in one
 * transaction (crash-safe through SQLite's journal). A wallet file of Blocksmith's earlier format
 * ({@link SnapshotFileV1}) is migrated when opened: its records are written to a new database beside it, which
 * then replaces it by an atomic rename, so a crash leaves the old file or the new one.
 */
public final class WalletDirectory implements AutoCloseable {
    public static final String FILE_NAME = "wallet.dat";
    /** getwalletinfo "format": bitcoind's name for this file type. */
    public static final String FORMAT = "sqlite";

    private final Path dir;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private SqliteWalletFile file;

    private WalletDirectory(Path dir, FileChannel lockChannel, FileLock lock) {
        this.dir = dir;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * A wallet name is a path, as bitcoind's: relative to the wallets directory (subfolders included) or absolute, the
     * empty name being the wallets directory itself (bitcoind's default wallet, {@code wallet.dat} at its top). Any
     * character is a file name character on the POSIX systems Blocksmith runs on (feature_notifications' wallet name
     * has every character from 1 to 127 but '/'); only NUL cannot be.
     */
    public static void checkName(String name) throws WalletStoreException {
        if (name.indexOf('\0') >= 0) throw new WalletStoreException("Invalid wallet name '" + name + "'");
    }

    /** The folder of the wallet named {@code name}: see {@link #checkName}. */
    public static Path folder(Path walletsDir, String name) {
        return walletsDir.resolve(name);
    }

    /** Creates {@code walletsDir/name} with an empty snapshot and opens it. */
    public static WalletDirectory create(Path walletsDir, String name) throws WalletStoreException {
        return create(walletsDir, name, false);
    }

    /** As {@link #create(Path, String)}; {@code unsafeSync} is bitcoind's -unsafesqlitesync. */
    public static WalletDirectory create(Path walletsDir, String name, boolean unsafeSync) throws WalletStoreException {
        checkName(name);
        Path dir = folder(walletsDir, name);
        if (Files.exists(dir.resolve(FILE_NAME))) {
            throw new WalletStoreException("Failed to create database path '" + dir + "'. Database already exists.");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            // bitcoind passes on its filesystem library's text, which Core's tests match ("filesystem error:").
            throw new WalletStoreException("filesystem error: cannot create directories: " + reason(e) + " [" + dir + "]", e);
        }
        WalletDirectory w = lock(dir);
        try {
            w.file = SqliteWalletFile.open(dir.resolve(FILE_NAME), unsafeSync);
            w.write(WalletSnapshot.empty());
        } catch (WalletStoreException e) {
            w.close();
            throw e;
        }
        return w;
    }

    public static WalletDirectory open(Path walletsDir, String name) throws WalletStoreException {
        return open(walletsDir, name, false);
    }

    /** As {@link #open(Path, String)}; {@code unsafeSync} is bitcoind's -unsafesqlitesync. */
    public static WalletDirectory open(Path walletsDir, String name, boolean unsafeSync) throws WalletStoreException {
        checkName(name);
        Path dir = folder(walletsDir, name);
        if (!Files.isRegularFile(dir.resolve(FILE_NAME))) {
            throw new WalletStoreException("Wallet file verification failed. Failed to load database path '" + dir + "'. Path does not exist.");
        }
        WalletDirectory w = lock(dir);
        try {
            migrateSnapshotFile(dir);
            w.file = SqliteWalletFile.open(dir.resolve(FILE_NAME), unsafeSync);
        } catch (WalletStoreException e) {
            w.close();
            throw e;
        }
        return w;
    }

    /** The header every SQLite 3 database starts with. */
    private static final byte[] SQLITE_HEADER = "SQLite format 3\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /**
     * Whether {@code file} is a wallet file this node reads: an SQLite database (bitcoind's IsSQLiteFile looks at
     * the same header) or a file of the earlier snapshot format. restorewallet refuses anything else before
     * loading it.
     */
    public static boolean isWalletFile(Path file) {
        byte[] head = new byte[16];
        int n;
        try (var in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            return false;
        }
        byte[] read = Arrays.copyOf(head, n);
        return Arrays.equals(read, SQLITE_HEADER) || SnapshotFileV1.isSnapshotFile(read);
    }

    /**
     * Replaces a wallet file of the earlier format by an SQLite database with the same records: written and
     * synced under a temporary name first, then renamed over the old file.
     */
    private static void migrateSnapshotFile(Path dir) throws WalletStoreException {
        Path target = dir.resolve(FILE_NAME);
        byte[] data;
        try {
            byte[] head = new byte[16];
            int n;
            try (var in = Files.newInputStream(target)) {
                n = in.readNBytes(head, 0, head.length);
            }
            if (!SnapshotFileV1.isSnapshotFile(Arrays.copyOf(head, n))) return;
            data = Files.readAllBytes(target);
        } catch (IOException e) {
            throw new WalletStoreException("Error reading wallet file " + target, e);
        }
        WalletSnapshot old = SnapshotFileV1.decode(data, target);
        Path tmp = dir.resolve(FILE_NAME + ".migrating");
        try {
            Files.deleteIfExists(tmp);
            Files.deleteIfExists(dir.resolve(FILE_NAME + ".migrating-journal"));
            try (SqliteWalletFile f = SqliteWalletFile.open(tmp, false)) {
                f.write(old);
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new WalletStoreException("Filesystem does not support atomic rename; refusing to migrate wallet non-atomically", e);
        } catch (IOException e) {
            throw new WalletStoreException("Error migrating wallet file " + target, e);
        }
        forceDirectory(dir);
    }

    private static WalletDirectory lock(Path dir) throws WalletStoreException {
        FileChannel ch = null;
        try {
            ch = FileChannel.open(dir.resolve(".walletlock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock l = ch.tryLock();
            if (l == null) throw new OverlappingFileLockException();
            return new WalletDirectory(dir, ch, l);
        } catch (OverlappingFileLockException | IOException e) {
            closeQuietly(ch);
            // bitcoind's SQLite wallet message (its exclusive locking mode), naming the program as bitcoind names itself.
            throw new WalletStoreException("SQLiteDatabase: Unable to obtain an exclusive lock on the database, is it being used by "
                    + "another instance of Blocksmith?", e);
        }
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch == null) return;
        try {
            ch.close();
        } catch (IOException ignored) {
            // Already failing; the lock error is the one to report.
        }
    }

    public Path path() {
        return dir;
    }

    public WalletSnapshot read() throws WalletStoreException {
        return file.read();
    }

    /** Replaces the stored snapshot in one transaction (see the class comment). */
    public synchronized void write(WalletSnapshot snapshot) throws WalletStoreException {
        file.write(snapshot);
    }

    /** Makes the rename itself durable (POSIX needs an fsync of the directory). */
    private static void forceDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // Some platforms cannot open directories; the rename is still atomic, only its durability
            // waits for the next filesystem flush.
        }
    }

    @Override
    public void close() {
        if (file != null) file.close();
        try {
            lock.release();
        } catch (IOException ignored) {
            // Closing the channel below releases the lock as well.
        }
        closeQuietly(lockChannel);
    }

    /** The operating system's text for a failed file operation, as strerror gives it. */
    private static String reason(IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException) return "Permission denied";
        if (e instanceof java.nio.file.FileAlreadyExistsException) return "File exists";
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) return f.getReason();
        return String.valueOf(e.getMessage());
    }
}
