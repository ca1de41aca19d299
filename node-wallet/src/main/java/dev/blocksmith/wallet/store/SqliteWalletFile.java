package dev.blocksmith.wallet.store;

import dev.blocksmith.core.primitives.ByteReader;
import dev.blocksmith.core.primitives.ByteWriter;
import dev.blocksmith.core.primitives.SerializationException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A wallet file as bitcoind keeps it (wallet/sqlite.cpp): an SQLite database with one table,
 * {@code main(key BLOB PRIMARY KEY NOT NULL, value BLOB NOT NULL)}. As in bitcoind's walletdb.cpp, a key starts
 * with its record type as a serialized string (compact size, then the bytes); Blocksmith's records use their
 * name as that type and nothing after it. Records of bitcoind's legacy (non-descriptor) wallets found in the
 * table make the wallet unloadable with bitcoind's message.
 *
 * <p>Crash safety: a snapshot is written in one SQLite transaction with a rollback journal and full
 * synchronisation, so after a crash the table holds the old or the new snapshot. Deleted records are
 * overwritten ({@code secure_delete}), so secrets replaced by their encrypted form do not linger in free pages.
 */
final class SqliteWalletFile implements AutoCloseable {
    /** bitcoind's record types of legacy wallets (walletdb.cpp DBKeys), which a descriptor wallet must not hold. */
    private static final Set<String> LEGACY_TYPES = Set.of("key", "wkey", "mkey", "ckey", "keymeta", "watchmeta",
            "defaultkey", "pool", "cscript", "watchs", "hdchain");
    static final String LEGACY_ENTRY_ERROR = "Unexpected legacy entry in descriptor wallet found.";

    private final Connection db;
    private final Path file;
    /** What the table holds, as last read or written: a write changes only the records that differ. */
    private Map<String, byte[]> current = new HashMap<>();

    private SqliteWalletFile(Connection db, Path file) {
        this.db = db;
        this.file = file;
    }

    /**
     * Opens (creating when absent) the database at {@code file}.
     *
     * @param unsafeSync bitcoind's -unsafesqlitesync: no waiting for the disk on commit (tests only; a crash may
     *     lose or damage the wallet)
     */
    static SqliteWalletFile open(Path file, boolean unsafeSync) throws WalletStoreException {
        try {
            Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement s = c.createStatement()) {
                // bitcoind's SQLiteDatabase::Open: full sync on commit; the default rollback journal.
                s.execute(unsafeSync ? "PRAGMA synchronous = OFF" : "PRAGMA synchronous = FULL");
                s.execute("PRAGMA fullfsync = true");
                s.execute("PRAGMA secure_delete = true");
                s.execute("CREATE TABLE IF NOT EXISTS main(key BLOB PRIMARY KEY NOT NULL, value BLOB NOT NULL)");
            } catch (SQLException e) {
                c.close();
                throw e;
            }
            c.setAutoCommit(false);
            return new SqliteWalletFile(c, file);
        } catch (SQLException e) {
            throw new WalletStoreException("Wallet file corrupt: " + file + " (" + e.getMessage() + ")", e);
        }
    }

    synchronized WalletSnapshot read() throws WalletStoreException {
        Map<String, byte[]> records = new TreeMap<>();
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT key, value FROM main")) {
            while (rs.next()) {
                String type = recordType(rs.getBytes(1));
                records.put(type, rs.getBytes(2));
            }
            db.commit();
        } catch (SQLException e) {
            throw new WalletStoreException("Wallet file corrupt: " + file + " (" + e.getMessage() + ")", e);
        }
        current = new HashMap<>(records);
        return new WalletSnapshot(records);
    }

    /** The record type a key starts with; a key of bitcoind's legacy wallets or with more after it is refused. */
    private String recordType(byte[] key) throws WalletStoreException {
        String type;
        boolean more;
        try {
            ByteReader r = new ByteReader(key);
            long n = r.compactSize();
            if (n > key.length) throw new WalletStoreException("Wallet file corrupt: " + file + " (bad record key)");
            type = new String(r.bytes((int) n), StandardCharsets.UTF_8);
            more = r.hasRemaining();
        } catch (SerializationException e) {
            throw new WalletStoreException("Wallet file corrupt: " + file + " (bad record key)", e);
        }
        if (LEGACY_TYPES.contains(type)) throw new WalletStoreException(LEGACY_ENTRY_ERROR);
        // bitcoind's own descriptor wallet records (walletdescriptor, tx, ...) carry data after the type.
        if (more) throw new WalletStoreException("Wallet file " + file + " holds records of another wallet program (" + type + ")");
        return type;
    }

    private static byte[] key(String type) {
        byte[] name = type.getBytes(StandardCharsets.UTF_8);
        return new ByteWriter(name.length + 3).compactSize(name.length).bytes(name).toByteArray();
    }

    /** Makes the table hold exactly {@code snapshot}, in one transaction. */
    synchronized void write(WalletSnapshot snapshot) throws WalletStoreException {
        Map<String, byte[]> next = snapshot.records();
        try (PreparedStatement del = db.prepareStatement("DELETE FROM main WHERE key = ?");
             PreparedStatement put = db.prepareStatement("INSERT OR REPLACE INTO main(key, value) VALUES (?, ?)")) {
            for (String k : current.keySet()) {
                if (next.containsKey(k)) continue;
                del.setBytes(1, key(k));
                del.executeUpdate();
            }
            for (Map.Entry<String, byte[]> e : next.entrySet()) {
                byte[] old = current.get(e.getKey());
                if (old != null && Arrays.equals(old, e.getValue())) continue;
                put.setBytes(1, key(e.getKey()));
                put.setBytes(2, e.getValue());
                put.executeUpdate();
            }
            db.commit();
        } catch (SQLException e) {
            try {
                db.rollback();
            } catch (SQLException ignored) {
                // The write failed already; SQLite rolls an open transaction back when the file is next opened.
            }
            throw new WalletStoreException("Error writing wallet file " + file + ": " + e.getMessage(), e);
        }
        current = new HashMap<>(next);
    }

    @Override
    public synchronized void close() {
        try {
            db.close();
        } catch (SQLException ignored) {
            // Nothing is pending: every write commits or rolls back before returning.
        }
    }
}
