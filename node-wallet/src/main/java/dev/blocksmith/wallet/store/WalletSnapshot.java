package dev.blocksmith.wallet.store;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The complete persisted state of one wallet as named records (e.g. "keystore", "descriptor/receive",
 * "gap/receive"). The wallet layer decides the record contents; this layer only stores them.
 */
public final class WalletSnapshot {
    private final SortedMap<String, byte[]> records;

    public WalletSnapshot(Map<String, byte[]> records) {
        TreeMap<String, byte[]> copy = new TreeMap<>();
        records.forEach((k, v) -> copy.put(k, v.clone()));
        this.records = Collections.unmodifiableSortedMap(copy);
    }

    public static WalletSnapshot empty() {
        return new WalletSnapshot(Map.of());
    }

    public Optional<byte[]> get(String key) {
        byte[] v = records.get(key);
        return v == null ? Optional.empty() : Optional.of(v.clone());
    }

    public SortedMap<String, byte[]> records() {
        TreeMap<String, byte[]> copy = new TreeMap<>();
        records.forEach((k, v) -> copy.put(k, v.clone()));
        return copy;
    }

    /** A copy with {@code key} set. */
    public WalletSnapshot with(String key, byte[] value) {
        TreeMap<String, byte[]> copy = new TreeMap<>(records);
        copy.put(key, value);
        return new WalletSnapshot(copy);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof WalletSnapshot s) || !s.records.keySet().equals(records.keySet())) return false;
        for (var e : records.entrySet()) if (!Arrays.equals(e.getValue(), s.records.get(e.getKey()))) return false;
        return true;
    }

    @Override
    public int hashCode() {
        return records.keySet().hashCode();
    }
}
