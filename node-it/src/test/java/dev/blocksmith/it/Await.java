package dev.blocksmith.it;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Polls a condition across processes until it holds or a deadline passes. */
final class Await {
    private Await() {
    }

    static void until(String what, Duration timeout, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (condition.call()) return;
                last = null;
            } catch (NodeProcess.RpcError e) {
                // A method the node does not have will not appear by waiting.
                if (e.code() == -32601) throw e;
                last = e;
            } catch (Exception e) {
                last = e;
            }
            Thread.sleep(200);
        }
        AssertionError failure = new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for: " + what);
        if (last != null) failure.initCause(last);
        throw failure;
    }
}
