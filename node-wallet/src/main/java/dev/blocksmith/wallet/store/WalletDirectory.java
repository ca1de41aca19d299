package dev.blocksmith.wallet.store;

import dev.blocksmith.core.crypto.Hashes;
import dev.blocksmith.core.primitives.ByteReader;
import dev.blocksmith.core.primitives.ByteWriter;
import dev.blocksmith.core.primitives.SerializationException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * One wallet's directory, {@code <walletsdir>/<name>/}, holding a single snapshot file {@code wallet.dat}
 * and a {@code .walletlock} held while the wallet is open (one process at a time, as Core).
 *
 * <p>Crash safety: every write produces a complete new snapshot in {@code wallet.dat.tmp}, forces it to
 * disk, atomically renames it over {@code wallet.dat} and forces the directory. After a crash the file is
 * therefore either the old or the new snapshot, never a mix; a SHA-256 trailer additionally rejects a
 * file damaged by a filesystem that does not honour the ordering. Wallet state is small and changes
 * rarely, so rewriting it whole costs little and keeps the format trivial to check.
 *
 * <p>File layout: "BSWALLET" | version u32le | count compactSize | (key varBytes(UTF-8), value varBytes)* |
 * sha256 of all preceding bytes.
 */
public final class WalletDirectory implements AutoCloseable {
    public static final String FILE_NAME = "wallet.dat";
    private static final byte[] MAGIC = "BSWALLET".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION = 1;

    private final Path dir;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private WalletDirectory(Path dir, FileChannel lockChannel, FileLock lock) {
        this.dir = dir;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Names that would leave the wallets directory are refused. Any other character is a file name character on the
     * POSIX systems Blocksmith runs on, as for bitcoind there: a backslash, quotes or control characters included
     * (feature_notifications' wallet name has every character from 1 to 127 but '/').
     */
    public static void checkName(String name) throws WalletStoreException {
        if (name.isEmpty() || name.equals(".") || name.equals("..") || name.contains("/") || name.indexOf('\0') >= 0) {
            throw new WalletStoreException("Invalid wallet name '" + name + "'");
        }
    }

    /** Creates {@code walletsDir/name} with an empty snapshot and opens it. */
    public static WalletDirectory create(Path walletsDir, String name) throws WalletStoreException {
        checkName(name);
        Path dir = walletsDir.resolve(name);
        if (Files.exists(dir.resolve(FILE_NAME))) {
            throw new WalletStoreException("Failed to create database path '" + dir + "'. Database already exists.");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new WalletStoreException("Failed to create database path '" + dir + "'", e);
        }
        WalletDirectory w = lock(dir);
        try {
            w.write(WalletSnapshot.empty());
        } catch (WalletStoreException e) {
            w.close();
            throw e;
        }
        return w;
    }

    public static WalletDirectory open(Path walletsDir, String name) throws WalletStoreException {
        checkName(name);
        Path dir = walletsDir.resolve(name);
        if (!Files.isRegularFile(dir.resolve(FILE_NAME))) {
            throw new WalletStoreException("Wallet file verification failed. Failed to load database path '" + dir + "'. Path does not exist.");
        }
        return lock(dir);
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
            throw new WalletStoreException("Error initializing wallet database environment " + dir
                    + "! Is the wallet in use by another process?", e);
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
        byte[] data;
        try {
            data = Files.readAllBytes(dir.resolve(FILE_NAME));
        } catch (IOException e) {
            throw new WalletStoreException("Error reading wallet file " + dir.resolve(FILE_NAME), e);
        }
        return decode(data, dir.resolve(FILE_NAME));
    }

    static WalletSnapshot decode(byte[] data, Path where) throws WalletStoreException {
        if (data.length < MAGIC.length + 4 + 1 + 32) throw corrupt(where);
        int body = data.length - 32;
        byte[] check = Hashes.sha256(data, 0, body);
        if (!Arrays.equals(check, 0, 32, data, body, data.length)) throw corrupt(where);
        try {
            ByteReader r = new ByteReader(data, 0, body);
            if (!Arrays.equals(r.bytes(MAGIC.length), MAGIC)) throw corrupt(where);
            int version = r.i32le();
            if (version != VERSION) throw new WalletStoreException("Unsupported wallet file version " + version + " in " + where);
            long count = r.compactSize();
            Map<String, byte[]> records = new TreeMap<>();
            for (long i = 0; i < count; i++) {
                String key = new String(r.varBytes(), StandardCharsets.UTF_8);
                records.put(key, r.varBytes());
            }
            if (r.hasRemaining()) throw corrupt(where);
            return new WalletSnapshot(records);
        } catch (SerializationException e) {
            throw corrupt(where);
        }
    }

    private static WalletStoreException corrupt(Path where) {
        return new WalletStoreException("Wallet file corrupt: " + where);
    }

    static byte[] encode(WalletSnapshot snapshot) {
        ByteWriter w = new ByteWriter(256).bytes(MAGIC).i32le(VERSION);
        var records = snapshot.records();
        w.compactSize(records.size());
        records.forEach((k, v) -> w.varBytes(k.getBytes(StandardCharsets.UTF_8)).varBytes(v));
        byte[] body = w.toByteArray();
        return new ByteWriter(body.length + 32).bytes(body).bytes(Hashes.sha256(body)).toByteArray();
    }

    /** Replaces the snapshot atomically (see the class comment). */
    public synchronized void write(WalletSnapshot snapshot) throws WalletStoreException {
        Path tmp = dir.resolve(FILE_NAME + ".tmp");
        Path target = dir.resolve(FILE_NAME);
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(encode(snapshot));
                while (buf.hasRemaining()) ch.write(buf);
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new WalletStoreException("Filesystem does not support atomic rename; refusing to write wallet non-atomically", e);
            }
            forceDirectory();
        } catch (IOException e) {
            throw new WalletStoreException("Error writing wallet file " + target, e);
        }
    }

    /** Makes the rename itself durable (POSIX needs an fsync of the directory). */
    private void forceDirectory() {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // Some platforms cannot open directories; the rename is still atomic, only its durability
            // waits for the next filesystem flush.
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // Closing the channel below releases the lock as well.
        }
        closeQuietly(lockChannel);
    }
}
