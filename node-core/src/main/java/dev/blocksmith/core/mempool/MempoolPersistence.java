package dev.blocksmith.core.mempool;

import dev.blocksmith.core.crypto.Hashes;
import dev.blocksmith.core.primitives.ByteReader;
import dev.blocksmith.core.primitives.ByteWriter;
import dev.blocksmith.core.primitives.SerializationException;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.tx.Transaction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mempool.dat file (Blocksmith's own format, not Core's):
 * <pre>
 *   magic "BSMP" | u32 version (1)
 *   compactSize n | n x (varBytes tx with witness | i64 entry time | i64 fee delta)
 *   compactSize m | m x (txid | i64 fee delta)        prioritisations of transactions not in the pool
 *   compactSize k | k x txid                          unbroadcast transactions
 *   32-byte double-SHA256 of everything above
 * </pre>
 * Written to a temporary file and moved into place, so a crash never leaves a half-written file.
 */
final class MempoolPersistence {
    private static final Logger LOG = LoggerFactory.getLogger(MempoolPersistence.class);
    private static final byte[] MAGIC = {'B', 'S', 'M', 'P'};
    static final long VERSION = 1;

    record Stored(Transaction tx, long time, long delta) {
    }

    record Snapshot(List<Stored> transactions, Map<Sha256Hash, Long> deltas, Set<Sha256Hash> unbroadcast) {
    }

    private MempoolPersistence() {
    }

    static void write(Path file, Snapshot snap) throws IOException {
        ByteWriter w = new ByteWriter(1024);
        w.bytes(MAGIC).u32le(VERSION);
        w.compactSize(snap.transactions().size());
        for (Stored s : snap.transactions()) {
            w.varBytes(s.tx().serialize(true));
            w.i64le(s.time());
            w.i64le(s.delta());
        }
        w.compactSize(snap.deltas().size());
        for (Map.Entry<Sha256Hash, Long> d : snap.deltas().entrySet()) {
            w.hash(d.getKey());
            w.i64le(d.getValue());
        }
        w.compactSize(snap.unbroadcast().size());
        for (Sha256Hash txid : snap.unbroadcast()) w.hash(txid);
        byte[] body = w.toByteArray();
        byte[] checksum = Hashes.sha256d(body);
        Path tmp = file.resolveSibling(file.getFileName() + ".new");
        Files.createDirectories(file.toAbsolutePath().getParent());
        byte[] all = Arrays.copyOf(body, body.length + checksum.length);
        System.arraycopy(checksum, 0, all, body.length, checksum.length);
        Files.write(tmp, all);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The file's contents, or empty (logged) when it is missing, unreadable, corrupt or of another version. */
    static Optional<Snapshot> read(Path file) {
        byte[] all;
        try {
            all = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            LOG.info("No {} to load; starting with an empty mempool", file);
            return Optional.empty();
        } catch (IOException e) {
            LOG.warn("Cannot read {}: {}; starting with an empty mempool", file, e.getMessage());
            return Optional.empty();
        }
        if (all.length < MAGIC.length + 4 + 32) {
            LOG.warn("{} is truncated; starting with an empty mempool", file);
            return Optional.empty();
        }
        byte[] body = Arrays.copyOf(all, all.length - 32);
        byte[] checksum = Arrays.copyOfRange(all, all.length - 32, all.length);
        if (!Arrays.equals(Hashes.sha256d(body), checksum)) {
            LOG.warn("{} has a bad checksum; starting with an empty mempool", file);
            return Optional.empty();
        }
        try {
            ByteReader r = new ByteReader(body);
            if (!Arrays.equals(r.bytes(MAGIC.length), MAGIC)) {
                LOG.warn("{} is not a mempool file; starting with an empty mempool", file);
                return Optional.empty();
            }
            long version = r.u32le();
            if (version != VERSION) {
                LOG.warn("{} has unsupported version {}; starting with an empty mempool", file, version);
                return Optional.empty();
            }
            long n = r.compactSize();
            List<Stored> txs = new ArrayList<>();
            for (long i = 0; i < n; i++) {
                Transaction tx = Transaction.parse(r.varBytes());
                txs.add(new Stored(tx, r.i64le(), r.i64le()));
            }
            long m = r.compactSize();
            Map<Sha256Hash, Long> deltas = new HashMap<>();
            for (long i = 0; i < m; i++) deltas.put(r.hash(), r.i64le());
            long k = r.compactSize();
            Set<Sha256Hash> unbroadcast = new LinkedHashSet<>();
            for (long i = 0; i < k; i++) unbroadcast.add(r.hash());
            if (r.hasRemaining()) throw new SerializationException("trailing bytes");
            return Optional.of(new Snapshot(txs, deltas, unbroadcast));
        } catch (RuntimeException e) {
            // Whatever a damaged file holds, the node starts; the checksum makes this path rare.
            LOG.warn("{} is malformed ({}); starting with an empty mempool", file, e.getMessage());
            return Optional.empty();
        }
    }
}
