package dev.blocksmith.p2p.sync;

import dev.blocksmith.core.block.BlockHeader;
import dev.blocksmith.core.consensus.Difficulty;
import dev.blocksmith.core.crypto.Hashes;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.primitives.Sha256Hash;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Core's two-phase header sync (PRESYNC / REDOWNLOAD), simplified, for a peer whose header chain does not
 * yet reach the work needed to store it (bitcoind's anti-DoS threshold: the network's minimum chain work,
 * or the tip's work less 144 blocks' worth if that is more).
 * <p>
 * PRESYNC: the peer's headers are checked (continuity, proof of work, permitted difficulty changes) and
 * only counted, never stored; every {@link #COMMITMENT_PERIOD}th header leaves a salted 32-bit commitment.
 * Memory stays a few bytes per hundred headers however long the chain is. Once the counted work reaches the
 * minimum, REDOWNLOAD asks for the same headers again and lets them be stored, each batch only after the
 * commitments it covers match; a peer that serves a different chain the second time is caught.
 */
final class HeaderPresync {
    static final int COMMITMENT_PERIOD = 100;

    enum Phase { PRESYNC, REDOWNLOAD }

    private final NetworkParams params;
    private final Sha256Hash forkHash;
    private final int forkHeight;
    private final BigInteger minimumWork;
    private final byte[] salt;
    private final List<Integer> commitments = new ArrayList<>();
    private Phase phase = Phase.PRESYNC;
    private BlockHeader last;
    private int height;
    private BigInteger work;
    private Sha256Hash redownloadTip;
    private int redownloadHeight;

    /** @param targetWork the chain work at which the counted headers may be downloaded again and stored */
    HeaderPresync(NetworkParams params, ChainBackend.HeaderEntry fork, BigInteger targetWork, byte[] salt) {
        this.params = params;
        this.forkHash = fork.hash();
        this.forkHeight = fork.height();
        this.last = fork.header();
        this.height = fork.height();
        this.work = fork.chainWork();
        this.minimumWork = targetWork;
        this.salt = salt.clone();
        this.redownloadTip = fork.hash();
        this.redownloadHeight = fork.height();
    }

    Phase phase() {
        return phase;
    }

    Sha256Hash forkHash() {
        return forkHash;
    }

    /** Height of the last header counted (getpeerinfo's presynced_headers). */
    int countedHeight() {
        return height;
    }

    Sha256Hash lastCounted() {
        return last.hash();
    }

    /**
     * Counts a PRESYNC batch. Returns a failure reason if the headers are not a valid continuation
     * (the peer misbehaved), otherwise empty; {@link #phase()} tells whether REDOWNLOAD may begin.
     */
    Optional<String> count(List<BlockHeader> headers) {
        for (BlockHeader h : headers) {
            if (!h.prevHash().equals(last.hash())) return Optional.of("presync headers do not continue");
            if (!Difficulty.checkProofOfWork(h.hash(), h.bits(), params.powLimit())) return Optional.of("high-hash");
            if (!permittedDifficultyTransition(height + 1, last.bits(), h.bits())) return Optional.of("bad-diffbits");
            height++;
            work = work.add(Difficulty.work(h.bits()));
            if (height % COMMITMENT_PERIOD == 0) commitments.add(commitment(h.hash()));
            last = h;
        }
        if (work.compareTo(minimumWork) >= 0) phase = Phase.REDOWNLOAD;
        return Optional.empty();
    }

    /**
     * Checks a REDOWNLOAD batch against the commitments. Returns a failure reason, or empty if the batch may
     * be stored. Headers beyond the presynced height need no commitment: the chain up to there already has
     * the minimum work.
     */
    Optional<String> verify(List<BlockHeader> headers) {
        if (!headers.get(0).prevHash().equals(redownloadTip)) return Optional.of("redownloaded headers do not continue");
        int h = redownloadHeight;
        for (BlockHeader header : headers) {
            h++;
            if (h <= height && h % COMMITMENT_PERIOD == 0) {
                int index = (h - (forkHeight - forkHeight % COMMITMENT_PERIOD)) / COMMITMENT_PERIOD - 1;
                if (index < 0 || index >= commitments.size() || commitments.get(index) != commitment(header.hash())) {
                    return Optional.of("redownloaded headers differ from the presynced chain");
                }
            }
        }
        redownloadTip = headers.get(headers.size() - 1).hash();
        redownloadHeight = h;
        return Optional.empty();
    }

    /** True once REDOWNLOAD has passed the presynced height: ordinary header sync takes over. */
    boolean redownloadComplete() {
        return redownloadHeight >= height;
    }

    private int commitment(Sha256Hash hash) {
        byte[] d = Hashes.sha256(concat(salt, hash.bytes()));
        return (d[0] & 0xff) << 24 | (d[1] & 0xff) << 16 | (d[2] & 0xff) << 8 | (d[3] & 0xff);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /**
     * Core's PermittedDifficultyTransition: without the full chain we can only bound a retarget to the
     * factor-4 range of the previous target; between retargets nBits must not change. Networks that allow
     * minimum-difficulty blocks permit anything.
     */
    boolean permittedDifficultyTransition(int newHeight, long oldBits, long newBits) {
        if (params.allowMinDifficultyBlocks()) return true;
        if (newHeight % params.retargetInterval() == 0) {
            BigInteger observed = Difficulty.decodeCompact(newBits);
            BigInteger old = Difficulty.decodeCompact(oldBits);
            long timespan = params.targetTimespan();
            BigInteger largest = old.multiply(BigInteger.valueOf(timespan * 4)).divide(BigInteger.valueOf(timespan)).min(params.powLimit());
            BigInteger maximumNew = Difficulty.decodeCompact(Difficulty.encodeCompact(largest));
            if (maximumNew.compareTo(observed) < 0) return false;
            BigInteger smallest = old.multiply(BigInteger.valueOf(timespan / 4)).divide(BigInteger.valueOf(timespan)).min(params.powLimit());
            BigInteger minimumNew = Difficulty.decodeCompact(Difficulty.encodeCompact(smallest));
            return minimumNew.compareTo(observed) <= 0;
        }
        return oldBits == newBits;
    }
}
