package dev.blocksmith.p2p.sync;

import dev.blocksmith.core.chain.BlockIndex;
import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.core.filter.BlockFilter;
import dev.blocksmith.core.index.BlockFilterIndex;
import dev.blocksmith.core.primitives.Sha256Hash;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;

/** {@link CompactFilterSource} over the node's basic block filter index and chain. */
public final class IndexCompactFilterSource implements CompactFilterSource {
    private final ChainManager chain;
    private final BlockFilterIndex index;
    private final ChainBackend backend;

    public IndexCompactFilterSource(ChainManager chain, BlockFilterIndex index, ChainBackend backend) {
        this.chain = chain;
        this.index = index;
        this.backend = backend;
    }

    @Override
    public OptionalInt requestableHeight(Sha256Hash stopHash) {
        Optional<BlockIndex> stop = chain.index(stopHash);
        if (stop.isEmpty() || !backend.blockRequestAllowed(stopHash)) return OptionalInt.empty();
        return OptionalInt.of(stop.get().height());
    }

    @Override
    public Optional<List<BlockFilter>> filters(int startHeight, Sha256Hash stopHash) {
        return range(startHeight, stopHash, BlockFilterIndex.Entry::filter);
    }

    @Override
    public Optional<List<Sha256Hash>> filterHashes(int startHeight, Sha256Hash stopHash) {
        return range(startHeight, stopHash, BlockFilterIndex.Entry::filterHash);
    }

    @Override
    public Optional<Sha256Hash> filterHeader(int height, Sha256Hash stopHash) {
        return chain.index(stopHash).map(s -> s.ancestor(height)).flatMap(b -> index.entry(b.hash()))
                .map(BlockFilterIndex.Entry::header);
    }

    private <T> Optional<List<T>> range(int startHeight, Sha256Hash stopHash, Function<BlockFilterIndex.Entry, T> part) {
        Optional<BlockIndex> stop = chain.index(stopHash);
        if (stop.isEmpty() || startHeight > stop.get().height()) return Optional.empty();
        List<T> out = new ArrayList<>();
        // Walk down from the stop block (its own branch, stale or not), then put the range in height order.
        BlockIndex at = stop.get();
        while (at != null && at.height() >= startHeight) {
            Optional<BlockFilterIndex.Entry> e = index.entry(at.hash());
            if (e.isEmpty()) return Optional.empty();
            out.add(part.apply(e.get()));
            at = at.prev();
        }
        java.util.Collections.reverse(out);
        return Optional.of(out);
    }
}
