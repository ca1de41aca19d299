package dev.blocksmith.core.chain;

import dev.blocksmith.core.block.BlockHeader;
import dev.blocksmith.core.consensus.BlockChecks;
import dev.blocksmith.core.consensus.ContextualChecks;
import dev.blocksmith.core.consensus.ValidationException;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.store.WriteBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Header acceptance (bitcoind's AcceptBlockHeader and ProcessNewBlockHeaders): a header is checked on its own
 * (proof of work) and against its parent (difficulty, time, version), then added to the {@link BlockTree} and its
 * index entry written through {@link ChainDb}. A header that fails leaves no entry; its parent's failure is reported
 * as bitcoind's bad-prevblk, a missing parent as prev-blk-not-found.
 * <p>
 * Used by {@link ChainManager} (headers from peers) and {@link BlockAcceptor} (the header of a block) under the chain
 * lock only.
 *
 * @param clock seconds since the epoch, for the two-hour future limit
 */
record HeaderAcceptor(NetworkParams params, ChainDb db, BlockTree tree, LongSupplier clock) {
    private static final Logger LOG = LoggerFactory.getLogger(HeaderAcceptor.class);

    /**
     * bitcoind's ProcessNewBlockHeaders: each header in turn; the first invalid one throws, the valid ones before it
     * stay stored.
     */
    List<BlockIndex> acceptAll(List<BlockHeader> headers) throws ValidationException {
        List<BlockIndex> out = new ArrayList<>(headers.size());
        for (BlockHeader h : headers) out.add(accept(h));
        return out;
    }

    /** bitcoind's AcceptBlockHeader: a known header is returned as it is (refused if it was marked invalid). */
    BlockIndex accept(BlockHeader header) throws ValidationException {
        Sha256Hash hash = header.hash();
        BlockIndex existing = tree.getOrNull(hash);
        if (existing != null) {
            if (existing.isFailed()) {
                throw new ValidationException(ValidationException.Kind.DUPLICATE, "duplicate-invalid", "block is marked invalid");
            }
            return existing;
        }
        try {
            BlockChecks.checkHeader(header, params);
        } catch (ValidationException e) {
            // bitcoind's AcceptBlockHeader debug lines (category validation); tests wait for them.
            LOG.debug("AcceptBlockHeader: Consensus::CheckBlockHeader: {}, {}", hash, e.stateString());
            throw e;
        }
        BlockIndex prev = tree.getOrNull(header.prevHash());
        if (prev == null) {
            LOG.debug("AcceptBlockHeader: header {} has prev block not found: {}", hash, header.prevHash());
            throw new ValidationException(ValidationException.Kind.INCONCLUSIVE, "prev-blk-not-found", "");
        }
        if (prev.isFailed()) {
            LOG.debug("AcceptBlockHeader: header {} has prev block invalid: {}", hash, header.prevHash());
            throw new ValidationException("bad-prevblk", "previous block is invalid");
        }
        try {
            ContextualChecks.checkHeader(header, prev, clock.getAsLong(), params);
        } catch (ValidationException e) {
            LOG.debug("AcceptBlockHeader: Consensus::ContextualCheckBlockHeader: {}, {}", hash, e.stateString());
            throw e;
        }
        BlockIndex idx = tree.addHeader(header, prev);
        try (WriteBatch b = db.store().newBatch()) {
            db.putIndex(b, idx);
            b.commit();
        }
        return idx;
    }
}
