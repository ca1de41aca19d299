package dev.blocksmith.p2p.bloom;

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

/** BIP37 filters, checked against bitcoind's bloom_tests vectors and its IsRelevantAndUpdate rules. */
class BloomFilterTest {
    private static final String A = "99108ad8ed9bb6274d3980bab5a85c048f0950c8";
    private static final String B = "b5a2c786d9ef4658287ced5914b37a1b4aa32eee";
    private static final String C = "b9300670b4c5366e95b2699e8b18bc75e5f729c5";

    @Test
    void murmur3Vectors() {
        assertThat(Murmur3.hash(0, new byte[0])).isEqualTo(0);
        assertThat(Murmur3.hash(0xFBA4C795, new byte[0])).isEqualTo(0x6a396f08);
        assertThat(Murmur3.hash(0xffffffff, new byte[0])).isEqualTo(0x81f16f39);
        assertThat(Murmur3.hash(0, Hex.decode("00"))).isEqualTo(0x514E28B7);
        assertThat(Murmur3.hash(0, Hex.decode("0011"))).isEqualTo(0x16c6b7ab);
        assertThat(Murmur3.hash(0, Hex.decode("00112233"))).isEqualTo(0xb4471bf8);
        assertThat(Murmur3.hash(0, Hex.decode("001122334455667788"))).isEqualTo(0xb4698def);
    }

    /** bitcoind's bloom_create_insert_serialize and its tweaked twin: the three elements set exactly these bits. */
    @Test
    void insertingSetsBitcoindsBits() {
        assertFilterBits(0, "614e9b");
        assertFilterBits(0x80000001L, "ce4299");
    }

    private static void assertFilterBits(long tweak, String expected) {
        byte[] empty = new byte[3];
        BloomFilter f = new BloomFilter(empty, 5, tweak, BloomFilter.UPDATE_ALL);
        f.insert(Hex.decode(A));
        assertThat(f.contains(Hex.decode(A))).isTrue();
        assertThat(f.contains(Hex.decode("19108ad8ed9bb6274d3980bab5a85c048f0950c8"))).isFalse();
        f.insert(Hex.decode(B));
        f.insert(Hex.decode(C));
        assertThat(new BloomFilter(Hex.decode(expected), 5, tweak, 0).contains(Hex.decode(A))).isTrue();
        for (String e : List.of(A, B, C)) assertThat(f.contains(Hex.decode(e))).isTrue();
        assertThat(f).usingRecursiveComparison().isEqualTo(new BloomFilter(Hex.decode(expected), 5, tweak, BloomFilter.UPDATE_ALL));
    }

    /** CVE-2013-5700: an empty filter matches everything and inserting into it does nothing (no division by zero). */
    @Test
    void anEmptyFilterMatchesEverything() {
        BloomFilter f = new BloomFilter(new byte[0], 1, 0, 0);
        f.insert(Hex.decode("ab"));
        assertThat(f.contains(Hex.decode("cd"))).isTrue();
        assertThat(f.isRelevantAndUpdate(tx(Script.of(new byte[]{0x51}), OutPoint.NULL))).isTrue();
        assertThat(BloomFilter.withinSizeConstraints(36_000, 50)).isTrue();
        assertThat(BloomFilter.withinSizeConstraints(36_001, 50)).isFalse();
        assertThat(BloomFilter.withinSizeConstraints(1, 51)).isFalse();
    }

    private static Transaction tx(Script out, OutPoint spent) {
        return new Transaction(2, List.of(new TxIn(spent, Script.EMPTY, TxIn.SEQUENCE_FINAL)), List.of(new TxOut(1000, out)), 0);
    }

    /** A matched output's data push matches; with BLOOM_UPDATE_ALL its outpoint is added, so the spend matches too. */
    @Test
    void aMatchedOutputMakesItsSpendMatch() {
        byte[] hash = Hex.decode("ffffffffffffffffffffffffffffffffffffffff");
        Script p2sh = Script.of(Hex.decode("a914" + "ffffffffffffffffffffffffffffffffffffffff" + "87"));
        Transaction pays = tx(p2sh, new OutPoint(Sha256Hash.wrap(new byte[32]), 7));
        Transaction other = tx(Script.of(new byte[]{0x51}), new OutPoint(Sha256Hash.wrap(new byte[32]), 8));
        for (int flags : new int[]{BloomFilter.UPDATE_ALL, BloomFilter.UPDATE_NONE}) {
            BloomFilter f = new BloomFilter(new byte[64], 10, 5, flags);
            f.insert(hash);
            assertThat(f.isRelevantAndUpdate(other)).isFalse();
            assertThat(f.isRelevantAndUpdate(pays)).isTrue();
            Transaction spends = tx(Script.of(new byte[]{0x51}), new OutPoint(pays.txid(), 0));
            assertThat(f.isRelevantAndUpdate(spends)).as("flags %d", flags).isEqualTo(flags == BloomFilter.UPDATE_ALL);
        }
    }
}
