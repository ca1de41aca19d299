package dev.blocksmith.core.chain;

import dev.blocksmith.core.crypto.Hashes;
import dev.blocksmith.core.primitives.Sha256Hash;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link BlockStore} in bitcoind's flat files: {@code blk?????.dat} and {@code rev?????.dat} in one directory,
 * every byte XORed with the 8-byte key of {@code xor.dat} at its offset in the file (bitcoind's -blocksxor). A blk
 * file takes blocks until the next record would reach {@link #MAX_BLOCKFILE_SIZE} (64 KiB with -fastprune); a
 * block larger than that gets a file of its own. Files are not preallocated (bitcoind reserves 16 MiB / 1 MiB
 * chunks ahead): a file's size is what it holds, so the prune target counts real bytes.
 */
public final class FlatFileBlockStore implements BlockStore {
    private static final Logger LOG = LoggerFactory.getLogger(FlatFileBlockStore.class);
    /** bitcoind's MAX_BLOCKFILE_SIZE: 128 MiB. */
    public static final long MAX_BLOCKFILE_SIZE = 0x8000000;
    /** bitcoind's block file size under -fastprune: 64 KiB, so tests see several files. */
    public static final long FASTPRUNE_BLOCKFILE_SIZE = 0x10000;
    /** Network magic and record length before every block and undo record (bitcoind's STORAGE_HEADER_BYTES). */
    static final int HEADER_BYTES = 8;
    static final int CHECKSUM_BYTES = 32;
    static final String XOR_FILE = "xor.dat";
    static final int XOR_KEY_BYTES = 8;
    /** Records larger than any block (bitcoind's MAX_SIZE of a serialized object) are damage, not data. */
    private static final int MAX_RECORD = 0x02000000;

    private final BlockFileSystem files;
    private final byte[] magic;
    private final long maxFileSize;
    private final byte[] xorKey;
    /** The key twice, so that the eight key bytes from any offset are one little-endian long. */
    private final byte[] rotatedKey;
    /** An all-zero key (-blocksxor=0 or data of older versions): nothing to XOR. */
    private final boolean plain;
    private static final java.lang.invoke.VarHandle LONGS =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
    private int current;
    private long totalBytes;
    /** Files written since the last {@link #sync()}: bitcoind syncs its block files only when it flushes its state. */
    private final java.util.Set<String> unsynced = new java.util.LinkedHashSet<>();

    private FlatFileBlockStore(BlockFileSystem files, byte[] magic, long maxFileSize, byte[] xorKey) {
        this.files = files;
        this.magic = magic.clone();
        this.maxFileSize = maxFileSize;
        this.xorKey = xorKey;
        this.rotatedKey = new byte[2 * XOR_KEY_BYTES];
        System.arraycopy(xorKey, 0, rotatedKey, 0, XOR_KEY_BYTES);
        System.arraycopy(xorKey, 0, rotatedKey, XOR_KEY_BYTES, XOR_KEY_BYTES);
        this.plain = Arrays.equals(xorKey, new byte[XOR_KEY_BYTES]);
        rescan();
    }

    /**
     * Opens the blocks directory, setting up its XOR key as bitcoind's InitBlocksdirXorKey: a stored
     * {@code xor.dat} is used as it is; otherwise a new key is written, random when {@code useXor} and the directory
     * holds nothing yet but hidden files (first start), all zero otherwise (older data stays readable). With
     * {@code useXor} false a stored non-zero key is refused with bitcoind's message.
     */
    public static FlatFileBlockStore open(BlockFileSystem files, byte[] magic, long maxFileSize, boolean useXor) {
        byte[] key = new byte[XOR_KEY_BYTES];
        try {
            boolean firstRun = files.list().stream().allMatch(n -> n.startsWith("."));
            if (useXor && firstRun) new SecureRandom().nextBytes(key);
            if (files.exists(XOR_FILE)) {
                byte[] stored = files.read(XOR_FILE, 0, XOR_KEY_BYTES);
                if (stored.length != XOR_KEY_BYTES) {
                    throw new BlockStoreException("The blocksdir XOR-key file " + XOR_FILE + " is shorter than "
                            + XOR_KEY_BYTES + " bytes");
                }
                key = stored;
            } else {
                files.write(XOR_FILE, 0, key);
                files.sync(XOR_FILE);
            }
        } catch (IOException e) {
            throw new BlockStoreException("Cannot set up the blocksdir XOR-key: " + e.getMessage(), e);
        }
        String hex = HexFormat.of().formatHex(key);
        if (!useXor && !Arrays.equals(key, new byte[XOR_KEY_BYTES])) {
            throw new BlockStoreException("The blocksdir XOR-key can not be disabled when a random key was already stored! "
                    + "Stored key: '" + hex + "', stored path: '" + describe(files, XOR_FILE) + "'.");
        }
        LOG.info("Using obfuscation key for blocksdir *.dat files ({}): '{}'", describe(files, ""), hex);
        return new FlatFileBlockStore(files, magic, maxFileSize, key);
    }

    /** A store in memory with bitcoind's file layout and no XOR, for tests and throw-away chains. */
    public static FlatFileBlockStore inMemory(byte[] magic) {
        return new FlatFileBlockStore(new MemoryBlockFiles(), magic, MAX_BLOCKFILE_SIZE, new byte[XOR_KEY_BYTES]);
    }

    /** As {@link #inMemory(byte[])} over {@code files} with a chosen file size limit (tests of file boundaries). */
    public static FlatFileBlockStore inMemory(BlockFileSystem files, byte[] magic, long maxFileSize) {
        return new FlatFileBlockStore(files, magic, maxFileSize, new byte[XOR_KEY_BYTES]);
    }

    private static String describe(BlockFileSystem files, String name) {
        if (files instanceof DirectoryBlockFiles d) return name.isEmpty() ? d.directory().toString() : d.directory().resolve(name).toString();
        return name;
    }

    static String blockFileName(int file) {
        return String.format("blk%05d.dat", file);
    }

    static String undoFileName(int file) {
        return String.format("rev%05d.dat", file);
    }

    /** The number of a {@code blk?????.dat} or {@code rev?????.dat} name, if it is one. */
    static OptionalInt fileNumber(String name, String prefix) {
        if (name.length() != 12 || !name.startsWith(prefix) || !name.endsWith(".dat")) return OptionalInt.empty();
        String digits = name.substring(3, 8);
        for (int i = 0; i < digits.length(); i++) {
            if (!Character.isDigit(digits.charAt(i))) return OptionalInt.empty();
        }
        return OptionalInt.of(Integer.parseInt(digits));
    }

    /** Finds the highest blk file (new blocks go there) and the bytes of all files. */
    private void rescan() {
        int highest = 0;
        long total = 0;
        try {
            for (String name : files.list()) {
                OptionalInt blk = fileNumber(name, "blk");
                OptionalInt rev = fileNumber(name, "rev");
                if (blk.isPresent()) highest = Math.max(highest, blk.getAsInt());
                if (blk.isPresent() || rev.isPresent()) total += files.size(name);
            }
        } catch (IOException e) {
            throw new BlockStoreException("Cannot list the blocks directory: " + e.getMessage(), e);
        }
        current = highest;
        totalBytes = total;
    }

    byte[] xorKey() {
        return xorKey.clone();
    }

    @Override
    public synchronized FlatFilePos writeBlock(byte[] rawBlock) {
        long add = HEADER_BYTES + (long) rawBlock.length;
        long size = files.size(blockFileName(current));
        while (size > 0 && size + add >= maxFileSize) {
            current++;
            size = files.size(blockFileName(current));
        }
        String name = blockFileName(current);
        append(name, size, record(rawBlock, null));
        createUndoFile(current);
        return new FlatFilePos(current, Math.toIntExact(size + HEADER_BYTES));
    }

    @Override
    public synchronized FlatFilePos writeUndo(int file, byte[] undo, Sha256Hash prevBlockHash) {
        String name = undoFileName(file);
        long size = files.size(name);
        append(name, size, record(undo, checksum(prevBlockHash, undo)));
        return new FlatFilePos(file, Math.toIntExact(size + HEADER_BYTES));
    }

    /** bitcoind's undo checksum: Hash(previous block hash ‖ undo data). */
    private static byte[] checksum(Sha256Hash prevBlockHash, byte[] undo) {
        byte[] buf = new byte[32 + undo.length];
        prevBlockHash.copyInto(buf, 0);
        System.arraycopy(undo, 0, buf, 32, undo.length);
        return Hashes.sha256d(buf);
    }

    private byte[] record(byte[] payload, byte[] trailer) {
        int trail = trailer == null ? 0 : trailer.length;
        byte[] out = new byte[HEADER_BYTES + payload.length + trail];
        System.arraycopy(magic, 0, out, 0, 4);
        out[4] = (byte) payload.length;
        out[5] = (byte) (payload.length >>> 8);
        out[6] = (byte) (payload.length >>> 16);
        out[7] = (byte) (payload.length >>> 24);
        System.arraycopy(payload, 0, out, HEADER_BYTES, payload.length);
        if (trailer != null) System.arraycopy(trailer, 0, out, HEADER_BYTES + payload.length, trail);
        return out;
    }

    /**
     * Every blk file has its rev file, empty until undo data comes (bitcoind creates it when it flushes the block
     * file's undo, at the latest at shutdown; the genesis block alone leaves an empty rev00000.dat).
     */
    private void createUndoFile(int file) {
        String rev = undoFileName(file);
        if (files.exists(rev)) return;
        try {
            files.write(rev, 0, new byte[0]);
        } catch (IOException e) {
            throw new BlockStoreException("Failed to create " + rev + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes at the end of the file, not yet synced: as bitcoind, which syncs its block and undo files in
     * FlushStateToDisk before it writes the block index and coins. A kill leaves written data in the page cache; after
     * an unclean shutdown the node goes back to its last flush anyway ({@link UncleanShutdownRecovery}), which synced
     * every byte that flush's index and coins refer to.
     */
    private void append(String name, long offset, byte[] plain) {
        try {
            xorInPlace(plain, 0, plain.length, offset);
            files.write(name, offset, plain);
            unsynced.add(name);
        } catch (IOException e) {
            throw new BlockStoreException("Failed to write to " + name + ": " + e.getMessage(), e);
        }
        totalBytes += plain.length;
    }

    /** XORs {@code data}, which sits at {@code offset} of its file, with the key (its own inverse). */
    byte[] xor(byte[] data, long offset) {
        byte[] out = data.clone();
        xorInPlace(out, 0, out.length, offset);
        return out;
    }

    private void xorInPlace(byte[] data, int from, int length, long offset) {
        if (plain) return;
        int k = (int) (offset % XOR_KEY_BYTES);
        int i = 0;
        // Eight bytes at a time with the key rotated to the offset (every block read and written passes here).
        long key = (long) LONGS.get(rotatedKey, k);
        for (; i + 8 <= length; i += 8) LONGS.set(data, from + i, (long) LONGS.get(data, from + i) ^ key);
        for (; i < length; i++) data[from + i] ^= xorKey[(k + i) % XOR_KEY_BYTES];
    }

    private Optional<byte[]> readRecord(String name, FlatFilePos pos, int trailer) {
        if (pos.pos() < HEADER_BYTES) return Optional.empty();
        try {
            long start = pos.pos() - HEADER_BYTES;
            // Each read is a fresh array: XORed where it lies.
            byte[] header = files.read(name, start, HEADER_BYTES);
            xorInPlace(header, 0, header.length, start);
            if (header.length < HEADER_BYTES || !Arrays.equals(header, 0, 4, magic, 0, 4)) {
                LOG.error("Record header at {} of {} is damaged or missing", pos, name);
                return Optional.empty();
            }
            long length = (header[4] & 0xffL) | (header[5] & 0xffL) << 8 | (header[6] & 0xffL) << 16 | (header[7] & 0xffL) << 24;
            if (length > MAX_RECORD) return Optional.empty();
            byte[] body = files.read(name, pos.pos(), (int) length + trailer);
            xorInPlace(body, 0, body.length, pos.pos());
            if (body.length < length + trailer) {
                LOG.error("Record at {} of {} is truncated", pos, name);
                return Optional.empty();
            }
            return Optional.of(body);
        } catch (IOException e) {
            LOG.error("OpenBlockFile failed for {}: {}", pos, e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public Optional<byte[]> readBlock(FlatFilePos pos) {
        return readRecord(blockFileName(pos.file()), pos, 0);
    }

    @Override
    public Optional<byte[]> readUndo(FlatFilePos pos, Sha256Hash prevBlockHash) {
        return readRecord(undoFileName(pos.file()), pos, CHECKSUM_BYTES).flatMap(body -> {
            byte[] undo = Arrays.copyOf(body, body.length - CHECKSUM_BYTES);
            byte[] sum = Arrays.copyOfRange(body, body.length - CHECKSUM_BYTES, body.length);
            if (!Arrays.equals(sum, checksum(prevBlockHash, undo))) {
                LOG.error("Checksum mismatch of the undo data at {}", pos);
                return Optional.empty();
            }
            return Optional.of(undo);
        });
    }

    @Override
    public synchronized int currentFile() {
        return current;
    }

    @Override
    public boolean hasBlockFile(int file) {
        return files.exists(blockFileName(file));
    }

    @Override
    public long fileBytes(int file) {
        return files.size(blockFileName(file)) + files.size(undoFileName(file));
    }

    @Override
    public synchronized long totalBytes() {
        return totalBytes;
    }

    @Override
    public synchronized void deleteFilePair(int file) {
        for (String name : new String[] {blockFileName(file), undoFileName(file)}) {
            long size = files.size(name);
            try {
                files.delete(name);
                unsynced.remove(name);
            } catch (IOException e) {
                throw new BlockStoreException("Failed to delete " + name + ": " + e.getMessage(), e);
            }
            totalBytes -= size;
        }
        LOG.debug("Prune: deleted blk/rev ({})", String.format("%05d", file));
    }

    @Override
    public synchronized void prepareReindex(boolean dropFilesAfterGap) {
        try {
            java.util.TreeSet<Integer> blk = new java.util.TreeSet<>();
            for (String name : files.list()) {
                if (fileNumber(name, "rev").isPresent()) files.delete(name);
                fileNumber(name, "blk").ifPresent(blk::add);
            }
            if (dropFilesAfterGap) {
                int gap = 0;
                while (blk.contains(gap)) gap++;
                for (int n : blk.tailSet(gap)) {
                    LOG.info("Removing unusable blk{}.dat and rev{}.dat for -reindex with -prune", String.format("%05d", n),
                            String.format("%05d", n));
                    files.delete(blockFileName(n));
                }
            }
        } catch (IOException e) {
            throw new BlockStoreException("Cannot prepare the block files for -reindex: " + e.getMessage(), e);
        }
        rescan();
    }

    @Override
    public Optional<InputStream> openBlockFile(int file) {
        String name = blockFileName(file);
        if (!files.exists(name)) return Optional.empty();
        return Optional.of(new InputStream() {
            private static final int CHUNK = 1 << 20;
            private long offset;
            private byte[] buf = new byte[0];
            private int at;

            private boolean fill() throws IOException {
                if (at < buf.length) return true;
                buf = xor(files.read(name, offset, CHUNK), offset);
                offset += buf.length;
                at = 0;
                return buf.length > 0;
            }

            @Override
            public int read() throws IOException {
                return fill() ? buf[at++] & 0xff : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) return 0;
                if (!fill()) return -1;
                int n = Math.min(len, buf.length - at);
                System.arraycopy(buf, at, b, off, n);
                at += n;
                return n;
            }
        });
    }

    @Override
    public synchronized void copyTo(BlockFileSystem target) {
        try {
            for (String name : files.list()) {
                boolean ours = name.equals(XOR_FILE) || fileNumber(name, "blk").isPresent() || fileNumber(name, "rev").isPresent();
                if (!ours) continue;
                long size = files.size(name);
                for (long off = 0; off < size; off += 1 << 20) {
                    target.write(name, off, files.read(name, off, (int) Math.min(1 << 20, size - off)));
                }
                target.sync(name);
            }
        } catch (IOException e) {
            throw new BlockStoreException("Copying the block files failed: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void sync() {
        for (java.util.Iterator<String> it = unsynced.iterator(); it.hasNext(); ) {
            String name = it.next();
            try {
                if (files.exists(name)) files.sync(name);
            } catch (IOException e) {
                throw new BlockStoreException("Failed to sync " + name + ": " + e.getMessage(), e);
            }
            it.remove();
        }
    }

    @Override
    public void close() {
        try {
            sync();
        } catch (BlockStoreException e) {
            LOG.warn("Syncing the block files at close: {}", e.getMessage());
        }
        if (files instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("Closing the block files: {}", e.getMessage());
            }
        }
    }
}
