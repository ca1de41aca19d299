package dev.blocksmith.wallet.store;

import dev.blocksmith.core.crypto.Hashes;
import dev.blocksmith.core.primitives.ByteReader;
import dev.blocksmith.core.primitives.ByteWriter;
import dev.blocksmith.core.primitives.SerializationException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * The wallet file format of Blocksmith before wallets became SQLite databases, read so that such wallets are
 * migrated when opened: "BSWALLET" | version u32le | count compactSize | (key varBytes(UTF-8), value varBytes)* |
 * sha256 of all preceding bytes.
 */
final class SnapshotFileV1 {
    private static final byte[] MAGIC = "BSWALLET".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION = 1;

    private SnapshotFileV1() {
    }

    /** Whether the file starts as a file of this format does. */
    static boolean isSnapshotFile(byte[] head) {
        return head.length >= MAGIC.length && Arrays.equals(head, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
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

    /** Writes a file of this format (tests of the migration make old wallets with it). */
    static byte[] encode(WalletSnapshot snapshot) {
        ByteWriter w = new ByteWriter(256).bytes(MAGIC).i32le(VERSION);
        var records = snapshot.records();
        w.compactSize(records.size());
        records.forEach((k, v) -> w.varBytes(k.getBytes(StandardCharsets.UTF_8)).varBytes(v));
        byte[] body = w.toByteArray();
        return new ByteWriter(body.length + 32).bytes(body).bytes(Hashes.sha256(body)).toByteArray();
    }

    private static WalletStoreException corrupt(Path where) {
        return new WalletStoreException("Wallet file corrupt: " + where);
    }
}
