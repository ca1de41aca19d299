package dev.blocksmith.miner.template;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.block.BlockHeader;
import dev.blocksmith.core.block.MerkleTree;
import dev.blocksmith.core.chain.BlockIndex;
import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.core.chain.ChainTip;
import dev.blocksmith.core.consensus.ConsensusLimits;
import dev.blocksmith.core.consensus.Difficulty;
import dev.blocksmith.core.consensus.DifficultyCalculator;
import dev.blocksmith.core.consensus.Subsidy;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.script.ScriptBuilder;
import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.core.tx.TxOut;
import dev.blocksmith.core.tx.Witness;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Builds block templates on the current tip (Core's BlockAssembler) and turns a template plus payee
 * and extranonce into a block ready for hashing.
 */
public final class BlockTemplateBuilder {
    /** bitcoind 30's DEFAULT_BLOCK_MAX_WEIGHT: the consensus maximum (room for the coinbase is reserved apart). */
    public static final long DEFAULT_BLOCK_MAX_WEIGHT = ConsensusLimits.MAX_BLOCK_WEIGHT;
    /** bitcoind 30's DEFAULT_BLOCK_RESERVED_WEIGHT: header and coinbase room kept out of the transactions' share. */
    public static final long DEFAULT_BLOCK_RESERVED_WEIGHT = 8_000;
    /** bitcoind's MINIMUM_BLOCK_RESERVED_WEIGHT. */
    public static final long MINIMUM_BLOCK_RESERVED_WEIGHT = 2_000;
    private static final long COINBASE_RESERVED_SIGOPS = 400;
    /** BIP9 top bits: version 0x20000000 signals no deployment (templates add the bits of started deployments). */
    public static final int BLOCK_VERSION = 0x20000000;
    private static final byte[] WITNESS_RESERVED_VALUE = new byte[32];

    private final ChainManager chain;
    private final TransactionSource source;
    private final long maxWeight;
    private final long reservedWeight;
    private final java.util.OptionalInt versionOverride;
    /** What the last template held (getmininginfo's currentblocktx/currentblockweight); empty before the first. */
    private volatile Optional<LastBlock> lastBlock = Optional.empty();

    /** Transactions (coinbase not counted) and weight (the reserved weight included) of the last template. */
    public record LastBlock(int transactions, long weight) {
    }

    public BlockTemplateBuilder(ChainManager chain, TransactionSource source, long maxWeight) {
        this(chain, source, maxWeight, DEFAULT_BLOCK_RESERVED_WEIGHT);
    }

    /**
     * @param maxWeight      {@code -blockmaxweight}, at most the consensus maximum
     * @param reservedWeight {@code -blockreservedweight}: kept for the header and coinbase, as bitcoind's
     *                       BlockAssembler starts its count at it
     */
    public BlockTemplateBuilder(ChainManager chain, TransactionSource source, long maxWeight, long reservedWeight) {
        this(chain, source, maxWeight, reservedWeight, java.util.OptionalInt.empty());
    }

    /**
     * @param versionOverride bitcoind's {@code -blockversion}: the version of every template, on networks that
     *                        mine on demand (regtest) only, to test forking scenarios
     */
    public BlockTemplateBuilder(ChainManager chain, TransactionSource source, long maxWeight, long reservedWeight,
                                java.util.OptionalInt versionOverride) {
        this.versionOverride = versionOverride;
        this.chain = chain;
        this.source = source;
        this.reservedWeight = Math.max(MINIMUM_BLOCK_RESERVED_WEIGHT, Math.min(reservedWeight, ConsensusLimits.MAX_BLOCK_WEIGHT));
        this.maxWeight = Math.max(this.reservedWeight, Math.min(maxWeight, ConsensusLimits.MAX_BLOCK_WEIGHT));
    }

    public Optional<LastBlock> lastBlock() {
        return lastBlock;
    }

    public BlockTemplate build() {
        NetworkParams params = chain.params();
        ChainTip tip = chain.tip();
        BlockIndex prev = tip.index();
        int height = prev.height() + 1;
        long minTime = tip.medianTimePast() + 1;
        long now = Math.max(minTime, chain.now());
        // BIP94: the first block of a period may not be older than its parent by more than MAX_TIMEWARP.
        if (params.enforceBip94() && height % params.retargetInterval() == 0) {
            // bitcoind's GetMinimumTime: the timewarp rule raises the minimum time too (mintime == curtime then).
            minTime = Math.max(minTime, prev.time() - ConsensusLimits.MAX_TIMEWARP);
            now = Math.max(now, minTime);
        }
        long bits = DifficultyCalculator.nextWorkRequired(prev, now, params);
        List<TemplateTransaction> txs = source.select(maxWeight - reservedWeight,
                ConsensusLimits.MAX_BLOCK_SIGOPS_COST - COINBASE_RESERVED_SIGOPS);
        long fees = 0;
        long weight = reservedWeight;
        for (TemplateTransaction t : txs) {
            fees += t.fee();
            weight += t.tx().weight();
        }
        lastBlock = Optional.of(new LastBlock(txs.size(), weight));
        // bitcoind's GenerateCoinbaseCommitment adds the commitment output whether or not segwit is active; only the
        // coinbase's witness reserved value depends on it (UpdateUncommittedBlockStructures). So a block mined before
        // segwit is invalid once segwit rules apply to its height (feature_presegwit_node_upgrade).
        List<Sha256Hash> wtxids = new ArrayList<>();
        wtxids.add(Sha256Hash.ZERO);
        for (TemplateTransaction t : txs) wtxids.add(t.tx().wtxid());
        Optional<Sha256Hash> commitment = Optional.of(Block.witnessCommitment(MerkleTree.root(wtxids), WITNESS_RESERVED_VALUE));
        boolean segwitActive = height >= params.deployments().segwitHeight();
        // BIP9: signal every deployment that is started or locked in (bitcoind's ComputeBlockVersion).
        int version = chain.versionBits().blockVersion(prev, params);
        if (versionOverride.isPresent() && params.name().equals("regtest")) version = versionOverride.getAsInt();
        return new BlockTemplate(height, prev.hash(), version, bits, Difficulty.decodeCompact(bits), now, minTime,
                Subsidy.at(height, params) + fees, txs, commitment, segwitActive, ConsensusLimits.MAX_BLOCK_SIGOPS_COST, maxWeight);
    }

    /** The coinbase: BIP34 height, the extranonce, the payout and the witness commitment. */
    public static Transaction coinbase(BlockTemplate t, Script payTo, byte[] extraNonce) {
        return coinbase(t.height(), t.coinbaseValue(), t.witnessCommitmentScript(), t.segwitActive(), payTo, extraNonce);
    }

    /**
     * The coinbase from its parts, for templates that did not come from this builder (getblocktemplate
     * answers): BIP34 height, the extranonce, the payout and, if given, the witness commitment output, with the
     * witness reserved value in the input when the block enforces segwit.
     */
    public static Transaction coinbase(int height, long value, Optional<Script> witnessCommitmentScript, boolean segwitActive,
                                       Script payTo, byte[] extraNonce) {
        Script sig = new ScriptBuilder().number(height).data(extraNonce).build();
        // bitcoind 30: the coinbase is timelocked to the previous height (final in its own block), with a
        // non-final sequence so that the lock time counts (bitcoind 30 CreateNewBlock; mining_basic checks it).
        TxIn in = new TxIn(OutPoint.NULL, sig, MAX_SEQUENCE_NONFINAL);
        List<TxOut> outs = new ArrayList<>();
        outs.add(new TxOut(value, payTo));
        if (witnessCommitmentScript.isPresent()) {
            outs.add(new TxOut(0, witnessCommitmentScript.get()));
            if (segwitActive) in = in.withWitness(Witness.of(WITNESS_RESERVED_VALUE));
        }
        return new Transaction(2, List.of(in), outs, height - 1L);
    }

    /** bitcoind's CTxIn::MAX_SEQUENCE_NONFINAL: the highest sequence that still enables the lock time. */
    static final long MAX_SEQUENCE_NONFINAL = 0xfffffffeL;

    /** A block (nonce 0, not yet solved) for the template paying {@code payTo}. */
    public static Block assemble(BlockTemplate t, Script payTo, byte[] extraNonce) {
        List<Transaction> all = new ArrayList<>(t.transactions().size() + 1);
        all.add(coinbase(t, payTo, extraNonce));
        for (TemplateTransaction tt : t.transactions()) all.add(tt.tx());
        List<Sha256Hash> ids = new ArrayList<>(all.size());
        for (Transaction tx : all) ids.add(tx.txid());
        BlockHeader h = new BlockHeader(t.version(), t.previousBlockHash(), MerkleTree.root(ids), t.curTime(), t.bits(), 0);
        return new Block(h, all);
    }
}
