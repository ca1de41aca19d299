package dev.blocksmith.core.chain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blocksmith.core.block.BlockHeader;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.params.Networks;
import dev.blocksmith.core.primitives.Sha256Hash;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * bitcoind's conditions for skipping a block's scripts under -assumevalid, each checked on its own: the first one
 * that fails names the reason (bitcoind's log text), and only a block passing all of them is skipped.
 */
class AssumeValidTest {
    private static final NetworkParams PARAMS = Networks.REGTEST;
    /** Regtest blocks are 600 s of work apart: more than two weeks needs more than 2016 blocks on top. */
    private static final int BURIED = 2017;

    private final Map<Sha256Hash, BlockIndex> index = new HashMap<>();
    private final BlockIndex genesis = add(null, 0);

    private BlockIndex add(BlockIndex prev, int tag) {
        long time = prev == null ? 1_296_688_602L : prev.time() + 600;
        BlockHeader h = new BlockHeader(0x20000000, prev == null ? Sha256Hash.ZERO : prev.hash(),
                Sha256Hash.wrapOwned(new byte[32]), time, PARAMS.genesis().header().bits(), tag);
        BlockIndex idx = new BlockIndex(h, prev, BlockStatus.VALID_HEADER, 0, index.size());
        index.put(idx.hash(), idx);
        return idx;
    }

    private List<BlockIndex> extend(BlockIndex from, int n, int tag) {
        List<BlockIndex> out = new ArrayList<>();
        BlockIndex b = from;
        for (int i = 0; i < n; i++) {
            b = add(b, tag);
            out.add(b);
        }
        return out;
    }

    private AssumeValid.Decision decide(Optional<Sha256Hash> assumed, NetworkParams params, BlockIndex block, BlockIndex best) {
        return new AssumeValid(assumed, params).decide(block, index::get, best);
    }

    @Test
    void aBlockBuriedUnderTheAssumedBlockOnTheBestHeaderChainIsSkipped() {
        List<BlockIndex> chain = extend(genesis, 10 + BURIED + 5, 1);
        BlockIndex assumed = chain.get(10 + BURIED);
        BlockIndex best = chain.get(chain.size() - 1);
        assertThat(decide(Optional.of(assumed.hash()), PARAMS, chain.get(0), best)).isEqualTo(AssumeValid.Decision.SKIP);
        // The last blocks less than two weeks of work below the best header are checked, assumed or not.
        assertThat(decide(Optional.of(assumed.hash()), PARAMS, assumed, best).reason())
                .isEqualTo("block too recent relative to best header");
    }

    @Test
    void zeroChecksEveryScript() {
        List<BlockIndex> chain = extend(genesis, BURIED + 5, 1);
        AssumeValid.Decision d = decide(Optional.empty(), PARAMS, chain.get(0), chain.get(chain.size() - 1));
        assertThat(d.checkScripts()).isTrue();
        assertThat(d.reason()).isEqualTo("assumevalid=0 (always verify)");
    }

    @Test
    void eachFailedConditionChecksTheScriptsAndNamesItsReason() {
        List<BlockIndex> chain = extend(genesis, BURIED + 20, 1);
        BlockIndex best = chain.get(chain.size() - 1);
        BlockIndex assumed = chain.get(10);
        BlockIndex first = chain.get(0);
        assertThat(decide(Optional.of(Sha256Hash.fromHex("1234567890abcdef1234567890abcdef1234567890abcdef1234567890abcdef")),
                PARAMS, first, best).reason()).isEqualTo("assumevalid hash not in headers");
        assertThat(decide(Optional.of(assumed.hash()), PARAMS, chain.get(11), best).reason())
                .isEqualTo("block height above assumevalid height");
        BlockIndex sideBlock = extend(genesis, 1, 2).get(0);
        assertThat(decide(Optional.of(assumed.hash()), PARAMS, sideBlock, best).reason()).isEqualTo("block not in assumevalid chain");
        // A best header on another branch from genesis: the assumed chain's blocks are not on it.
        BlockIndex otherBest = extend(genesis, BURIED + 40, 3).get(BURIED + 39);
        assertThat(decide(Optional.of(assumed.hash()), PARAMS, first, otherBest).reason()).isEqualTo("block not in best header chain");
        NetworkParams demanding = PARAMS.toBuilder().minimumChainWork(BigInteger.ONE.shiftLeft(200)).build();
        assertThat(decide(Optional.of(assumed.hash()), demanding, first, best).reason())
                .isEqualTo("best header chainwork below minimumchainwork");
        BlockIndex shortBest = chain.get(100);
        assertThat(decide(Optional.of(assumed.hash()), PARAMS, first, shortBest).reason())
                .isEqualTo("block too recent relative to best header");
        for (BlockIndex b : List.of(first, chain.get(11), sideBlock)) {
            assertThat(decide(Optional.of(assumed.hash()), PARAMS, b, shortBest).checkScripts()).isTrue();
        }
    }

    @Test
    void proofEquivalentTimeIsTheWorkBetweenInSecondsAtTheTipsDifficulty() {
        List<BlockIndex> chain = extend(genesis, 30, 1);
        AssumeValid av = new AssumeValid(Optional.empty(), PARAMS);
        assertThat(av.proofEquivalentSeconds(chain.get(29), chain.get(9), chain.get(29))).isEqualTo(20 * 600);
        assertThat(av.proofEquivalentSeconds(chain.get(9), chain.get(29), chain.get(29))).isEqualTo(-20 * 600);
    }
}
