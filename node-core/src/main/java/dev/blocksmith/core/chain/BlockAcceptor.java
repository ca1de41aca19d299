package dev.blocksmith.core.chain;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.consensus.BlockChecks;
import dev.blocksmith.core.consensus.ContextualChecks;
import dev.blocksmith.core.consensus.SignetBlockSolution;
import dev.blocksmith.core.consensus.ValidationException;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.store.WriteBatch;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Block acceptance (bitcoind's ProcessNewBlock with CheckBlock and AcceptBlock, and TestBlockValidity): a block is
 * checked on its own, its header accepted through {@link HeaderAcceptor}, an unrequested block judged worth storing or
 * not, the block checked against its parent, written to the {@link BlockStore} with its index entry, made a candidate
 * tip in the {@link BlockTree}, and the best chain activated through {@link ChainActivation}.
 * <p>
 * Used by {@link ChainManager} under its lock only.
 */
final class BlockAcceptor {
    private static final Logger LOG = LoggerFactory.getLogger(BlockAcceptor.class);

    private final NetworkParams params;
    private final ChainDb db;
    private final BlockStore blocks;
    private final BlockTree tree;
    private final ActiveChain chain;
    private final Chainstate chainstate;
    private final HeaderAcceptor headers;
    private final ChainActivation activation;
    private final PruneController pruning;
    private final List<ChainListener> listeners;
    /** Seconds since the epoch, for the two-hour future limit of TestBlockValidity. */
    private final LongSupplier clock;
    private final BooleanSupplier initialBlockDownload;

    BlockAcceptor(NetworkParams params, ChainDb db, BlockStore blocks, BlockTree tree, ActiveChain chain,
                  Chainstate chainstate, HeaderAcceptor headers, ChainActivation activation, PruneController pruning,
                  List<ChainListener> listeners, LongSupplier clock, BooleanSupplier initialBlockDownload) {
        this.params = params;
        this.db = db;
        this.blocks = blocks;
        this.tree = tree;
        this.chain = chain;
        this.chainstate = chainstate;
        this.headers = headers;
        this.activation = activation;
        this.pruning = pruning;
        this.listeners = listeners;
        this.clock = clock;
        this.initialBlockDownload = initialBlockDownload;
    }

    /**
     * bitcoind's ProcessNewBlock: accepts {@code block} (see {@link ChainManager#processBlock(Block, boolean)} for
     * the rules of an unrequested one) and activates the best chain with it at hand.
     *
     * @param storedAt where the block already lies in the blk files (-reindex): it is not written again
     */
    BlockAcceptance processNewBlock(Block block, boolean requested, Optional<FlatFilePos> storedAt)
            throws ValidationException {
        Sha256Hash hash = block.hash();
        BlockIndex known = tree.getOrNull(hash);
        if (known != null && known.haveData()) {
            if (known.isFailed()) {
                throw tree.failure(hash).orElseGet(() ->
                        new ValidationException(ValidationException.Kind.DUPLICATE, "duplicate-invalid", ""));
            }
            return BlockAcceptance.DUPLICATE;
        }
        if (known == null || !known.isFailed()) {
            try {
                // bitcoind's CheckBlock: proof of work, the block's own rules, then the signet block
                // signature, all before the header is accepted: a block failing them leaves no trace.
                BlockChecks.checkBlock(block, params, true);
                SignetBlockSolution.check(block, params);
            } catch (ValidationException e) {
                throw acceptBlockFailed(e);
            }
        }
        BlockIndex idx;
        try {
            idx = headers.accept(block.header());
        } catch (ValidationException e) {
            throw acceptBlockFailed(e);
        }
        if (!requested && !worthStoringUnrequested(idx)) return BlockAcceptance.IGNORED;
        try {
            ContextualChecks.checkBlock(block, idx.prev(), params);
        } catch (ValidationException e) {
            if (!isMutationReason(e.reason())) activation.markInvalid(idx, e);
            throw acceptBlockFailed(e);
        }
        if (!initialBlockDownload.getAsBoolean() && idx.prev() == chain.tip()) {
            for (ChainListener l : listeners) {
                try {
                    l.newPoWValidBlock(block, idx);
                } catch (RuntimeException ex) {
                    LOG.error("Chain listener failed on a new proof-of-work valid block", ex);
                }
            }
        }
        // A pruned block of the best chain stored again (submitblock) is only stored: it is connected already.
        boolean connectedBefore = chain.contains(idx);
        store(block, idx, storedAt);
        activation.activateBestChain(block);
        Optional<ValidationException> failure = tree.failure(hash);
        if (failure.isPresent() && idx.hasStatus(BlockStatus.FAILED_VALID)) throw failure.get();
        return chain.contains(idx) && !connectedBefore ? BlockAcceptance.CONNECTED : BlockAcceptance.STORED;
    }

    /**
     * bitcoind's AcceptBlock for a block nobody asked for: stored only if it was never stored before (a block we once
     * had and pruned is not stored again unless asked for), its chain has at least the tip's work, it is at most
     * {@link ChainManager#MIN_BLOCKS_TO_KEEP} blocks ahead of the tip and it reaches the minimum chain work.
     */
    private boolean worthStoringUnrequested(BlockIndex idx) {
        if (idx.txCount() > 0) return false;
        boolean moreOrSameWork = idx.chainWork().compareTo(chain.tip().chainWork()) >= 0;
        boolean tooFarAhead = idx.height() > chain.tip().height() + ChainManager.MIN_BLOCKS_TO_KEEP;
        return moreOrSameWork && !tooFarAhead && idx.chainWork().compareTo(params.minimumChainWork()) >= 0;
    }

    /**
     * bitcoind's SaveBlockToDisk and ReceivedBlockTransactions: the block appended to a blk file (unless it lies there
     * already), then its index entry with its data position and status written, counted for pruning, and linked as a
     * candidate tip once every ancestor has data.
     */
    private void store(Block block, BlockIndex idx, Optional<FlatFilePos> storedAt) {
        byte[] raw = block.serialize();
        // Appended, synced at the next flush (bitcoind's SaveBlockToDisk, then FlushStateToDisk); until then the entry
        // naming it is journaled, so a crash takes it back.
        FlatFilePos pos = storedAt.orElseGet(() -> blocks.writeBlock(raw));
        idx.addStatus(BlockStatus.HAVE_DATA | BlockStatus.VALID_TRANSACTIONS);
        // bitcoind's ReceivedBlockTransactions: the block was checked with segwit's rules.
        if (idx.height() >= params.deployments().segwitHeight()) idx.addStatus(BlockStatus.OPT_WITNESS);
        idx.setStatus(idx.status() & ~BlockStatus.HAVE_UNDO);
        idx.setTxCount(block.transactions().size());
        idx.setDataSize(raw.length);
        idx.setUndoSize(0);
        idx.setDataPos(pos);
        try (WriteBatch b = db.store().newBatch()) {
            db.putIndex(b, idx);
            b.commit();
        }
        pruning.stored(idx);
        tree.linkReceived(idx, chain);
    }

    /** bitcoind's ProcessNewBlock line for a block refused before it is stored (tests read it). */
    private static ValidationException acceptBlockFailed(ValidationException e) {
        LOG.debug("AcceptBlock FAILED ({})", e.getMessage());
        return e;
    }

    /** bitcoind's BLOCK_MUTATED results of ContextualCheckBlock: a witness that does not match the commitment. */
    private static boolean isMutationReason(String reason) {
        return reason.equals("bad-witness-nonce-size") || reason.equals("bad-witness-merkle-match")
                || reason.equals("unexpected-witness");
    }

    /**
     * bitcoind's TestBlockValidity (see {@link ChainManager#testBlockValidity}): CheckBlock, the contextual header and
     * block checks against the tip, then ConnectBlock, every script checked, on a throw-away view of the UTXO set
     * under a stand-in index entry that is never linked into the block index.
     */
    void testBlockValidity(Block block, boolean checkPow) throws ValidationException {
        BlockIndex tipIndex = chain.tip();
        if (!block.header().prevHash().equals(tipIndex.hash())) {
            throw new ValidationException(ValidationException.Kind.INCONCLUSIVE, "inconclusive-not-best-prevblk", "");
        }
        BlockChecks.checkBlock(block, params, checkPow);
        ContextualChecks.checkHeader(block.header(), tipIndex, clock.getAsLong(), params);
        ContextualChecks.checkBlock(block, tipIndex, params);
        BlockIndex standIn = new BlockIndex(block.header(), tipIndex, BlockStatus.VALID_TRANSACTIONS,
                block.transactions().size(), Long.MAX_VALUE);
        chainstate.connectBlock(block, standIn, new UtxoDelta(chainstate.coins()), true);
    }
}
