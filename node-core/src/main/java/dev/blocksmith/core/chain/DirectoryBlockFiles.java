package dev.blocksmith.core.chain;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link BlockFileSystem} on a directory (bitcoind's blocks directory). Channels of the files written to stay
 * open until {@link #close()} (the last blk and rev files take every append); reads open their own channel,
 * so a file deleted or replaced from outside (Core's tests do both) is seen as it is now.
 */
public final class DirectoryBlockFiles implements BlockFileSystem, AutoCloseable {
    private final Path dir;
    private final Map<String, FileChannel> writers = new HashMap<>();

    public DirectoryBlockFiles(Path dir) {
        this.dir = dir;
    }

    public Path directory() {
        return dir;
    }

    @Override
    public boolean exists(String name) {
        return Files.isRegularFile(dir.resolve(name));
    }

    @Override
    public long size(String name) {
        try {
            return Files.size(dir.resolve(name));
        } catch (IOException e) {
            return 0;
        }
    }

    @Override
    public byte[] read(String name, long offset, int length) throws IOException {
        try (FileChannel ch = FileChannel.open(dir.resolve(name), StandardOpenOption.READ)) {
            long available = Math.max(0, ch.size() - offset);
            ByteBuffer buf = ByteBuffer.allocate((int) Math.min(length, available));
            while (buf.hasRemaining()) {
                if (ch.read(buf, offset + buf.position()) < 0) break;
            }
            return buf.position() == buf.capacity() ? buf.array() : java.util.Arrays.copyOf(buf.array(), buf.position());
        } catch (NoSuchFileException e) {
            return new byte[0];
        }
    }

    @Override
    public synchronized void write(String name, long offset, byte[] data) throws IOException {
        FileChannel ch = writer(name);
        ByteBuffer buf = ByteBuffer.wrap(data);
        while (buf.hasRemaining()) ch.write(buf, offset + buf.position());
    }

    private FileChannel writer(String name) throws IOException {
        FileChannel ch = writers.get(name);
        if (ch != null && ch.isOpen() && Files.exists(dir.resolve(name))) return ch;
        if (ch != null) ch.close();
        ch = FileChannel.open(dir.resolve(name), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        writers.put(name, ch);
        return ch;
    }

    @Override
    public synchronized void sync(String name) throws IOException {
        FileChannel ch = writers.get(name);
        if (ch != null) ch.force(false);
    }

    @Override
    public synchronized void delete(String name) throws IOException {
        FileChannel ch = writers.remove(name);
        if (ch != null) ch.close();
        Files.deleteIfExists(dir.resolve(name));
    }

    @Override
    public List<String> list() throws IOException {
        List<String> out = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) {
                out.add(p.getFileName().toString());
            }
        }
        return out;
    }

    @Override
    public synchronized void close() throws IOException {
        for (FileChannel ch : writers.values()) ch.close();
        writers.clear();
    }
}
