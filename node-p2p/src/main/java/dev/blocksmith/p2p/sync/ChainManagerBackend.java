package dev.blocksmith.p2p.sync;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.block.BlockHeader;
import dev.blocksmith.core.chain.BlockAcceptance;
import dev.blocksmith.core.chain.BlockIndex;
import dev.blocksmith.core.chain.ChainListener;
import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.core.chain.ChainTip;
import dev.blocksmith.core.consensus.ValidationException;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.primitives.Sha256Hash;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** {@link ChainBackend} over the node's {@link ChainManager}. */
public final class ChainManagerBackend implements ChainBackend {
    /** Longest run of connected headers reported to tip listeners; announcements only need the last few. */
    private static final int MAX_REPORTED_CONNECTED = 2000;

    private final ChainManager chain;

    public ChainManagerBackend(ChainManager chain) {
        this.chain = chain;
    }

    @Override
    public NetworkParams params() {
        return chain.params();
    }

    private static ChainPosition position(BlockIndex idx) {
        return new ChainPosition(idx.height(), idx.hash(), idx.chainWork());
    }

    private static HeaderEntry entry(BlockIndex idx) {
        return new HeaderEntry(idx.header(), idx.height(), idx.chainWork());
    }

    @Override
    public ChainPosition bestHeader() {
        return position(chain.bestHeader());
    }

    @Override
    public ChainPosition tip() {
        return position(chain.tip().index());
    }

    @Override
    public Optional<HeaderEntry> header(Sha256Hash hash) {
        return chain.index(hash).map(ChainManagerBackend::entry);
    }

    @Override
    public Optional<Sha256Hash> bestHeaderHashAt(int height) {
        return Optional.ofNullable(chain.bestHeader().ancestor(height)).map(BlockIndex::hash);
    }

    @Override
    public List<Sha256Hash> locator() {
        return chain.locator();
    }

    @Override
    public List<Sha256Hash> locatorFrom(Sha256Hash hash) {
        return chain.index(hash).map(chain::locator).orElseGet(chain::locator);
    }

    @Override
    public HeadersResult acceptHeaders(List<BlockHeader> headers) {
        try {
            List<BlockIndex> stored = chain.processHeaders(headers);
            return new HeadersResult.Accepted(entry(stored.get(stored.size() - 1)));
        } catch (ValidationException e) {
            if (e.reason().equals("prev-blk-not-found")) return new HeadersResult.Unconnecting();
            if (e.kind() == ValidationException.Kind.INCONCLUSIVE) return new HeadersResult.Inconclusive(e.reason());
            return new HeadersResult.Invalid(e.reason());
        }
    }

    @Override
    public BlockResult submitBlock(Block block) {
        return submitBlock(block, true);
    }

    @Override
    public BlockResult submitBlock(Block block, boolean requested) {
        try {
            return switch (chain.processBlock(block, requested)) {
                case DUPLICATE -> new BlockResult.Duplicate();
                case IGNORED -> new BlockResult.Ignored();
                case CONNECTED, STORED -> new BlockResult.Accepted();
            };
        } catch (ValidationException e) {
            // A block whose parent we do not know is punished (bitcoind's BLOCK_MISSING_PREV): we only ask
            // for blocks whose headers connect.
            if (e.reason().equals("prev-blk-not-found")) return new BlockResult.Invalid(e.reason());
            if (e.kind() == ValidationException.Kind.INCONCLUSIVE) return new BlockResult.Inconclusive(e.reason());
            return new BlockResult.Invalid(e.reason());
        }
    }

    @Override
    public List<BlockHeader> headersAfter(List<Sha256Hash> locator, Sha256Hash stopHash, int max) {
        List<BlockHeader> out = new ArrayList<>();
        BlockIndex fork = chain.findFork(locator);
        for (int h = fork.height() + 1; out.size() < max; h++) {
            Optional<BlockIndex> idx = chain.atHeight(h);
            if (idx.isEmpty()) break;
            out.add(idx.get().header());
            if (idx.get().hash().equals(stopHash)) break;
        }
        return out;
    }

    @Override
    public List<Sha256Hash> blockHashesAfter(List<Sha256Hash> locator, Sha256Hash stopHash, int max) {
        List<Sha256Hash> out = new ArrayList<>();
        for (BlockHeader h : headersAfter(locator, stopHash, max)) out.add(h.hash());
        return out;
    }

    @Override
    public Optional<byte[]> getBlock(Sha256Hash hash, boolean withWitness) {
        Optional<byte[]> raw = chain.rawBlock(hash);
        if (withWitness || raw.isEmpty()) return raw;
        return Optional.of(Block.parse(raw.get()).serialize(false));
    }

    @Override
    public boolean haveBlock(Sha256Hash hash) {
        return chain.index(hash).map(BlockIndex::haveData).orElse(false);
    }

    @Override
    public boolean onActiveChain(Sha256Hash hash) {
        return chain.index(hash).map(chain::isOnBestChain).orElse(false);
    }

    /** bitcoind's STALE_RELAY_AGE_LIMIT: 30 days. */
    private static final long STALE_RELAY_AGE_LIMIT_SECONDS = 30L * 24 * 60 * 60;

    @Override
    public boolean blockRequestAllowed(Sha256Hash hash) {
        Optional<BlockIndex> idx = chain.index(hash);
        if (idx.isEmpty()) return false;
        if (chain.isOnBestChain(idx.get())) return true;
        long age = chain.bestHeader().header().time() - idx.get().header().time();
        return idx.get().hasStatus(dev.blocksmith.core.chain.BlockStatus.VALID_SCRIPTS) && !idx.get().isFailed()
                && age < STALE_RELAY_AGE_LIMIT_SECONDS;
    }

    @Override
    public boolean isInitialBlockDownload() {
        return chain.isInitialBlockDownload();
    }

    @Override
    public boolean pruneMode() {
        return chain.pruneOptions().enabled();
    }

    @Override
    public void addInvalidBlockListener(InvalidBlockListener listener) {
        chain.addListener(new ChainListener() {
            @Override
            public void blockInvalid(BlockIndex index, String reason) {
                listener.blockInvalid(index.hash(), reason);
            }
        });
    }

    @Override
    public void addPowValidBlockListener(PowValidBlockListener listener) {
        chain.addListener(new ChainListener() {
            @Override
            public void newPoWValidBlock(Block block, BlockIndex index) {
                listener.newPoWValidBlock(block, entry(index));
            }
        });
    }

    @Override
    public void addTipListener(TipListener listener) {
        chain.addListener(new ChainListener() {
            private BlockIndex previous = chain.tip().index();

            @Override
            public void tipChanged(ChainTip tip, boolean initialBlockDownload) {
                List<BlockHeader> connected = new ArrayList<>();
                BlockIndex walk = tip.index();
                // Walk back to the fork with the previously reported tip: those blocks were connected.
                while (walk != null && connected.size() < MAX_REPORTED_CONNECTED
                        && (previous == null || previous.ancestor(walk.height()) != walk)) {
                    connected.add(walk.header());
                    walk = walk.prev();
                }
                Collections.reverse(connected);
                previous = tip.index();
                listener.tipChanged(position(tip.index()), connected);
            }
        });
    }
}
