package dev.blocksmith.cli.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StopAtHeightTest {
    @Test
    void requestsShutdownOnceWhenTheTipReachesTheHeight() {
        AtomicInteger requests = new AtomicInteger();
        StopAtHeight stop = new StopAtHeight(207, requests::incrementAndGet);
        stop.tipAt(200);
        stop.tipAt(206);
        assertEquals(0, requests.get(), "below the height the node keeps running");
        stop.tipAt(207);
        assertEquals(1, requests.get());
        stop.tipAt(208);
        assertEquals(1, requests.get(), "one request is enough");
    }

    @Test
    void aTipPastTheHeightAlsoStops() {
        // bitcoind compares with >=: a reorg or a batch of blocks can jump over the height.
        AtomicInteger requests = new AtomicInteger();
        new StopAtHeight(10, requests::incrementAndGet).tipAt(42);
        assertEquals(1, requests.get());
    }
}
