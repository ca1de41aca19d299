package dev.blocksmith.miner;

import dev.blocksmith.core.block.BlockHeader;
import dev.blocksmith.core.crypto.Hashes;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.miner.sha.Sha256dKernel;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A fake chain for miner tests: tip {@code i} is a made-up block hash, and a job on tip {@code i}
 * produces headers whose merkle root starts with the extranonce, so kernels can tell the work apart.
 */
final class FakeTips {
    static final long MIN_TIME = 1_700_000_000L;

    private FakeTips() {
    }

    static Sha256Hash tip(int i) {
        return Hashes.hash256(ByteBuffer.allocate(4).putInt(i).array());
    }

    static MiningJob job(int tip, long bits) {
        Sha256Hash prev = tip(tip);
        return new MiningJob("tip-" + tip, MIN_TIME, (extraNonce, time) -> header(prev, extraNonce, time, bits));
    }

    static BlockHeader header(Sha256Hash prev, long extraNonce, long time, long bits) {
        byte[] root = Hashes.sha256(prev.bytes());
        ByteBuffer.wrap(root).order(ByteOrder.LITTLE_ENDIAN).putLong(0, extraNonce);
        return new BlockHeader(0x20000000, prev, Sha256Hash.wrap(root), time, bits, 0);
    }

    /** The tip index a serialized header builds on, searching tips 0..limit-1; -1 if none. */
    static int tipOf(byte[] header80, int limit) {
        Sha256Hash prev = Sha256Hash.wrap(Arrays.copyOfRange(header80, 4, 36));
        for (int i = 0; i < limit; i++) {
            if (tip(i).equals(prev)) return i;
        }
        return -1;
    }

    static long extraNonceOf(byte[] header80) {
        return ByteBuffer.wrap(header80).order(ByteOrder.LITTLE_ENDIAN).getLong(36);
    }

    /** Delegating kernel that remembers which tip the loaded header builds on; tests extend it. */
    static class TipAwareKernel implements Sha256dKernel {
        final Sha256dKernel delegate;
        final int tips;
        int loadedTip = -1;

        TipAwareKernel(Sha256dKernel delegate, int tips) {
            this.delegate = delegate;
            this.tips = tips;
        }

        @Override
        public String name() {
            return "tip-aware(" + delegate.name() + ")";
        }

        @Override
        public void load(byte[] header80) {
            loadedTip = tipOf(header80, tips);
            delegate.load(header80);
        }

        @Override
        public long scan(int firstNonce, int count, int topWordLimit) {
            return delegate.scan(firstNonce, count, topWordLimit);
        }

        @Override
        public void hash(int nonce, byte[] out32) {
            delegate.hash(nonce, out32);
        }
    }
}
