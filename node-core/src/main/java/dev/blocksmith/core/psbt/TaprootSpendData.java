package dev.blocksmith.core.psbt;

import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What spending a taproot output takes (Core's TaprootSpendData): the internal key, the script tree's
 * merkle root (empty for a key-path-only output, BIP86) and each leaf with its control blocks.
 */
public record TaprootSpendData(Optional<Bytes> internalKey, Optional<Bytes> merkleRoot,
                               SortedMap<TapLeafScript, SortedSet<Bytes>> scripts, List<TapTreeLeaf> tree) {
    /** Spend data without the tree's shape (inputs need the leaves and control blocks only). */
    public TaprootSpendData(Optional<Bytes> internalKey, Optional<Bytes> merkleRoot, SortedMap<TapLeafScript, SortedSet<Bytes>> scripts) {
        this(internalKey, merkleRoot, scripts, List.of());
    }

    /**
     * @param tree the leaves as (depth, version, script) in depth-first order, as PSBT_OUT_TAP_TREE lists them
     *     (Core's TaprootBuilder GetTreeTuples); empty when not known
     */
    public TaprootSpendData {
        tree = List.copyOf(tree);
        TreeMap<TapLeafScript, SortedSet<Bytes>> copy = new TreeMap<>();
        scripts.forEach((leaf, blocks) -> {
            TreeSet<Bytes> b = new TreeSet<>(Bytes.SHORTEST_FIRST);
            b.addAll(blocks);
            copy.put(leaf, Collections.unmodifiableSortedSet(b));
        });
        scripts = Collections.unmodifiableSortedMap(copy);
    }

    /** A key-path-only output (BIP86): the internal key and no scripts. */
    public static TaprootSpendData keyPathOnly(Bytes internalKey) {
        return new TaprootSpendData(Optional.of(internalKey), Optional.empty(), Collections.emptySortedMap());
    }
}
