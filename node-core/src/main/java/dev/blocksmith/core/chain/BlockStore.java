package dev.blocksmith.core.chain;

import dev.blocksmith.core.primitives.Sha256Hash;
import java.io.InputStream;
import java.util.Optional;

/**
 * Where blocks and their undo data are kept (bitcoind's BlockManager file side): numbered {@code blk?????.dat}
 * files of records (network magic, 4-byte little-endian length, serialized block) and {@code rev?????.dat} files
 * of undo records (the same header, the undo data, a 32-byte checksum), the undo data of a block in the rev file
 * numbered as its blk file. The block index (in the chain database) keeps each block's {@link FlatFilePos}es;
 * the store knows nothing of the index.
 * <p>
 * Writes are durable after {@link #sync()} (bitcoind's FlushBlockFile in FlushStateToDisk): the chain state flush
 * syncs the files before it commits the index and coins that name their records, so the flushed state a restart after a
 * crash goes back to never points at data that is not there (and a block whose -addressindex / -txindex entries are
 * written before the next flush has its files synced first: Chainstate.connect). Used under the chain lock only.
 */
public interface BlockStore extends AutoCloseable {
    /** Appends a block to the current blk file (moving to the next one when it would grow past the size limit). */
    FlatFilePos writeBlock(byte[] rawBlock);

    /**
     * Appends the undo data of a block stored in blk file {@code file} to rev file {@code file}, with
     * bitcoind's checksum: double SHA-256 of the previous block's hash followed by the undo data.
     */
    FlatFilePos writeUndo(int file, byte[] undo, Sha256Hash prevBlockHash);

    /** The block at {@code pos}; empty when its file or record is missing or damaged (the caller checks the hash). */
    Optional<byte[]> readBlock(FlatFilePos pos);

    /** The undo data at {@code pos}; empty when missing or its checksum does not match {@code prevBlockHash}. */
    Optional<byte[]> readUndo(FlatFilePos pos, Sha256Hash prevBlockHash);

    /** The blk file new blocks go to (bitcoind's last block file); never pruned. */
    int currentFile();

    boolean hasBlockFile(int file);

    /** Bytes of blk and rev file {@code file} together. */
    long fileBytes(int file);

    /** Bytes of every blk and rev file (bitcoind's CalculateCurrentUsage). */
    long totalBytes();

    /** Deletes blk and rev file {@code file} (pruning). */
    void deleteFilePair(int file);

    /**
     * Before {@code -reindex}: every rev file goes (the reindex writes the undo data again) and, with
     * {@code dropFilesAfterGap} (pruning), every blk file from the first missing number on, which the reindex, reading
     * files in order until one is missing, would never reach (bitcoind's CleanupBlockRevFiles).
     */
    void prepareReindex(boolean dropFilesAfterGap);

    /** The raw bytes of blk file {@code file}, un-XORed, for reading its records in order; empty when missing. */
    Optional<InputStream> openBlockFile(int file);

    /** Copies every blk and rev file and the XOR key, as they are, into {@code target} (a snapshot; no write may run). */
    void copyTo(BlockFileSystem target);

    /** Makes every write so far durable (fdatasync of the files written since the last sync). */
    void sync();

    /** Syncs what was written and releases files. */
    @Override
    void close();
}
