package dev.blocksmith.core.chain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blocksmith.core.block.BlockHeader;
import dev.blocksmith.core.consensus.ValidationException;
import dev.blocksmith.core.params.Networks;
import dev.blocksmith.core.primitives.Sha256Hash;
import java.util.List;
import org.junit.jupiter.api.Test;

class BlockTreeTest {
    /** Regtest's proof-of-work limit: work 2 per block. */
    private static final long EASY = 0x207fffffL;
    /** A target 8 times smaller: work 16, so one such block outweighs several easy ones. */
    private static final long HARD = 0x200fffffL;

    private final BlockTree tree = new BlockTree();
    private final ActiveChain chain = new ActiveChain();
    private final BlockIndex genesis;
    private int nonce;

    BlockTreeTest() {
        genesis = tree.addGenesis(Networks.REGTEST.genesis().header(),
                BlockStatus.VALID_HEADER | BlockStatus.VALID_TRANSACTIONS | BlockStatus.HAVE_DATA, 1);
        chain.setTip(genesis);
    }

    private BlockIndex header(BlockIndex prev, long bits) {
        BlockHeader h = new BlockHeader(4, prev.hash(), Sha256Hash.ZERO, prev.time() + 1, bits, nonce++);
        return tree.addHeader(h, prev);
    }

    /** A header whose block data arrived (bitcoind's ReceivedBlockTransactions). */
    private BlockIndex received(BlockIndex idx) {
        idx.addStatus(BlockStatus.HAVE_DATA | BlockStatus.VALID_TRANSACTIONS);
        idx.setTxCount(1);
        tree.linkReceived(idx, chain);
        return idx;
    }

    private BlockIndex block(BlockIndex prev, long bits) {
        return received(header(prev, bits));
    }

    @Test
    void theBestHeaderIsTheMostWorkHeaderEvenWithoutData() {
        BlockIndex a = header(genesis, EASY);
        BlockIndex b = header(a, EASY);
        assertThat(tree.bestHeader()).isEqualTo(b);
        BlockIndex heavy = header(genesis, HARD);
        assertThat(tree.bestHeader()).isEqualTo(heavy);
        assertThat(tree.get(b.hash())).contains(b);
        assertThat(tree.size()).isEqualTo(4);
        // Headers alone are never candidate tips: there is nothing to connect.
        assertThat(tree.bestCandidate()).contains(genesis);
    }

    @Test
    void aBlockBecomesACandidateOnlyOnceEveryAncestorHasData() {
        BlockIndex a = header(genesis, EASY);
        BlockIndex b = block(a, EASY);
        assertThat(tree.isCandidate(b)).isFalse();
        received(a);
        // a's data linked b, which waited for it, and b has the most work.
        assertThat(tree.isCandidate(a)).isTrue();
        assertThat(tree.bestCandidate()).contains(b);
    }

    @Test
    void amongEqualWorkTheFirstReceivedIsPreferredAndMoreWorkWins() {
        BlockIndex first = block(genesis, EASY);
        BlockIndex second = block(genesis, EASY);
        assertThat(tree.bestCandidate()).contains(first);
        BlockIndex heavier = block(genesis, HARD);
        assertThat(tree.bestCandidate()).contains(heavier);
        chain.setTip(first);
        assertThat(BlockTree.preferred(second, first, false)).isFalse();
        assertThat(BlockTree.preferred(second, first, true)).isTrue();
        assertThat(BlockTree.preferred(heavier, first, false)).isTrue();
        assertThat(BlockTree.preferred(genesis, first, true)).isFalse();
    }

    @Test
    void settlingOnATipDropsTheCandidatesWithLessWork() {
        BlockIndex a = block(genesis, EASY);
        BlockIndex b = block(a, EASY);
        BlockIndex side = block(genesis, EASY);
        chain.setTip(b);
        tree.settleCandidates(b);
        assertThat(tree.isCandidate(side)).isFalse();
        assertThat(tree.isCandidate(a)).isFalse();
        assertThat(tree.bestCandidate()).contains(b);
    }

    @Test
    void anInvalidBlockMarksItsDescendantsAndTheBestHeaderMovesOff() {
        BlockIndex a = block(genesis, EASY);
        BlockIndex b = block(a, EASY);
        BlockIndex c = header(b, EASY);
        BlockIndex other = block(genesis, EASY);
        ValidationException why = new ValidationException("bad-txns-inputs-missingorspent", "");
        List<BlockIndex> changed = tree.markInvalid(a, why, genesis);
        assertThat(changed).containsExactlyInAnyOrder(a, b, c);
        assertThat(a.hasStatus(BlockStatus.FAILED_VALID)).isTrue();
        assertThat(b.hasStatus(BlockStatus.FAILED_CHILD)).isTrue();
        assertThat(c.hasStatus(BlockStatus.FAILED_CHILD)).isTrue();
        assertThat(other.isFailed()).isFalse();
        assertThat(tree.failure(a.hash())).contains(why);
        assertThat(tree.bestHeader()).isEqualTo(other);
        assertThat(tree.bestCandidate()).contains(other);

        // reconsiderblock of a descendant clears its ancestors too.
        assertThat(tree.clearFailures(b)).containsExactlyInAnyOrder(a, b, c);
        assertThat(tree.failure(a.hash())).isEmpty();
        tree.rebuildCandidates(chain);
        tree.recomputeBestHeader(chain.tip());
        assertThat(tree.bestHeader()).isEqualTo(c);
        assertThat(tree.bestCandidate()).contains(b);
    }

    @Test
    void preciousRanksABlockFirstAmongEqualWorkEachCallBeforeThePrevious() {
        BlockIndex x = block(genesis, EASY);
        BlockIndex y = block(genesis, EASY);
        chain.setTip(x);
        assertThat(tree.makePrecious(y, x.chainWork())).isTrue();
        assertThat(tree.bestCandidate()).contains(y);
        assertThat(BlockTree.preferred(y, x, false)).isTrue();
        chain.setTip(y);
        assertThat(tree.makePrecious(x, y.chainWork())).isTrue();
        assertThat(tree.bestCandidate()).contains(x);
        // Less work than the tip: nothing to prefer.
        BlockIndex z = block(x, EASY);
        chain.setTip(z);
        assertThat(tree.makePrecious(genesis, z.chainWork())).isFalse();
    }

    @Test
    void prunedDataTakesABranchOutUntilItIsReceivedAgain() {
        BlockIndex a = block(genesis, EASY);
        BlockIndex b = block(a, EASY);
        tree.forgetData(List.of(a, b));
        assertThat(tree.isCandidate(b)).isFalse();
        tree.awaitData(a, b);
        a.setStatus(a.status() & ~BlockStatus.HAVE_DATA);
        received(a);
        assertThat(tree.bestCandidate()).contains(b);
    }

    @Test
    void tipsAreTheBlocksWithoutChildrenHighestFirst() {
        BlockIndex a = block(genesis, EASY);
        BlockIndex b = block(a, EASY);
        BlockIndex side = header(genesis, EASY);
        assertThat(tree.tips(b)).containsExactly(b, side);
        // The active tip is always one (getchaintips' "active"), even with children it has not connected.
        assertThat(tree.tips(genesis)).containsExactly(b, side, genesis);
    }

    @Test
    void loadingBuildsParentsFirstAndSkipsOrphans() {
        BlockIndex a = block(genesis, EASY);
        BlockIndex b = block(a, EASY);
        byte[] unknownParent = new byte[32];
        java.util.Arrays.fill(unknownParent, (byte) 7);
        BlockHeader orphan = new BlockHeader(4, Sha256Hash.wrap(unknownParent), Sha256Hash.ZERO, 1, EASY, 99);
        BlockIndex.Stored orphanEntry = new BlockIndex.Stored(orphan, 5, BlockStatus.VALID_HEADER, 0, 0, 0, 0, 0, 0);
        List<BlockIndex.Stored> stored = List.of(b.stored(), orphanEntry, genesis.stored(), a.stored());
        BlockTree reloaded = new BlockTree();
        assertThat(reloaded.load(stored)).containsExactly(orphanEntry);
        assertThat(reloaded.size()).isEqualTo(3);
        assertThat(reloaded.get(b.hash()).orElseThrow().prev().hash()).isEqualTo(a.hash());
        assertThat(reloaded.bestHeader().hash()).isEqualTo(b.hash());
    }
}
