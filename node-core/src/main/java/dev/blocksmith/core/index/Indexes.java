package dev.blocksmith.core.index;

import dev.blocksmith.core.filter.BlockFilterType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The optional indexes a node runs: getindexinfo lists {@link #all()}; filter queries find theirs by type,
 * gettxoutsetinfo the coin statistics index.
 */
public record Indexes(Map<BlockFilterType, BlockFilterIndex> blockFilters, Optional<CoinStatsIndex> coinStats) {
    public static final Indexes NONE = new Indexes(Map.of(), Optional.empty());

    public Indexes {
        blockFilters = Map.copyOf(blockFilters);
    }

    public Indexes(Map<BlockFilterType, BlockFilterIndex> blockFilters) {
        this(blockFilters, Optional.empty());
    }

    public Optional<BlockFilterIndex> blockFilter(BlockFilterType type) {
        return Optional.ofNullable(blockFilters.get(type));
    }

    /** Every index, in bitcoind's getindexinfo order (coinstatsindex, then block filter indexes by type). */
    public List<ChainIndex> all() {
        List<ChainIndex> out = new ArrayList<>();
        coinStats.ifPresent(out::add);
        for (BlockFilterType t : BlockFilterType.values()) blockFilter(t).ifPresent(out::add);
        return out;
    }
}
