package dev.blocksmith.core.chain;

import dev.blocksmith.core.consensus.Difficulty;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.primitives.Sha256Hash;
import java.math.BigInteger;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code -assumevalid}: whether a block's scripts may go unchecked, under bitcoind's conditions, checked in its
 * order: an assumevalid block is configured and its header known; the block is its ancestor; the block is on the
 * best header chain; that chain has at least the minimum chain work; and the best header is more than two weeks
 * of equivalent work past the block. Every other check of the block still runs. Each change of decision is logged
 * with bitcoind's lines ("Enabling script verification at block #N (hash): reason." / "Disabling script
 * verification at block #N (hash).").
 */
final class AssumeValid {
    private static final Logger LOG = LoggerFactory.getLogger(AssumeValid.class);
    /** bitcoind's TWO_WEEKS_IN_SECONDS. */
    static final long TWO_WEEKS_SECONDS = 60L * 60 * 24 * 7 * 2;

    /** A decision: check the scripts (with why), or skip them ({@code reason} "skip"). */
    record Decision(boolean checkScripts, String reason) {
        static final Decision SKIP = new Decision(false, "skip");

        static Decision check(String reason) {
            return new Decision(true, reason);
        }
    }

    private final Optional<Sha256Hash> block;
    private final NetworkParams params;
    private String lastLogged;

    AssumeValid(Optional<Sha256Hash> block, NetworkParams params) {
        this.block = block;
        this.params = params;
    }

    /** Decides for {@code idx}, logging when the decision's reason differs from the last one logged. */
    boolean checkScripts(BlockIndex idx, Function<Sha256Hash, BlockIndex> lookup, BlockIndex bestHeader) {
        Decision d = decide(idx, lookup, bestHeader);
        if (!d.reason().equals(lastLogged)) {
            if (d.checkScripts()) {
                LOG.info("Enabling script verification at block #{} ({}): {}.", idx.height(), idx.hash(), d.reason());
            } else {
                LOG.info("Disabling script verification at block #{} ({}).", idx.height(), idx.hash());
            }
            lastLogged = d.reason();
        }
        return d.checkScripts();
    }

    Decision decide(BlockIndex idx, Function<Sha256Hash, BlockIndex> lookup, BlockIndex bestHeader) {
        if (block.isEmpty()) return Decision.check("assumevalid=0 (always verify)");
        BlockIndex assumed = lookup.apply(block.get());
        if (assumed == null) return Decision.check("assumevalid hash not in headers");
        if (assumed.ancestor(idx.height()) != idx) {
            return Decision.check(idx.height() > assumed.height() ? "block height above assumevalid height"
                    : "block not in assumevalid chain");
        }
        if (bestHeader.ancestor(idx.height()) != idx) return Decision.check("block not in best header chain");
        if (bestHeader.chainWork().compareTo(params.minimumChainWork()) < 0) {
            return Decision.check("best header chainwork below minimumchainwork");
        }
        if (proofEquivalentSeconds(bestHeader, idx, bestHeader) <= TWO_WEEKS_SECONDS) {
            return Decision.check("block too recent relative to best header");
        }
        return Decision.SKIP;
    }

    /**
     * bitcoind's GetBlockProofEquivalentTime: the work between {@code from} and {@code to}, in seconds of blocks at
     * {@code tip}'s difficulty (negative when {@code from} has more work), saturating at the 64-bit range.
     */
    long proofEquivalentSeconds(BlockIndex to, BlockIndex from, BlockIndex tip) {
        BigInteger diff = to.chainWork().subtract(from.chainWork());
        int sign = diff.signum() < 0 ? -1 : 1;
        BigInteger r = diff.abs().multiply(BigInteger.valueOf(params.targetSpacing())).divide(Difficulty.work(tip.header().bits()));
        if (r.bitLength() > 63) return sign * Long.MAX_VALUE;
        return sign * r.longValueExact();
    }
}
