package dev.blocksmith.cli.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.core.chain.ChainOptions;
import dev.blocksmith.core.params.Networks;
import dev.blocksmith.core.store.MemoryKeyValueStore;
import dev.blocksmith.core.testing.RejectSpendsVerifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The init load's last step: -stopafterblockimport shuts the node down instead of loading the mempool. */
class InitLoadServiceTest {
    @TempDir
    Path dir;

    private final ChainManager chain = ChainManager.open(Networks.REGTEST, new MemoryKeyValueStore(), new RejectSpendsVerifier(),
            ChainOptions.defaults(), () -> 2_000_000_000L);

    @Test
    void stopAfterBlockImportRequestsShutdownAfterTheFilesInsteadOfLoadingTheMempool() throws Exception {
        Path file = Files.createFile(dir.resolve("blk00000.dat"));
        AtomicInteger mempoolLoads = new AtomicInteger();
        CountDownLatch shutdown = new CountDownLatch(1);
        InitLoadService load = new InitLoadService(chain, false, List.of(file), mempoolLoads::incrementAndGet,
                Optional.of(shutdown::countDown));
        load.start();
        assertTrue(shutdown.await(30, TimeUnit.SECONDS), "the node is asked to shut down once the import is done");
        load.close();
        assertEquals(0, mempoolLoads.get(), "bitcoind returns before loading mempool.dat");
    }

    @Test
    void withoutTheOptionTheNodeKeepsRunningAndLoadsTheMempool() throws Exception {
        Path file = Files.createFile(dir.resolve("blk00000.dat"));
        CountDownLatch mempoolLoaded = new CountDownLatch(1);
        InitLoadService load = new InitLoadService(chain, false, List.of(file), mempoolLoaded::countDown,
                Optional.empty());
        load.start();
        assertTrue(mempoolLoaded.await(30, TimeUnit.SECONDS));
        load.close();
    }
}
