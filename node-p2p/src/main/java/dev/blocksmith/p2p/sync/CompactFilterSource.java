package dev.blocksmith.p2p.sync;

import dev.blocksmith.core.filter.BlockFilter;
import dev.blocksmith.core.primitives.Sha256Hash;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What BIP157 serving reads (-peerblockfilters): the block filter index along the ancestors of a requested stop block.
 * Its presence makes the node advertise NODE_COMPACT_FILTERS.
 */
public interface CompactFilterSource {
    /** The height of {@code stopHash} when peers may ask about it (bitcoind's BlockRequestAllowed), else empty. */
    OptionalInt requestableHeight(Sha256Hash stopHash);

    /** The filters of the stop block's ancestors from {@code startHeight} to it; empty when one is not indexed. */
    Optional<List<BlockFilter>> filters(int startHeight, Sha256Hash stopHash);

    /** The filter hashes of the stop block's ancestors from {@code startHeight} to it. */
    Optional<List<Sha256Hash>> filterHashes(int startHeight, Sha256Hash stopHash);

    /** The filter header of the stop block's ancestor at {@code height}. */
    Optional<Sha256Hash> filterHeader(int height, Sha256Hash stopHash);
}
