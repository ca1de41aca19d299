package dev.blocksmith.p2p.testing;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.block.BlockHeader;
import dev.blocksmith.core.consensus.Difficulty;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.params.Networks;
import dev.blocksmith.core.primitives.ByteWriter;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.core.tx.TxOut;
import dev.blocksmith.p2p.sync.ChainBackend;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * In-memory chain for tests: a header tree with regtest PoW and (constant) difficulty checks, a block store,
 * and an active chain that follows the most-work fully downloaded branch. Not a consensus implementation:
 * transactions are only checked through the merkle root.
 */
public final class FakeChain implements ChainBackend {
    private final NetworkParams params;
    private final Map<Sha256Hash, HeaderEntry> headers = new HashMap<>();
    private final Map<Sha256Hash, Block> blocks = new HashMap<>();
    private final List<Sha256Hash> active = new ArrayList<>();
    private List<Sha256Hash> bestHeaderChain = new ArrayList<>();
    private final List<TipListener> listeners = new CopyOnWriteArrayList<>();

    public FakeChain() {
        this(Networks.REGTEST);
    }

    /** A chain of a regtest-like network (same genesis and proof-of-work limit). */
    public FakeChain(NetworkParams params) {
        this.params = params;
        Block g = params.genesis();
        HeaderEntry e = new HeaderEntry(g.header(), 0, Difficulty.work(g.header().bits()));
        headers.put(g.hash(), e);
        blocks.put(g.hash(), g);
        active.add(g.hash());
        bestHeaderChain.add(g.hash());
    }

    @Override
    public NetworkParams params() {
        return params;
    }

    private ChainPosition position(Sha256Hash hash) {
        HeaderEntry e = headers.get(hash);
        return new ChainPosition(e.height(), hash, e.chainWork());
    }

    @Override
    public synchronized ChainPosition bestHeader() {
        return position(bestHeaderChain.get(bestHeaderChain.size() - 1));
    }

    @Override
    public synchronized ChainPosition tip() {
        return position(active.get(active.size() - 1));
    }

    public synchronized int height() {
        return active.size() - 1;
    }

    @Override
    public synchronized Optional<HeaderEntry> header(Sha256Hash hash) {
        return Optional.ofNullable(headers.get(hash));
    }

    @Override
    public synchronized Optional<Sha256Hash> bestHeaderHashAt(int height) {
        return height >= 0 && height < bestHeaderChain.size() ? Optional.of(bestHeaderChain.get(height)) : Optional.empty();
    }

    @Override
    public synchronized List<Sha256Hash> locator() {
        return locatorFrom(tip().hash());
    }

    @Override
    public synchronized List<Sha256Hash> locatorFrom(Sha256Hash hash) {
        List<Sha256Hash> out = new ArrayList<>();
        HeaderEntry e = headers.get(hash);
        int step = 1;
        while (e != null) {
            out.add(e.hash());
            if (e.height() == 0) break;
            int target = Math.max(0, e.height() - step);
            while (e.height() > target) e = headers.get(e.header().prevHash());
            if (out.size() >= 10) step *= 2;
        }
        return out;
    }

    @Override
    public synchronized HeadersResult acceptHeaders(List<BlockHeader> list) {
        HeaderEntry last = null;
        for (BlockHeader h : list) {
            HeaderEntry known = headers.get(h.hash());
            if (known != null) {
                last = known;
                continue;
            }
            HeaderEntry parent = headers.get(h.prevHash());
            if (parent == null) return new HeadersResult.Unconnecting();
            if (!Difficulty.checkProofOfWork(h.hash(), h.bits(), params.powLimit())) return new HeadersResult.Invalid("high-hash");
            if (h.bits() != parent.header().bits()) return new HeadersResult.Invalid("bad-diffbits");
            last = new HeaderEntry(h, parent.height() + 1, parent.chainWork().add(Difficulty.work(h.bits())));
            headers.put(h.hash(), last);
            if (last.chainWork().compareTo(bestHeader().chainWork()) > 0) bestHeaderChain = chainTo(h.hash());
        }
        return new HeadersResult.Accepted(last);
    }

    private List<Sha256Hash> chainTo(Sha256Hash hash) {
        HeaderEntry e = headers.get(hash);
        Sha256Hash[] out = new Sha256Hash[e.height() + 1];
        while (e != null) {
            out[e.height()] = e.hash();
            e = e.height() == 0 ? null : headers.get(e.header().prevHash());
        }
        return new ArrayList<>(List.of(out));
    }

    @Override
    public BlockResult submitBlock(Block block) {
        ChainPosition newTip;
        List<BlockHeader> connected;
        synchronized (this) {
            if (blocks.containsKey(block.hash())) return new BlockResult.Duplicate();
            if (!block.computeMerkle().root().equals(block.header().merkleRoot())) return new BlockResult.Invalid("bad-txnmrklroot");
            HeadersResult hr = acceptHeaders(List.of(block.header()));
            if (hr instanceof HeadersResult.Invalid i) return new BlockResult.Invalid(i.reason());
            if (hr instanceof HeadersResult.Unconnecting) return new BlockResult.Invalid("prev-blk-not-found");
            blocks.put(block.hash(), block);
            // bitcoind's NewPoWValidBlock: a block extending the tip, before it is connected.
            if (block.header().prevHash().equals(tip().hash())) {
                HeaderEntry entry = headers.get(block.hash());
                for (PowValidBlockListener l : powValidListeners) l.newPoWValidBlock(block, entry);
            }
            Sha256Hash candidate = bestCandidate();
            if (headers.get(candidate).chainWork().compareTo(tip().chainWork()) <= 0) return new BlockResult.Accepted();
            List<Sha256Hash> path = chainTo(candidate);
            int fork = 0;
            while (fork < active.size() && fork < path.size() && active.get(fork).equals(path.get(fork))) fork++;
            connected = new ArrayList<>();
            for (int i = fork; i < path.size(); i++) connected.add(headers.get(path.get(i)).header());
            active.clear();
            active.addAll(path);
            newTip = tip();
        }
        for (TipListener l : listeners) l.tipChanged(newTip, connected);
        return new BlockResult.Accepted();
    }

    /** The most-work stored block whose ancestors all have data. */
    private Sha256Hash bestCandidate() {
        Sha256Hash best = active.get(active.size() - 1);
        BigInteger bestWork = headers.get(best).chainWork();
        for (Sha256Hash h : blocks.keySet()) {
            HeaderEntry e = headers.get(h);
            if (e.chainWork().compareTo(bestWork) <= 0) continue;
            boolean complete = true;
            for (HeaderEntry w = e; w.height() > 0; w = headers.get(w.header().prevHash())) {
                if (!blocks.containsKey(w.hash())) {
                    complete = false;
                    break;
                }
            }
            if (complete) {
                best = h;
                bestWork = e.chainWork();
            }
        }
        return best;
    }

    private int forkIndex(List<Sha256Hash> locator) {
        for (Sha256Hash h : locator) {
            HeaderEntry e = headers.get(h);
            if (e != null && e.height() < active.size() && active.get(e.height()).equals(h)) return e.height();
        }
        return 0;
    }

    @Override
    public synchronized List<BlockHeader> headersAfter(List<Sha256Hash> locator, Sha256Hash stopHash, int max) {
        List<BlockHeader> out = new ArrayList<>();
        for (int h = forkIndex(locator) + 1; h < active.size() && out.size() < max; h++) {
            out.add(headers.get(active.get(h)).header());
            if (active.get(h).equals(stopHash)) break;
        }
        return out;
    }

    @Override
    public synchronized List<Sha256Hash> blockHashesAfter(List<Sha256Hash> locator, Sha256Hash stopHash, int max) {
        List<Sha256Hash> out = new ArrayList<>();
        for (BlockHeader h : headersAfter(locator, stopHash, max)) out.add(h.hash());
        return out;
    }

    @Override
    public synchronized Optional<byte[]> getBlock(Sha256Hash hash, boolean withWitness) {
        Block b = blocks.get(hash);
        return b == null ? Optional.empty() : Optional.of(b.serialize(withWitness));
    }

    @Override
    public synchronized boolean haveBlock(Sha256Hash hash) {
        return blocks.containsKey(hash);
    }

    @Override
    public boolean isInitialBlockDownload() {
        return false;
    }

    private volatile boolean pruneMode;
    private final java.util.Set<Sha256Hash> withheld = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** Runs the chain as a pruning node (it then offers NODE_NETWORK_LIMITED only); blocks are still all kept. */
    public void pruneMode(boolean enabled) {
        pruneMode = enabled;
    }

    @Override
    public boolean pruneMode() {
        return pruneMode;
    }

    /** Marks a block as one bitcoind's BlockRequestAllowed refuses (an old stale block). */
    public void withhold(Sha256Hash hash) {
        withheld.add(hash);
    }

    @Override
    public synchronized boolean blockRequestAllowed(Sha256Hash hash) {
        return headers.containsKey(hash) && !withheld.contains(hash);
    }

    @Override
    public void addTipListener(TipListener listener) {
        listeners.add(listener);
    }

    private final List<PowValidBlockListener> powValidListeners = new CopyOnWriteArrayList<>();

    @Override
    public void addPowValidBlockListener(PowValidBlockListener listener) {
        powValidListeners.add(listener);
    }

    // ---- mining helpers -----------------------------------------------------------------------------

    /** Mines and submits {@code n} blocks on the active tip; {@code tag} makes branches differ. */
    public List<Block> mine(int n, int tag) {
        List<Block> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Block b = nextBlock(tip().hash(), tag, List.of());
            BlockResult r = submitBlock(b);
            if (!(r instanceof BlockResult.Accepted)) throw new IllegalStateException("own block rejected: " + r);
            out.add(b);
        }
        return out;
    }

    /** A valid regtest block on {@code parent} (not submitted). */
    public synchronized Block nextBlock(Sha256Hash parent, int tag, List<Transaction> txs) {
        HeaderEntry p = headers.get(parent);
        int height = p.height() + 1;
        byte[] sig = new ByteWriter().u8(4).i32le(height).u8(4).i32le(tag).toByteArray();
        Transaction coinbase = new Transaction(1,
                List.of(new TxIn(OutPoint.NULL, Script.of(sig), TxIn.SEQUENCE_FINAL)),
                List.of(new TxOut(50_0000_0000L, Script.of(new byte[]{0x51}))), 0);
        List<Transaction> all = new ArrayList<>();
        all.add(coinbase);
        all.addAll(txs);
        // Recent timestamps make the chain look current, as a freshly mined regtest chain does.
        long time = Math.max(p.header().time() + 1, System.currentTimeMillis() / 1000 - 7200);
        Block draft = new Block(new BlockHeader(0x20000000, parent, Sha256Hash.ZERO, time, 0x207fffffL, 0), all);
        BlockHeader h = draft.header().withMerkleRoot(draft.computeMerkle().root());
        while (!Difficulty.checkProofOfWork(h.hash(), h.bits(), params.powLimit())) h = h.withNonce(h.nonce() + 1);
        return new Block(h, all);
    }
}
