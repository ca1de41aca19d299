package dev.blocksmith.core.index;

import dev.blocksmith.core.filter.BlockFilterType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The optional indexes a node runs: getindexinfo lists {@link #all()}; filter queries find theirs by type. */
public record Indexes(Map<BlockFilterType, BlockFilterIndex> blockFilters) {
    public static final Indexes NONE = new Indexes(Map.of());

    public Indexes {
        blockFilters = Map.copyOf(blockFilters);
    }

    public Optional<BlockFilterIndex> blockFilter(BlockFilterType type) {
        return Optional.ofNullable(blockFilters.get(type));
    }

    /** Every index, in bitcoind's getindexinfo order (block filter indexes by type). */
    public List<ChainIndex> all() {
        List<ChainIndex> out = new ArrayList<>();
        for (BlockFilterType t : BlockFilterType.values()) blockFilter(t).ifPresent(out::add);
        return out;
    }
}
