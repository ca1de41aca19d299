package dev.blocksmith.cli.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
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
    void withoutALauncherBudgetTheUtxoCacheNeverTakesMoreThanHalfTheHeap() {
        // A heap set by hand (BLOCKSMITH_JAVA_OPTS=-Xmx256m): the launcher set nothing aside.
        DbCacheSplit split = DbCacheSplit.of(450, 256 * MIB);
        assertThat(split.coinsBytes()).isEqualTo(128 * MIB);
        assertThat(split.capped()).isTrue();
    }

    @Test
    void theLaunchersBudgetLetsTheCacheHaveAllOfDbcache() {
        // scripts/java-heap.sh on regtest: -Xmx881m = 450 + 287 (-maxmempool=300) + 144, 450 MiB set aside for the
        // cache; half of the heap (440 MiB of Runtime.maxMemory(), which leaves out a survivor space) would not do.
        DbCacheSplit split = DbCacheSplit.of(450, 865 * MIB, 450 * MIB);
        assertThat(split.coinsBytes()).isEqualTo(440 * MIB);
        assertThat(split.capped()).isFalse();
    }

    @Test
    void aHeapCappedByTheContainerStillGivesTheCacheHalfOfIt() {
        // A 512 MiB container: the script caps the heap at 256 MiB and sets nothing aside for the cache.
        DbCacheSplit split = DbCacheSplit.of(450, 256 * MIB, 0);
        assertThat(split.coinsBytes()).isEqualTo(128 * MIB);
        assertThat(split.capped()).isTrue();
        // A budget larger than the heap (a property set by hand) never lets the cache past the heap.
        assertThat(DbCacheSplit.of(4000, 1000 * MIB, 5000 * MIB).coinsBytes()).isEqualTo(1000 * MIB);
    }

    @Test
    void theBudgetPropertyIsReadAsMiB() {
        assertThat(DbCacheSplit.heapBudgetBytes(Optional.of("450"))).isEqualTo(450 * MIB);
        assertThat(DbCacheSplit.heapBudgetBytes(Optional.of("x"))).isZero();
        assertThat(DbCacheSplit.heapBudgetBytes(Optional.of("-5"))).isZero();
        assertThat(DbCacheSplit.heapBudgetBytes(Optional.empty())).isZero();
    }
}
