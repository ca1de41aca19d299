package dev.blocksmith.rpc.methods.blockchain;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blocksmith.core.block.Block;
import dev.blocksmith.core.chain.BlockIndex;
import dev.blocksmith.core.chain.ChainListener;
import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.core.chain.ChainTip;
import dev.blocksmith.rpc.RpcException;
import dev.blocksmith.rpc.json.RpcJson;
import java.util.function.Predicate;

/**
 * Lets RPC threads wait for the tip to satisfy a condition (bitcoind's waitTipChanged loop behind
 * waitfornewblock, waitforblock and waitforblockheight). Woken by every chain event; also looks again
 * once a second, so no condition depends on catching one notification.
 */
public final class TipWaiter implements ChainListener {
    private static final long RECHECK_MILLIS = 1_000;

    private final ChainManager chain;
    private final Object monitor = new Object();

    private TipWaiter(ChainManager chain) {
        this.chain = chain;
    }

    /** A waiter registered as a listener of {@code chain}. */
    public static TipWaiter on(ChainManager chain) {
        TipWaiter w = new TipWaiter(chain);
        chain.addListener(w);
        return w;
    }

    @Override
    public void tipChanged(ChainTip tip, boolean initialBlockDownload) {
        wake();
    }

    @Override
    public void blockConnected(Block block, BlockIndex index) {
        wake();
    }

    @Override
    public void blockDisconnected(Block block, BlockIndex index) {
        wake();
    }

    private void wake() {
        synchronized (monitor) {
            monitor.notifyAll();
        }
    }

    /**
     * Waits until {@code done} holds for the tip or {@code timeoutMillis} passed (0: no limit) and
     * returns the tip then. An interrupted wait (shutdown) returns the current tip, as bitcoind does.
     */
    public ChainTip await(Predicate<ChainTip> done, long timeoutMillis) {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        synchronized (monitor) {
            while (true) {
                ChainTip tip = chain.tip();
                if (done.test(tip)) return tip;
                long waitMillis = RECHECK_MILLIS;
                if (timeoutMillis > 0) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) return tip;
                    waitMillis = Math.min(waitMillis, Math.max(1, left / 1_000_000L));
                }
                try {
                    monitor.wait(waitMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return chain.tip();
                }
            }
        }
    }

    /** bitcoind's "timeout" argument: milliseconds, 0 for none, never negative. */
    static long timeoutMillis(dev.blocksmith.rpc.methods.RpcParam p) throws RpcException {
        long t = p.asLong();
        if (t < 0) throw RpcException.misc("Negative timeout");
        return t;
    }

    /** The {hash, height} object the three wait methods return. */
    static ObjectNode result(ChainTip tip) {
        ObjectNode o = RpcJson.object();
        o.put("hash", tip.hash().toHex());
        o.put("height", tip.height());
        return o;
    }
}
