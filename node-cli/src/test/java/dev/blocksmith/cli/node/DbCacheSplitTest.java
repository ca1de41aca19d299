package dev.blocksmith.cli.node;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DbCacheSplitTest {
    private static final long MIB = 1024 * 1024;

    @Test
    void bitcoindsDefaultGivesMostOfTheCacheToTheUtxoSet() {
        DbCacheSplit split = DbCacheSplit.of(450, 12_000 * MIB);
        // bitcoind: 2 MiB for the block index, 8 MiB for the coins database, 440 MiB for the coins cache.
        assertThat(split.databaseMiB()).isEqualTo(10);
        assertThat(split.coinsBytes()).isEqualTo(440 * MIB);
        assertThat(split.capped()).isFalse();
    }

    @Test
    void smallCachesKeepAFloorForTheDatabase() {
        assertThat(DbCacheSplit.of(4, 1_000 * MIB)).isEqualTo(new DbCacheSplit(4, 0, false));
        assertThat(DbCacheSplit.of(16, 1_000 * MIB)).isEqualTo(new DbCacheSplit(9, 7 * MIB, false));
        assertThat(DbCacheSplit.of(100, 1_000 * MIB)).isEqualTo(new DbCacheSplit(10, 90 * MIB, false));
    }

    @Test
    void theUtxoCacheNeverTakesMoreThanHalfTheHeap() {
        // A 512 MiB container: the launcher's MaxRAMPercentage=50 gives a 256 MiB heap.
        DbCacheSplit split = DbCacheSplit.of(450, 256 * MIB);
        assertThat(split.coinsBytes()).isEqualTo(128 * MIB);
        assertThat(split.capped()).isTrue();
    }
}
