package dev.blocksmith.core.chain.snapshot;

import dev.blocksmith.core.chain.BlockIndex;
import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.core.consensus.ValidationException;
import java.util.Optional;

/**
 * bitcoind's TemporaryRollback for dumptxoutset at an earlier height: the block after the target on the active chain
 * is invalidated, so the tip moves back to the target, and reconsidered when closed, so the chain returns. If the
 * tip does not reach the target (a block's undo data cannot be read, or a sibling branch took over), the block is
 * reconsidered at once and the rollback refused.
 */
public final class TemporaryRollback implements AutoCloseable {
    private final ChainManager chain;
    private final Optional<BlockIndex> invalidated;

    private TemporaryRollback(ChainManager chain, Optional<BlockIndex> invalidated) {
        this.chain = chain;
        this.invalidated = invalidated;
    }

    /** Rolls the active chain back to {@code target} (nothing to do if it is the tip). */
    public static TemporaryRollback to(ChainManager chain, BlockIndex target) throws RollbackFailedException {
        if (chain.tip().index().hash().equals(target.hash())) return new TemporaryRollback(chain, Optional.empty());
        Optional<BlockIndex> next = chain.atHeight(target.height() + 1)
                .filter(n -> chain.atHeight(target.height()).map(t -> t.hash().equals(target.hash())).orElse(false));
        if (next.isEmpty()) throw new RollbackFailedException("the block is not on the active chain");
        try {
            chain.invalidateBlock(next.get().hash());
        } catch (ValidationException | RuntimeException e) {
            reconsiderQuietly(chain, next.get());
            throw new RollbackFailedException(e.getMessage());
        }
        if (!chain.tip().index().hash().equals(target.hash())) {
            reconsiderQuietly(chain, next.get());
            throw new RollbackFailedException("the tip did not reach the target");
        }
        return new TemporaryRollback(chain, next);
    }

    private static void reconsiderQuietly(ChainManager chain, BlockIndex block) {
        try {
            chain.reconsiderBlock(block.hash());
        } catch (ValidationException | RuntimeException e) {
            // The chain keeps what it could reconnect; the caller reports the rollback as failed.
        }
    }

    @Override
    public void close() {
        invalidated.ifPresent(b -> reconsiderQuietly(chain, b));
    }

    /** The chain could not be rolled back to the requested block. */
    public static final class RollbackFailedException extends Exception {
        public RollbackFailedException(String message) {
            super(message);
        }
    }
}
