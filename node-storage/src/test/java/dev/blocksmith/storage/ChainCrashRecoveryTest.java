package dev.blocksmith.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.core.chain.ChainOptions;
import dev.blocksmith.core.chain.FlatFileBlockStore;
import dev.blocksmith.core.chain.UtxoSetStatistics;
import dev.blocksmith.core.chain.UtxoStats;
import dev.blocksmith.core.store.MemoryKeyValueStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bitcoind's crash contract: a node killed with SIGKILL at any moment, in the middle of a flush of its chain state
 * included, comes back at the tip of its last completed flush (the blocks connected since are forgotten and
 * downloaded again; here the child connects them again) with exactly the UTXO set (muhash and count) of a node that
 * connected the same blocks without interruption.
 */
class ChainCrashRecoveryTest {
    private static final int ROUNDS = 6;
    /** About 30 KiB: the chain state is flushed every few blocks. */
    private static final long CACHE_BYTES = 30_000;
    private static final int TARGET_HEIGHT = 100_000;

    @TempDir
    Path tmp;

    @Test
    void killedDuringFlushesTheNodeReplaysToTheSameUtxoSet() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        Path dir = tmp.resolve("node");
        Files.createDirectories(dir);
        ChainManager reference = ChainManager.open(ChurnChain.PARAMS, new MemoryKeyValueStore(), (b, s, f) -> { },
                new ChainOptions(false, false), () -> 2_000_000_000L);
        int killedInsideFlush = 0;
        for (int round = 0; round < ROUNDS; round++) {
            Process child = start(dir);
            AtomicInteger connected = new AtomicInteger(-1);
            AtomicInteger flushesStarted = new AtomicInteger();
            AtomicInteger flushesDone = new AtomicInteger();
            AtomicInteger flushedAtLeast = new AtomicInteger(-1);
            CompletableFuture<Void> reader = CompletableFuture.runAsync(
                    () -> read(child, connected, flushesStarted, flushesDone, flushedAtLeast));
            // Killed as a flush starts, after a random number of them (the first at start-up replays are included).
            int killAt = 6 + random.nextInt(12);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (flushesStarted.get() < killAt && child.isAlive() && System.nanoTime() < deadline) Thread.sleep(1);
            Thread.sleep(random.nextInt(40));
            boolean inside = flushesStarted.get() > flushesDone.get();
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            reader.get(30, TimeUnit.SECONDS);
            assertThat(flushesStarted.get()).as("the child flushed (seed %d, stderr %s)", seed, stderr()).isGreaterThanOrEqualTo(killAt);
            if (inside) killedInsideFlush++;

            try (RocksDbKeyValueStore store = RocksDbKeyValueStore.open(dir.resolve("chainstate"), StorageOptions.defaults());
                 FlatFileBlockStore blocks = ChildChainProcess.openBlocks(dir)) {
                ChainManager reopened = ChainManager.open(ChurnChain.PARAMS, store, blocks, (b, s, f) -> { },
                        ChildChainProcess.options(CACHE_BYTES), () -> 2_000_000_000L);
                int height = reopened.tip().height();
                // A flush during the connection of block N+1 (the cache full) includes it; "connected N" was the last line.
                assertThat(height).as("the last completed flush is back (seed %d)", seed).isGreaterThanOrEqualTo(flushedAtLeast.get());
                assertThat(height).as("nothing beyond the connected blocks (seed %d)", seed).isLessThanOrEqualTo(connected.get() + 1);
                while (reference.tip().height() < height) reference.processBlock(ChurnChain.next(reference.tip().index()));
                assertThat(reopened.tip().hash()).isEqualTo(reference.tip().hash());
                UtxoStats got = reopened.utxoStats(UtxoSetStatistics.HashType.MUHASH);
                UtxoStats want = reference.utxoStats(UtxoSetStatistics.HashType.MUHASH);
                System.out.printf("round %d: killed %s a flush at height %d, reopened at %d with %d coins%n", round,
                        inside ? "inside" : "after", connected.get(), height, got.txouts());
                assertThat(got.txouts()).as("coins (seed %d)", seed).isEqualTo(want.txouts());
                assertThat(got.hash()).as("muhash (seed %d)", seed).isEqualTo(want.hash());
                reopened.close();
            }
        }
        assertThat(killedInsideFlush).as("kills that landed inside a flush (seed %d)", seed).isPositive();
    }

    private Process start(Path dir) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--enable-native-access=ALL-UNNAMED");
        command.add("-Xmx256m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ChildChainProcess.class.getName());
        command.addAll(List.of(dir.toString(), Integer.toString(TARGET_HEIGHT), Long.toString(CACHE_BYTES)));
        return new ProcessBuilder(command).redirectError(tmp.resolve("child.err").toFile()).start();
    }

    private String stderr() {
        try {
            return Files.readString(tmp.resolve("child.err"));
        } catch (IOException e) {
            return "unreadable: " + e.getMessage();
        }
    }

    private static void read(Process child, AtomicInteger connected, AtomicInteger started, AtomicInteger done,
                             AtomicInteger flushedAtLeast) {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("connected ")) connected.set(Integer.parseInt(line.substring(10)));
                else if (line.equals("flushing")) started.incrementAndGet();
                else if (line.equals("flushed")) {
                    done.incrementAndGet();
                    flushedAtLeast.set(connected.get());
                }
            }
        } catch (IOException e) {
            // The pipe breaks when the child is killed mid-line; what was read so far stands.
        }
    }
}
