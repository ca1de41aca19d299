package dev.blocksmith.core.chain;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.consensus.ConsensusLimits;
import dev.blocksmith.core.consensus.ValidationException;
import dev.blocksmith.core.primitives.SerializationException;
import dev.blocksmith.core.primitives.Sha256Hash;
import java.io.BufferedInputStream;
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
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Imports blocks from files in Bitcoin Core's {@code blk*.dat} layout: the network magic, a 4-byte
 * little-endian length, the serialized block, repeated. As Core's LoadExternalBlockFile it skips bytes
 * until the next magic (files may hold zero padding or garbage), validates every block fully through
 * {@link ChainManager#processBlock}, and holds blocks that arrive before their parent until it comes.
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

    public Result importStream(InputStream in, String name, BooleanSupplier stopRequested) throws IOException {
        byte[] magic = chain.params().magic();
        Map<Sha256Hash, List<Block>> waiting = new HashMap<>();
        int imported = 0;
        int duplicates = 0;
        int invalid = 0;
        int window = 0;
        while (!stopRequested.getAsBoolean()) {
            // Slide over the stream until the four magic bytes are seen.
            int b = in.read();
            if (b < 0) break;
            window = (window << 8) | b;
            if (window != ((magic[0] & 0xff) << 24 | (magic[1] & 0xff) << 16 | (magic[2] & 0xff) << 8 | (magic[3] & 0xff))) {
                continue;
            }
            window = 0;
            byte[] lenBytes = in.readNBytes(4);
            if (lenBytes.length < 4) break;
            long len = (lenBytes[0] & 0xffL) | (lenBytes[1] & 0xffL) << 8 | (lenBytes[2] & 0xffL) << 16 | (lenBytes[3] & 0xffL) << 24;
            if (len < 80 || len > ConsensusLimits.MAX_BLOCK_SERIALIZED_SIZE) {
                LOG.warn("{}: skipping record with impossible block size {}", name, len);
                continue;
            }
            byte[] data = in.readNBytes((int) len);
            if (data.length < len) {
                LOG.warn("{}: truncated block at end of file", name);
                break;
            }
            Block block;
            try {
                block = Block.parse(data);
            } catch (SerializationException e) {
                LOG.warn("{}: undecodable block skipped: {}", name, e.getMessage());
                invalid++;
                continue;
            }
            Deque<Block> ready = new ArrayDeque<>();
            ready.add(block);
            while (!ready.isEmpty()) {
                Block next = ready.poll();
                // A block we already hold (the genesis block at the start of every blk00000.dat) is a duplicate, not an orphan.
                if (chain.index(next.hash()).filter(BlockIndex::haveData).isPresent()) {
                    duplicates++;
                    List<Block> children = waiting.remove(next.hash());
                    if (children != null) ready.addAll(children);
                    continue;
                }
                if (chain.index(next.header().prevHash()).isEmpty()) {
                    waiting.computeIfAbsent(next.header().prevHash(), k -> new ArrayList<>()).add(next);
                    continue;
                }
                try {
                    if (chain.processBlock(next) == BlockAcceptance.DUPLICATE) duplicates++;
                    else imported++;
                } catch (ValidationException e) {
                    invalid++;
                    LOG.warn("{}: block {} rejected: {}", name, next.hash(), e.getMessage());
                }
                List<Block> children = waiting.remove(next.hash());
                if (children != null) ready.addAll(children);
                if ((imported + duplicates) % 10_000 == 0 && imported > 0) {
                    LOG.info("{}: imported {} blocks, height {}", name, imported, chain.tip().height());
                }
            }
        }
        int left = waiting.values().stream().mapToInt(List::size).sum();
        LOG.info("Loaded {} blocks from external file {} ({} already known, {} invalid, {} without parent); tip height {}",
                imported, name, duplicates, invalid, left, chain.tip().height());
        return new Result(imported, duplicates, invalid, left);
    }

    /** Writes blocks in the blk*.dat layout, for exporting and tests. */
    public static byte[] encode(byte[] magic, List<Block> blocks) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
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
