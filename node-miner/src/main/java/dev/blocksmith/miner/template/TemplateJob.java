package dev.blocksmith.miner.template;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.block.BlockHeader;
import dev.blocksmith.core.chain.BlockIndex;
import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.core.consensus.DifficultyCalculator;
import dev.blocksmith.core.crypto.Hashes;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.miner.MiningJob;
import dev.blocksmith.miner.Solution;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.LongUnaryOperator;

/**
 * Turns a {@link WorkTemplate} and a payout script into a {@link MiningJob}, and a {@link Solution}
 * of that job back into the full block.
 *
 * <p>The extranonce is pushed as a minimal script number after the BIP34 height in the coinbase scriptSig. The
 * first one, 0, is OP_0: bitcoind's generate RPCs put exactly that dummy extranonce there (so the scriptSig meets
 * the 2-byte minimum at heights 1..16, where the height is a single OP_N), which makes regtest chains byte for byte
 * bitcoind's (Core's tests compare UTXO set hashes and blk file wrap heights). Changing it changes only the coinbase
 * txid, so the merkle root is recomputed from the coinbase's merkle branch (its siblings on the way to the root),
 * computed once per template.
 */
public final class TemplateJob {

    private final WorkTemplate template;
    private final Script payTo;
    private final LongUnaryOperator bitsAtTime;
    private final long extraNonceStart;
    private final List<Sha256Hash> coinbaseBranch;
    private final MiningJob job;

    private TemplateJob(WorkTemplate template, Script payTo, LongUnaryOperator bitsAtTime, long extraNonceStart) {
        this.template = Objects.requireNonNull(template, "template");
        this.payTo = Objects.requireNonNull(payTo, "payTo");
        this.bitsAtTime = Objects.requireNonNull(bitsAtTime, "bitsAtTime");
        this.extraNonceStart = extraNonceStart;
        this.coinbaseBranch = coinbaseBranch(template.transactions());
        String id = template.height() + "/" + template.previousBlockHash();
        // Never date the block below the template's time: curtime already includes the BIP94 floor.
        this.job = new MiningJob(id, Math.max(template.minTime(), template.curTime()), this::header);
    }

    /** A job whose nBits stays the template's whatever the header time. */
    public static TemplateJob of(WorkTemplate template, Script payTo) {
        long bits = template.bits();
        return new TemplateJob(template, payTo, time -> bits, 0);
    }

    /**
     * A job whose nBits follows the header time: on networks with min-difficulty blocks (testnet's
     * 20-minute rule) rolling the time past twice the target spacing changes the required nBits, as
     * Core's UpdateTime recomputes it.
     */
    public static TemplateJob of(WorkTemplate template, Script payTo, LongUnaryOperator bitsAtTime) {
        return new TemplateJob(template, payTo, bitsAtTime, 0);
    }

    /**
     * A copy whose coinbase extranonces start at {@code start} instead of 0. A template mined again
     * (after a refused block, or fetched twice) must not search the very same headers, which would
     * find the very same block; giving every job its own start keeps their search spaces apart.
     */
    public TemplateJob withExtraNonceStart(long start) {
        return new TemplateJob(template, payTo, bitsAtTime, start);
    }

    /** nBits for a block on {@code prevHash} at a given time, by the chain's difficulty rules. */
    public static LongUnaryOperator chainBits(ChainManager chain, Sha256Hash prevHash) {
        NetworkParams params = chain.params();
        BlockIndex prev = chain.index(prevHash)
                .orElseThrow(() -> new IllegalArgumentException("unknown previous block " + prevHash));
        return time -> DifficultyCalculator.nextWorkRequired(prev, time, params);
    }

    public MiningJob job() {
        return job;
    }

    public WorkTemplate template() {
        return template;
    }

    /** The coinbase for the miner's {@code extraNonce} (counted from 0; the start is added here). */
    public Transaction coinbase(long extraNonce) {
        return BlockTemplateBuilder.coinbase(template.height(), template.coinbaseValue(),
                template.witnessCommitmentScript(), template.segwitActive(), payTo, extraNonceBytes(extraNonceStart + extraNonce));
    }

    /** The header to search for an extranonce and time (nonce 0). */
    public BlockHeader header(long extraNonce, long time) {
        Sha256Hash root = merkleRoot(coinbase(extraNonce).txid());
        return new BlockHeader(template.version(), template.previousBlockHash(), root, time,
                bitsAtTime.applyAsLong(time), 0);
    }

    /** The solved block. */
    public Block block(Solution solution) {
        if (solution.job() != job) throw new IllegalArgumentException("solution belongs to another job");
        List<Transaction> txs = new ArrayList<>(template.transactions().size() + 1);
        txs.add(coinbase(solution.extraNonce()));
        txs.addAll(template.transactions());
        return new Block(solution.header(), txs);
    }

    /** The extranonce as pushed data: empty for 0 (pushed as OP_0), else its script number encoding. */
    static byte[] extraNonceBytes(long extraNonce) {
        if (extraNonce < 0) throw new IllegalArgumentException("negative extranonce");
        return dev.blocksmith.core.script.ScriptBuilder.encodeNumber(extraNonce);
    }

    private Sha256Hash merkleRoot(Sha256Hash coinbaseTxid) {
        byte[] node = coinbaseTxid.bytes();
        byte[] pair = new byte[64];
        for (Sha256Hash sibling : coinbaseBranch) {
            System.arraycopy(node, 0, pair, 0, 32);
            sibling.copyInto(pair, 32);
            node = Hashes.sha256d(pair);
        }
        return Sha256Hash.wrapOwned(node);
    }

    /**
     * Siblings of leaf 0 at each level of the merkle tree over (coinbase, transactions...). Leaf 0's
     * own values are never needed: at every level its sibling is element 1, which does not depend on
     * the coinbase. Odd levels pair their last element with itself, as the block merkle root does.
     */
    private static List<Sha256Hash> coinbaseBranch(List<Transaction> transactions) {
        List<Sha256Hash> level = new ArrayList<>(transactions.size() + 1);
        level.add(Sha256Hash.ZERO);
        for (Transaction tx : transactions) level.add(tx.txid());
        List<Sha256Hash> branch = new ArrayList<>();
        byte[] pair = new byte[64];
        while (level.size() > 1) {
            branch.add(level.get(1));
            List<Sha256Hash> next = new ArrayList<>((level.size() + 1) / 2);
            for (int i = 0; i < level.size(); i += 2) {
                Sha256Hash right = i + 1 < level.size() ? level.get(i + 1) : level.get(i);
                level.get(i).copyInto(pair, 0);
                right.copyInto(pair, 32);
                next.add(Hashes.hash256(pair));
            }
            level = next;
        }
        return List.copyOf(branch);
    }
}
