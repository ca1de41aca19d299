package dev.blocksmith.core.chain;

import dev.blocksmith.core.primitives.ByteReader;
import dev.blocksmith.core.primitives.ByteWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The coins a connected block spent, per non-coinbase transaction in input order: what disconnecting
 * the block must put back into the UTXO set.
 */
public record BlockUndo(List<List<Coin>> spentByTx) {
    public BlockUndo {
        List<List<Coin>> copy = new ArrayList<>(spentByTx.size());
        for (List<Coin> l : spentByTx) copy.add(List.copyOf(l));
        spentByTx = List.copyOf(copy);
    }

    public byte[] serialize() {
        ByteWriter w = new ByteWriter(1024);
        w.compactSize(spentByTx.size());
        for (List<Coin> coins : spentByTx) {
            w.compactSize(coins.size());
            for (Coin c : coins) c.write(w);
        }
        return w.toByteArray();
    }

    public static BlockUndo deserialize(byte[] bytes) {
        ByteReader r = new ByteReader(bytes);
        int n = r.length();
        List<List<Coin>> all = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int m = r.length();
            List<Coin> coins = new ArrayList<>(m);
            for (int j = 0; j < m; j++) coins.add(Coin.read(r));
            all.add(coins);
        }
        return new BlockUndo(all);
    }
}
