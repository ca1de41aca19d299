package dev.blocksmith.core.chain;

import java.io.IOException;
import java.util.List;

/**
 * The flat files of a blocks directory by name ({@code blk00000.dat}, {@code rev00000.dat}, {@code xor.dat}):
 * the only file operations {@link FlatFileBlockStore} needs, so the same record logic runs on a real directory
 * ({@link DirectoryBlockFiles}) and in memory for tests and throw-away chains ({@link MemoryBlockFiles}).
 */
public interface BlockFileSystem {
    boolean exists(String name);

    /** Length in bytes, 0 for a missing file. */
    long size(String name);

    /**
     * Reads {@code length} bytes at {@code offset}; fewer when the file ends first, none when it is missing. The array
     * is new and the caller's: the block store decodes it in place and hands it on.
     */
    byte[] read(String name, long offset, int length) throws IOException;

    /** Writes {@code data} at {@code offset}, creating the file and extending it as needed. */
    void write(String name, long offset, byte[] data) throws IOException;

    /** Makes what was written to the file durable (fdatasync); a crash afterwards keeps it. */
    void sync(String name) throws IOException;

    void delete(String name) throws IOException;

    /** Names of everything the directory holds (files and folders), in no particular order. */
    List<String> list() throws IOException;
}
