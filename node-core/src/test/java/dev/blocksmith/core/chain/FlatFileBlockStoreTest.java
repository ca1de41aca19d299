package dev.blocksmith.core.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blocksmith.core.crypto.Hashes;
import dev.blocksmith.core.params.Networks;
import dev.blocksmith.core.primitives.Sha256Hash;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bitcoind's blk/rev file format: record framing, undo checksums, file boundaries and the XOR key of xor.dat. */
class FlatFileBlockStoreTest {
    private static final byte[] MAGIC = Networks.REGTEST.magic();

    private static byte[] bytes(int length, int seed) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) b[i] = (byte) (seed * 31 + i * 7);
        return b;
    }

    @Test
    void recordsAreFramedAsBitcoindWritesThem() throws Exception {
        MemoryBlockFiles files = new MemoryBlockFiles();
        BlockStore store = FlatFileBlockStore.inMemory(files, MAGIC, FlatFileBlockStore.MAX_BLOCKFILE_SIZE);
        byte[] first = bytes(300, 1);
        byte[] second = bytes(120, 2);
        assertThat(store.writeBlock(first)).isEqualTo(new FlatFilePos(0, 8));
        assertThat(store.writeBlock(second)).isEqualTo(new FlatFilePos(0, 8 + 300 + 8));

        byte[] blk = files.read("blk00000.dat", 0, 1000);
        assertThat(blk).hasSize(8 + 300 + 8 + 120);
        assertThat(Arrays.copyOfRange(blk, 0, 4)).isEqualTo(MAGIC);
        assertThat(Arrays.copyOfRange(blk, 4, 8)).isEqualTo(new byte[] {44, 1, 0, 0});
        assertThat(Arrays.copyOfRange(blk, 8, 308)).isEqualTo(first);
        assertThat(Arrays.copyOfRange(blk, 308, 312)).isEqualTo(MAGIC);

        Sha256Hash prev = Sha256Hash.wrap(bytes(32, 9));
        byte[] undo = bytes(50, 3);
        FlatFilePos undoPos = store.writeUndo(0, undo, prev);
        assertThat(undoPos).isEqualTo(new FlatFilePos(0, 8));
        byte[] rev = files.read("rev00000.dat", 0, 1000);
        assertThat(rev).hasSize(8 + 50 + 32);
        assertThat(Arrays.copyOfRange(rev, 4, 8)).isEqualTo(new byte[] {50, 0, 0, 0});
        byte[] hashed = new byte[32 + 50];
        prev.copyInto(hashed, 0);
        System.arraycopy(undo, 0, hashed, 32, 50);
        assertThat(Arrays.copyOfRange(rev, 58, 90)).isEqualTo(Hashes.sha256d(hashed));

        assertThat(store.readBlock(new FlatFilePos(0, 8))).contains(first);
        assertThat(store.readBlock(new FlatFilePos(0, 316))).contains(second);
        assertThat(store.readUndo(undoPos, prev)).contains(undo);
        assertThat(store.totalBytes()).isEqualTo(blk.length + rev.length);
    }

    @Test
    void damagedOrMissingRecordsReadAsAbsent() throws Exception {
        MemoryBlockFiles files = new MemoryBlockFiles();
        BlockStore store = FlatFileBlockStore.inMemory(files, MAGIC, FlatFileBlockStore.MAX_BLOCKFILE_SIZE);
        FlatFilePos pos = store.writeBlock(bytes(100, 1));
        Sha256Hash prev = Sha256Hash.wrap(bytes(32, 4));
        FlatFilePos undoPos = store.writeUndo(0, bytes(40, 2), prev);

        // Another previous block hash: the checksum does not match.
        assertThat(store.readUndo(undoPos, Sha256Hash.wrap(bytes(32, 5)))).isEmpty();
        // Not the start of a record.
        assertThat(store.readBlock(new FlatFilePos(0, 20))).isEmpty();
        assertThat(store.readBlock(new FlatFilePos(3, 8))).isEmpty();
        // A flipped byte of the undo data.
        files.write("rev00000.dat", 8, new byte[] {(byte) 0xff});
        assertThat(store.readUndo(undoPos, prev)).isEmpty();
        // A deleted file.
        files.delete("blk00000.dat");
        assertThat(store.readBlock(pos)).isEmpty();
    }

    @Test
    void aFileTakesBlocksUpToItsSizeLimitAndABiggerBlockGetsAFileOfItsOwn() {
        MemoryBlockFiles files = new MemoryBlockFiles();
        BlockStore store = FlatFileBlockStore.inMemory(files, MAGIC, 1000);
        assertThat(store.writeBlock(bytes(400, 1)).file()).isZero();
        assertThat(store.writeBlock(bytes(400, 2)).file()).isZero();
        // 816 + 408 would pass 1000 bytes.
        assertThat(store.writeBlock(bytes(400, 3))).isEqualTo(new FlatFilePos(1, 8));
        assertThat(store.writeBlock(bytes(5000, 4))).isEqualTo(new FlatFilePos(2, 8));
        assertThat(store.writeBlock(bytes(10, 5))).isEqualTo(new FlatFilePos(3, 8));
        assertThat(store.currentFile()).isEqualTo(3);
        // Undo data goes to the rev file numbered as its block's file, whatever file is current.
        assertThat(store.writeUndo(0, bytes(10, 6), Sha256Hash.ZERO)).isEqualTo(new FlatFilePos(0, 8));
        assertThat(files.exists("rev00000.dat")).isTrue();

        long before = store.totalBytes();
        long pair = store.fileBytes(0);
        store.deleteFilePair(0);
        assertThat(files.exists("blk00000.dat")).isFalse();
        assertThat(files.exists("rev00000.dat")).isFalse();
        assertThat(store.totalBytes()).isEqualTo(before - pair);
    }

    @Test
    void aNewBlocksDirectoryGetsARandomKeyAndEveryByteIsXored(@TempDir Path dir) throws Exception {
        FlatFileBlockStore store = FlatFileBlockStore.open(new DirectoryBlockFiles(dir), MAGIC, 1 << 20, true);
        byte[] key = Files.readAllBytes(dir.resolve("xor.dat"));
        assertThat(key).hasSize(8).isNotEqualTo(new byte[8]).isEqualTo(store.xorKey());
        byte[] block = bytes(333, 7);
        FlatFilePos pos = store.writeBlock(block);
        FlatFilePos undoPos = store.writeUndo(0, bytes(20, 1), Sha256Hash.ZERO);
        store.close();

        // What Core's tests do (util_xor): byte i of a file is XORed with key[i % 8].
        byte[] raw = Files.readAllBytes(dir.resolve("blk00000.dat"));
        byte[] plain = raw.clone();
        for (int i = 0; i < plain.length; i++) plain[i] ^= key[i % 8];
        assertThat(Arrays.copyOfRange(plain, 0, 4)).isEqualTo(MAGIC);
        assertThat(Arrays.copyOfRange(plain, 8, 8 + 333)).isEqualTo(block);
        assertThat(Arrays.copyOfRange(raw, 8, 8 + 333)).isNotEqualTo(block);

        FlatFileBlockStore reopened = FlatFileBlockStore.open(new DirectoryBlockFiles(dir), MAGIC, 1 << 20, true);
        assertThat(reopened.xorKey()).isEqualTo(key);
        assertThat(reopened.readBlock(pos)).contains(block);
        assertThat(reopened.readUndo(undoPos, Sha256Hash.ZERO)).contains(bytes(20, 1));
        assertThat(reopened.openBlockFile(0).orElseThrow().readAllBytes()).isEqualTo(plain);
        reopened.close();

        // bitcoind: a stored random key cannot be switched off.
        assertThatThrownBy(() -> FlatFileBlockStore.open(new DirectoryBlockFiles(dir), MAGIC, 1 << 20, false))
                .isInstanceOf(BlockStoreException.class)
                .hasMessage("The blocksdir XOR-key can not be disabled when a random key was already stored! Stored key: '"
                        + HexFormat.of().formatHex(key) + "', stored path: '" + dir.resolve("xor.dat") + "'.");
    }

    @Test
    void theXorAtAnyOffsetAndLengthIsKeyByteOffsetModEight(@TempDir Path dir) throws Exception {
        FlatFileBlockStore store = FlatFileBlockStore.open(new DirectoryBlockFiles(dir), MAGIC, 1 << 20, true);
        byte[] key = store.xorKey();
        for (long offset = 0; offset < 20; offset++) {
            for (int length = 0; length < 40; length++) {
                byte[] data = bytes(length, (int) offset + 3);
                byte[] expected = data.clone();
                for (int i = 0; i < length; i++) expected[i] ^= key[(int) ((offset + i) % 8)];
                assertThat(store.xor(data, offset)).as("offset %d length %d", offset, length).isEqualTo(expected);
            }
        }
        store.close();
    }

    @Test
    void writesAreSyncedWhenTheStoreIsSyncedNotAtEachAppend() {
        java.util.List<String> synced = new java.util.ArrayList<>();
        MemoryBlockFiles memory = new MemoryBlockFiles();
        BlockFileSystem files = new BlockFileSystem() {
            @Override public boolean exists(String name) { return memory.exists(name); }
            @Override public long size(String name) { return memory.size(name); }
            @Override public byte[] read(String name, long offset, int length) throws java.io.IOException { return memory.read(name, offset, length); }
            @Override public void write(String name, long offset, byte[] data) throws java.io.IOException { memory.write(name, offset, data); }
            @Override public void sync(String name) { synced.add(name); }
            @Override public void delete(String name) throws java.io.IOException { memory.delete(name); }
            @Override public java.util.List<String> list() throws java.io.IOException { return memory.list(); }
        };
        FlatFileBlockStore store = FlatFileBlockStore.inMemory(files, MAGIC, 1 << 20);
        FlatFilePos pos = store.writeBlock(bytes(100, 1));
        store.writeBlock(bytes(100, 2));
        store.writeUndo(0, bytes(20, 3), Sha256Hash.ZERO);
        assertThat(synced).isEmpty();
        assertThat(store.readBlock(pos)).contains(bytes(100, 1));
        // bitcoind's FlushStateToDisk: each written file once, before the state that refers to them is committed.
        store.sync();
        assertThat(synced).containsExactlyInAnyOrder("blk00000.dat", "rev00000.dat");
        store.sync();
        assertThat(synced).hasSize(2);
        store.writeBlock(bytes(100, 4));
        store.close();
        assertThat(synced).hasSize(3).last().isEqualTo("blk00000.dat");
    }

    @Test
    void existingFilesOrBlocksxorOffGetTheZeroKey(@TempDir Path dir) throws Exception {
        Path off = Files.createDirectory(dir.resolve("off"));
        FlatFileBlockStore.open(new DirectoryBlockFiles(off), MAGIC, 1 << 20, false).close();
        assertThat(Files.readAllBytes(off.resolve("xor.dat"))).isEqualTo(new byte[8]);

        // Files already there (a datadir of a build without XOR, or xor.dat deleted): the key stays zero, so they
        // still read; hidden files such as a lock do not count.
        Path old = Files.createDirectory(dir.resolve("old"));
        Files.write(old.resolve("blk00000.dat"), BlockFileImporter.encode(MAGIC, java.util.List.of(Networks.REGTEST.genesis())));
        FlatFileBlockStore store = FlatFileBlockStore.open(new DirectoryBlockFiles(old), MAGIC, 1 << 20, true);
        assertThat(Files.readAllBytes(old.resolve("xor.dat"))).isEqualTo(new byte[8]);
        assertThat(store.readBlock(new FlatFilePos(0, 8))).contains(Networks.REGTEST.genesis().serialize());
        store.close();

        Path hidden = Files.createDirectory(dir.resolve("hidden"));
        Files.write(hidden.resolve(".lock"), new byte[0]);
        FlatFileBlockStore.open(new DirectoryBlockFiles(hidden), MAGIC, 1 << 20, true).close();
        assertThat(Files.readAllBytes(hidden.resolve("xor.dat"))).isNotEqualTo(new byte[8]);
    }

    @Test
    void reindexPreparationDropsRevFilesAndWithPruningTheBlkFilesAfterAGap() throws Exception {
        MemoryBlockFiles files = new MemoryBlockFiles();
        BlockStore store = FlatFileBlockStore.inMemory(files, MAGIC, 1);
        for (int i = 0; i < 5; i++) {
            FlatFilePos p = store.writeBlock(bytes(100, i));
            store.writeUndo(p.file(), bytes(10, i), Sha256Hash.ZERO);
        }
        store.deleteFilePair(2);
        store.prepareReindex(false);
        assertThat(files.list()).containsExactlyInAnyOrder("blk00000.dat", "blk00001.dat", "blk00003.dat", "blk00004.dat");
        store.prepareReindex(true);
        assertThat(files.list()).containsExactlyInAnyOrder("blk00000.dat", "blk00001.dat");
        assertThat(store.currentFile()).isEqualTo(1);
        assertThat(store.totalBytes()).isEqualTo(files.size("blk00000.dat") + files.size("blk00001.dat"));
    }
}
