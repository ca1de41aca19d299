package dev.blocksmith.core.mempool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.script.ScriptValidation;
import dev.blocksmith.core.tx.Transaction;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MempoolPersistenceTest {
    @TempDir
    Path dir;
    private MempoolFixture f;

    @BeforeEach
    void setUp() throws Exception {
        f = new MempoolFixture();
        f.mine(110);
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    private Mempool freshPool() {
        return new Mempool(f.chain, MempoolOptions.defaults(), TxScriptChecker.of(ScriptValidation.uncached()), new FeeEstimator(),
                f.clock::get);
    }

    @Test
    void roundTripKeepsTransactionsTimesDeltasAndUnbroadcast() throws Exception {
        Transaction parent = f.spend(1_000, f.coinbase(1));
        Transaction child = f.spend(1_000, MempoolFixture.output(parent, 0));
        Transaction other = f.spend(2_000, f.coinbase(2));
        f.mempool.accept(parent, AcceptOptions.relay());
        f.clock.addAndGet(60);
        f.mempool.accept(child, AcceptOptions.relay());
        f.mempool.accept(other, AcceptOptions.relay());
        f.mempool.prioritiseTransaction(other.txid(), 5_000);
        f.mempool.prioritiseTransaction(Sha256Hash.ZERO, 7);
        f.mempool.addUnbroadcast(other.txid());
        Path file = dir.resolve("mempool.dat");
        assertThat(f.mempool.save(file)).isEqualTo(3);

        f.clock.addAndGet(600);
        Mempool loaded = freshPool();
        assertThat(loaded.isLoaded()).isFalse();
        assertThat(loaded.load(file)).isEqualTo(3);
        assertThat(loaded.isLoaded()).isTrue();
        assertThat(loaded.txids()).containsExactlyInAnyOrder(parent.txid(), child.txid(), other.txid());
        assertThat(loaded.entry(parent.txid()).orElseThrow().time()).isEqualTo(MempoolFixture.START);
        assertThat(loaded.entry(child.txid()).orElseThrow().time()).isEqualTo(MempoolFixture.START + 60);
        assertThat(loaded.entry(child.txid()).orElseThrow().ancestorCount()).isEqualTo(2);
        assertThat(loaded.entry(other.txid()).orElseThrow().modifiedFee()).isEqualTo(7_000);
        assertThat(loaded.feeDeltas()).containsEntry(Sha256Hash.ZERO, 7L);
        assertThat(loaded.unbroadcast()).containsExactly(other.txid());
        assertThat(loaded.entry(other.txid()).orElseThrow().unbroadcast()).isTrue();
        assertThat(loaded.entry(parent.txid()).orElseThrow().unbroadcast()).isFalse();
        assertThat(loaded.info().unbroadcastCount()).isEqualTo(1);
    }

    @Test
    void importAddsToThePoolAndTakesMetadataOnlyWhenAsked() throws Exception {
        Transaction a = f.spend(1_000, f.coinbase(1));
        Transaction b = f.spend(1_000, f.coinbase(2));
        f.mempool.accept(a, AcceptOptions.relay());
        f.mempool.accept(b, AcceptOptions.relay());
        f.mempool.prioritiseTransaction(a.txid(), 1_000);
        f.mempool.prioritiseTransaction(Sha256Hash.ZERO, 9);
        f.mempool.addUnbroadcast(a.txid());
        Path file = dir.resolve("mempool.dat");
        f.mempool.save(file);

        f.clock.addAndGet(600);
        Mempool pool = freshPool();
        Transaction own = f.spend(1_000, f.coinbase(3));
        pool.accept(own, AcceptOptions.relay());
        // importmempool's defaults: current time, no fee deltas, no unbroadcast set.
        assertThat(pool.importFile(file, Mempool.ImportOptions.RPC_DEFAULTS)).contains(2);
        assertThat(pool.txids()).containsExactlyInAnyOrder(a.txid(), b.txid(), own.txid());
        assertThat(pool.entry(a.txid()).orElseThrow().modifiedFee()).isEqualTo(1_000);
        assertThat(pool.entry(a.txid()).orElseThrow().time()).isEqualTo(f.clock.get());
        assertThat(pool.unbroadcast()).isEmpty();
        // Again with the metadata: the transactions are already there, the deltas stack, the set applies.
        assertThat(pool.importFile(file, new Mempool.ImportOptions(true, true, true))).contains(0);
        assertThat(pool.entry(a.txid()).orElseThrow().modifiedFee()).isEqualTo(2_000);
        assertThat(pool.feeDeltas()).containsEntry(Sha256Hash.ZERO, 9L);
        assertThat(pool.unbroadcast()).containsExactly(a.txid());
        assertThat(pool.importFile(dir.resolve("missing.dat"), Mempool.ImportOptions.RPC_DEFAULTS)).isEmpty();
        pool.checkConsistency();
    }

    @Test
    void corruptOrMissingFilesStartEmpty() throws Exception {
        f.mempool.accept(f.spend(1_000, f.coinbase(1)), AcceptOptions.relay());
        Path file = dir.resolve("mempool.dat");
        f.mempool.save(file);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 1;
        Files.write(file, bytes);
        Mempool pool = freshPool();
        assertThat(pool.load(file)).isZero();
        assertThat(pool.isLoaded()).isTrue();
        assertThat(pool.size()).isZero();

        Files.write(file, new byte[] {1, 2, 3});
        assertThat(freshPool().load(file)).isZero();
        assertThat(freshPool().load(dir.resolve("absent.dat"))).isZero();
    }

    @Test
    void expiredAndNowInvalidTransactionsAreNotLoaded() throws Exception {
        Transaction tx = f.spend(1_000, f.coinbase(1));
        Transaction other = f.spend(1_000, f.coinbase(2));
        f.mempool.accept(tx, AcceptOptions.relay());
        f.mempool.accept(other, AcceptOptions.relay());
        Path file = dir.resolve("mempool.dat");
        f.mempool.save(file);
        f.mineTx(other);
        assertThat(freshPool().load(file)).isEqualTo(1);
        f.clock.addAndGet(MempoolOptions.DEFAULT_EXPIRY_SECONDS + 1);
        assertThat(freshPool().load(file)).isZero();
    }
}
