package dev.blocksmith.core.chain;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.consensus.ConsensusLimits;
import dev.blocksmith.core.consensus.ValidationException;
import dev.blocksmith.core.primitives.SerializationException;
import dev.blocksmith.core.primitives.Sha256Hash;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads files in Bitcoin Core's {@code blk*.dat} layout (the network magic, a 4-byte little-endian length, the
 * serialized block, repeated) as bitcoind's LoadExternalBlockFile: it skips bytes until the next magic (files may
 * hold zero padding or garbage), validates every block fully through {@link ChainManager}, and holds blocks that
 * come before their parent until it arrives. Two uses: {@code -loadblock} files, whose blocks are stored anew, and
 * {@code -reindex} of the node's own blk files ({@link #reindexFile}), whose blocks stay where they are and are
 * remembered by position while they wait for a parent, possibly from a later file.
 */
public final class BlockFileImporter {
    private static final Logger LOG = LoggerFactory.getLogger(BlockFileImporter.class);

    private final ChainManager chain;

    public BlockFileImporter(ChainManager chain) {
        this.chain = chain;
    }

    /** What an import did. */
    public record Result(int imported, int duplicates, int invalid, int orphansLeft) {
    }

    public Result importFile(Path file) throws IOException {
        return importFile(file, () -> false);
    }

    /** Imports until the file ends or {@code stopRequested} answers true (checked between blocks, for shutdown). */
    public Result importFile(Path file, BooleanSupplier stopRequested) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 20)) {
            return importStream(in, file.toString(), stopRequested);
        }
    }

    public Result importStream(InputStream in, String name) throws IOException {
        return importStream(in, name, () -> false);
    }

    /** {@code -loadblock}: blocks waiting for their parent are held in memory until the stream ends. */
    public Result importStream(InputStream in, String name, BooleanSupplier stopRequested) throws IOException {
        Map<Sha256Hash, List<Block>> waiting = new HashMap<>();
        Counts counts = new Counts();
        long start = System.nanoTime();
        RecordReader reader = new RecordReader(in, chain.params().magic(), name);
        while (!stopRequested.getAsBoolean()) {
            Optional<Record> record = reader.next();
            if (record.isEmpty()) break;
            Optional<Block> block = parse(record.get(), name, counts);
            if (block.isEmpty()) continue;
            if (!parentKnown(block.get())) {
                waiting.computeIfAbsent(block.get().header().prevHash(), k -> new ArrayList<>()).add(block.get());
                continue;
            }
            Deque<Block> ready = new ArrayDeque<>();
            ready.add(block.get());
            while (!ready.isEmpty()) {
                Block next = ready.poll();
                accept(next, Optional.empty(), name, counts);
                List<Block> children = waiting.remove(next.hash());
                if (children == null) continue;
                for (Block child : children) {
                    LOG.debug("LoadExternalBlockFile: Processing out of order child {} of {}", child.hash(), next.hash());
                    ready.add(child);
                }
            }
        }
        int left = waiting.values().stream().mapToInt(List::size).sum();
        return finish(name, counts, left, start);
    }

    /**
     * {@code -reindex} of blk file {@code file}: every block is processed at its position in the file. Blocks whose
     * parent is not known yet wait in {@code unknownParent} (parent hash to positions, shared by all the files of one
     * reindex) and are read again from their file once the parent was processed.
     */
    public Result reindexFile(int file, InputStream in, Map<Sha256Hash, List<FlatFilePos>> unknownParent,
                              BooleanSupplier stopRequested) throws IOException {
        String name = FlatFileBlockStore.blockFileName(file);
        Counts counts = new Counts();
        long start = System.nanoTime();
        RecordReader reader = new RecordReader(in, chain.params().magic(), name);
        while (!stopRequested.getAsBoolean()) {
            Optional<Record> record = reader.next();
            if (record.isEmpty()) break;
            Optional<Block> block = parse(record.get(), name, counts);
            if (block.isEmpty()) continue;
            FlatFilePos pos = new FlatFilePos(file, Math.toIntExact(record.get().payloadOffset()));
            if (!parentKnown(block.get())) {
                unknownParent.computeIfAbsent(block.get().header().prevHash(), k -> new ArrayList<>()).add(pos);
                continue;
            }
            accept(block.get(), Optional.of(pos), name, counts);
            Deque<Sha256Hash> queue = new ArrayDeque<>();
            queue.add(block.get().hash());
            while (!queue.isEmpty()) {
                Sha256Hash head = queue.poll();
                List<FlatFilePos> children = unknownParent.remove(head);
                if (children == null) continue;
                for (FlatFilePos childPos : children) {
                    Optional<Block> child = chain.blockStore().readBlock(childPos).flatMap(raw -> {
                        try {
                            return Optional.of(Block.parse(raw));
                        } catch (SerializationException e) {
                            return Optional.empty();
                        }
                    });
                    if (child.isEmpty()) continue;
                    LOG.debug("LoadExternalBlockFile: Processing out of order child {} of {}", child.get().hash(), head);
                    accept(child.get(), Optional.of(childPos), name, counts);
                    queue.add(child.get().hash());
                }
            }
        }
        return finish(name, counts, unknownParent.values().stream().mapToInt(List::size).sum(), start);
    }

    private static final class Counts {
        int imported;
        int duplicates;
        int invalid;
    }

    private Optional<Block> parse(Record record, String name, Counts counts) {
        try {
            return Optional.of(Block.parse(record.data()));
        } catch (SerializationException e) {
            LOG.warn("{}: undecodable block skipped: {}", name, e.getMessage());
            counts.invalid++;
            return Optional.empty();
        }
    }

    /** The parent is in the block index (or this is the genesis block); otherwise the block is out of order. */
    private boolean parentKnown(Block block) {
        if (block.hash().equals(chain.params().genesisHash())) return true;
        if (chain.index(block.header().prevHash()).isPresent()) return true;
        LOG.debug("LoadExternalBlockFile: Out of order block {}, parent {} not known", block.hash(), block.header().prevHash());
        return false;
    }

    private void accept(Block block, Optional<FlatFilePos> pos, String name, Counts counts) {
        // A block we already hold (the genesis block at the start of every blk00000.dat) is a duplicate, not new.
        Optional<BlockIndex> known = chain.index(block.hash()).filter(BlockIndex::haveData);
        if (known.isPresent()) {
            counts.duplicates++;
            if (known.get().height() % 1000 == 0 && known.get().height() > 0) {
                LOG.debug("Block Import: already had block {} at height {}", block.hash(), known.get().height());
            }
            return;
        }
        try {
            BlockAcceptance a = pos.isPresent() ? chain.processStoredBlock(block, pos.get()) : chain.processBlock(block);
            if (a == BlockAcceptance.DUPLICATE) counts.duplicates++;
            else counts.imported++;
        } catch (ValidationException e) {
            counts.invalid++;
            LOG.warn("{}: block {} rejected: {}", name, block.hash(), e.getMessage());
        }
        if (counts.imported > 0 && counts.imported % 10_000 == 0) {
            LOG.info("{}: imported {} blocks, height {}", name, counts.imported, chain.tip().height());
        }
    }

    private Result finish(String name, Counts counts, int left, long startNanos) {
        // bitcoind's line, then what it does not say.
        LOG.info("Loaded {} blocks from external file in {}ms ({} already known, {} invalid, {} without parent); {}, tip height {}",
                counts.imported, (System.nanoTime() - startNanos) / 1_000_000, counts.duplicates, counts.invalid, left, name,
                chain.tip().height());
        return new Result(counts.imported, counts.duplicates, counts.invalid, left);
    }

    /** One record of a blk file: where its payload starts and the payload. */
    record Record(long payloadOffset, byte[] data) {
    }

    /**
     * Reads records from a stream: slides over the bytes until the four magic bytes are seen, then reads the length
     * and the payload; lengths no block can have are skipped over (bitcoind resynchronises on the next magic).
     */
    static final class RecordReader {
        private final InputStream in;
        private final int magic;
        private final String name;
        private long offset;

        RecordReader(InputStream in, byte[] magic, String name) {
            this.in = in;
            this.magic = (magic[0] & 0xff) << 24 | (magic[1] & 0xff) << 16 | (magic[2] & 0xff) << 8 | (magic[3] & 0xff);
            this.name = name;
        }

        Optional<Record> next() throws IOException {
            int window = 0;
            int seen = 0;
            while (true) {
                int b = in.read();
                if (b < 0) return Optional.empty();
                offset++;
                window = (window << 8) | b;
                if (++seen < 4 || window != magic) continue;
                byte[] lenBytes = in.readNBytes(4);
                offset += lenBytes.length;
                if (lenBytes.length < 4) return Optional.empty();
                long len = (lenBytes[0] & 0xffL) | (lenBytes[1] & 0xffL) << 8 | (lenBytes[2] & 0xffL) << 16 | (lenBytes[3] & 0xffL) << 24;
                if (len < 80 || len > ConsensusLimits.MAX_BLOCK_SERIALIZED_SIZE) {
                    LOG.warn("{}: skipping record with impossible block size {}", name, len);
                    window = 0;
                    seen = 0;
                    continue;
                }
                long payloadOffset = offset;
                byte[] data = in.readNBytes((int) len);
                offset += data.length;
                if (data.length < len) {
                    LOG.warn("{}: truncated block at end of file", name);
                    return Optional.empty();
                }
                return Optional.of(new Record(payloadOffset, data));
            }
        }
    }

    /** Writes blocks in the blk*.dat layout, for exporting and tests. */
    public static byte[] encode(byte[] magic, List<Block> blocks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Block b : blocks) {
            byte[] raw = b.serialize();
            out.writeBytes(magic);
            out.write(raw.length & 0xff);
            out.write((raw.length >>> 8) & 0xff);
            out.write((raw.length >>> 16) & 0xff);
            out.write((raw.length >>> 24) & 0xff);
            out.writeBytes(raw);
        }
        return out.toByteArray();
    }
}
