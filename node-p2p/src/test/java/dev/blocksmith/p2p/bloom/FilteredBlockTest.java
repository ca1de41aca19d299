package dev.blocksmith.p2p.bloom;

import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.block.BlockHeader;
import dev.blocksmith.core.block.PartialMerkleTree;
import dev.blocksmith.core.primitives.Hex;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.script.Script;
import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.core.tx.Transaction;
import dev.blocksmith.core.tx.TxIn;
import dev.blocksmith.core.tx.TxOut;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A block filtered for a BIP37 filter proves exactly the matched transactions. */
class FilteredBlockTest {
    private static final String WATCHED = "ffffffffffffffffffffffffffffffffffffffff";

    private static Transaction tx(int tag, Script out) {
        byte[] prev = new byte[32];
        prev[0] = (byte) tag;
        return new Transaction(2, List.of(new TxIn(new OutPoint(Sha256Hash.wrap(prev), 0), Script.EMPTY, TxIn.SEQUENCE_FINAL)),
                List.of(new TxOut(1000, out)), 0);
    }

    @Test
    void onlyTheMatchedTransactionIsProvedAndSent() {
        Transaction a = tx(1, Script.of(new byte[]{0x51}));
        Transaction watched = tx(2, Script.of(Hex.decode("a914" + WATCHED + "87")));
        Transaction c = tx(3, Script.of(new byte[]{0x52}));
        Block draft = new Block(new BlockHeader(1, Sha256Hash.ZERO, Sha256Hash.ZERO, 0, 0x207fffffL, 0), List.of(a, watched, c));
        Block block = new Block(draft.header().withMerkleRoot(draft.computeMerkle().root()), draft.transactions());
        BloomFilter filter = new BloomFilter(new byte[64], 10, 0, BloomFilter.UPDATE_ALL);
        filter.insert(Hex.decode(WATCHED));

        FilteredBlock filtered = FilteredBlock.of(block, filter);

        assertThat(filtered.matched()).containsExactly(watched);
        assertThat(filtered.merkleBlock().header()).isEqualTo(block.header());
        PartialMerkleTree.Extraction proof = filtered.merkleBlock().tree().extract().orElseThrow();
        assertThat(proof.root()).isEqualTo(block.header().merkleRoot());
        assertThat(proof.matches()).containsExactly(watched.txid());
        assertThat(proof.positions()).containsExactly(1);
    }
}
