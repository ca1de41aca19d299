package dev.blocksmith.core.tx;

import dev.blocksmith.core.primitives.ByteReader;
import dev.blocksmith.core.primitives.ByteWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** The BIP141 witness stack of one input: an immutable list of byte strings. */
public final class Witness {
    public static final Witness EMPTY = new Witness(List.of());

    private final List<byte[]> items;

    private Witness(List<byte[]> items) {
        this.items = items;
    }

    public static Witness of(List<byte[]> items) {
        if (items.isEmpty()) return EMPTY;
        List<byte[]> copy = new ArrayList<>(items.size());
        for (byte[] b : items) copy.add(b.clone());
        return new Witness(Collections.unmodifiableList(copy));
    }

    public static Witness of(byte[]... items) {
        return of(Arrays.asList(items));
    }

    public int size() {
        return items.size();
    }

    public boolean isEmpty() {
        return items.isEmpty();
    }

    /** Item {@code i}; a copy, so the witness stays immutable. */
    public byte[] item(int i) {
        return items.get(i).clone();
    }

    /** Items without copying; callers must not modify them. */
    public List<byte[]> rawItems() {
        return items;
    }

    public static Witness read(ByteReader r) {
        int n = r.length();
        if (n == 0) return EMPTY;
        List<byte[]> list = new ArrayList<>(r.capacityFor(n, 1)); // each item takes at least its length byte
        for (int i = 0; i < n; i++) list.add(r.varBytes());
        return new Witness(Collections.unmodifiableList(list));
    }

    public void write(ByteWriter w) {
        w.compactSize(items.size());
        for (byte[] b : items) w.varBytes(b);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Witness other) || other.items.size() != items.size()) return false;
        for (int i = 0; i < items.size(); i++) {
            if (!Arrays.equals(items.get(i), other.items.get(i))) return false;
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = 1;
        for (byte[] b : items) h = 31 * h + Arrays.hashCode(b);
        return h;
    }
}
