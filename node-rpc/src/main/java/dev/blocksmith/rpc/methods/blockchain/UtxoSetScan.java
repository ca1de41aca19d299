package dev.blocksmith.rpc.methods.blockchain;

import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.core.chain.ChainTip;
import dev.blocksmith.core.chain.Coin;
import dev.blocksmith.core.tx.OutPoint;
import dev.blocksmith.rpc.RpcException;
import java.util.function.BiPredicate;

/**
 * A pass over the whole UTXO set that matches one tip (bitcoind's gettxoutsetinfo: FlushStateToDisk, then a cursor on
 * the coins database). The coins cache is written to the database first, with the tip it describes, in one batch, and
 * a store scan reads one consistent view. Blocks connected meanwhile change only the cache; the database's coins change
 * only at the next flush, which also moves the flushed tip. So when the flushed tip is still ours after the pass, the
 * scanned coins are exactly that tip's UTXO set, however far the chain went on; otherwise the pass is repeated.
 */
final class UtxoSetScan {
    private static final int ATTEMPTS = 3;

    private UtxoSetScan() {}

    /** A restartable pass: {@code reset} before each attempt, then {@code visit} per coin in key order. */
    interface Pass extends BiPredicate<OutPoint, Coin> {
        void reset();
    }

    /** Runs the pass; returns the tip the coins belong to. */
    static ChainTip run(ChainManager chain, Pass pass) throws RpcException {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            ChainTip before = chain.flushCoins();
            pass.reset();
            chain.db().forEachCoin(pass::test);
            if (chain.flushedTip().hash().equals(before.hash())) {
                return before;
            }
        }
        throw RpcException.misc("The chain state was flushed again during each UTXO set scan; try again");
    }
}
