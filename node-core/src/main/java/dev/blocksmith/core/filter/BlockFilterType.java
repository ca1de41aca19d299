package dev.blocksmith.core.filter;

import java.util.Arrays;
import java.util.Optional;

/** BIP158 filter types, with bitcoind's names (BlockFilterTypeByName) and the P2P type byte of BIP157. */
public enum BlockFilterType {
    /** BIP158's basic filter: P = 19, M = 784931. */
    BASIC(0, "basic", 19, 784_931);

    private final int id;
    private final String label;
    private final int p;
    private final long m;

    BlockFilterType(int id, String label, int p, long m) {
        this.id = id;
        this.label = label;
        this.p = p;
        this.m = m;
    }

    public int id() { return id; }
    public String label() { return label; }
    public int p() { return p; }
    public long m() { return m; }

    public static Optional<BlockFilterType> byName(String name) {
        return Arrays.stream(values()).filter(t -> t.label.equals(name)).findFirst();
    }

    public static Optional<BlockFilterType> byId(int id) {
        return Arrays.stream(values()).filter(t -> t.id == id).findFirst();
    }
}
