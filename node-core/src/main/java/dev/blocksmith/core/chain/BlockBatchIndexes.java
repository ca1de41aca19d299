package dev.blocksmith.core.chain;

import dev.blocksmith.core.index.AddressIndex;
import dev.blocksmith.core.index.BlockBatchIndex;
import dev.blocksmith.core.index.TxIndex;
import dev.blocksmith.core.store.WriteBackBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The indexes written with each block ({@link BlockBatchIndex}): every kind Blocksmith has, because the
 * unclean-shutdown recovery also takes back one that followed the chain before this start turned it off, and the ones
 * this start keeps ({@code -txindex}, {@code -addressindex}), which the chain writes. Their entries wait in one
 * {@link WriteBackBuffer} until the chain state flush writes them with the coins; their queries read through it.
 */
final class BlockBatchIndexes {
    private final TxIndex tx;
    private final AddressIndex address;
    private final ChainOptions options;
    private final WriteBackBuffer writes;

    BlockBatchIndexes(ChainDb db, ChainOptions options) {
        this.writes = new WriteBackBuffer(db.store());
        this.tx = new TxIndex(db, writes);
        this.address = new AddressIndex(writes);
        this.options = options;
    }

    /** Where the chain writes the enabled indexes' entries between two flushes. */
    WriteBackBuffer writes() {
        return writes;
    }

    /** Every kind, enabled or not. */
    List<BlockBatchIndex> all() {
        return List.of(tx, address);
    }

    /** The ones this start keeps, in the order the chain writes them. */
    List<BlockBatchIndex> enabled() {
        List<BlockBatchIndex> on = new ArrayList<>(2);
        txIndex().ifPresent(on::add);
        addressIndex().ifPresent(on::add);
        return List.copyOf(on);
    }

    Optional<TxIndex> txIndex() {
        return options.txIndex() ? Optional.of(tx) : Optional.empty();
    }

    Optional<AddressIndex> addressIndex() {
        return options.addressIndex() ? Optional.of(address) : Optional.empty();
    }
}
