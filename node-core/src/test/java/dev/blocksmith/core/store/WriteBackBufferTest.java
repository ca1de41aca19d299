package dev.blocksmith.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WriteBackBufferTest {
    private static final StoreSegment SEG = StoreSegment.ADDR_INDEX;
    private final MemoryKeyValueStore store = new MemoryKeyValueStore();
    private final WriteBackBuffer buffer = new WriteBackBuffer(store);

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private void storePut(String k, String v) {
        try (WriteBatch w = store.newBatch()) {
            w.put(SEG, b(k), b(v));
            w.commit();
        }
    }

    private void buffered(String k, String v) {
        try (WriteBatch w = buffer.newBatch()) {
            if (v == null) w.delete(SEG, b(k));
            else w.put(SEG, b(k), b(v));
            w.commit();
        }
    }

    private List<String> scan(KeyValueView view, String prefix) {
        List<String> out = new ArrayList<>();
        view.scan(SEG, b(prefix), (k, v) -> out.add(new String(k, StandardCharsets.ISO_8859_1) + "=" + new String(v, StandardCharsets.ISO_8859_1)));
        return out;
    }

    @Test
    void bufferedWritesOverlayTheStoreInKeyOrder() {
        storePut("a1", "s");
        storePut("a3", "s");
        storePut("a5", "s");
        storePut("b1", "s");
        buffered("a0", "n");
        buffered("a3", "n");
        buffered("a5", null);
        buffered("a9", "n");
        buffered("b0", "n");

        assertThat(scan(buffer, "a")).containsExactly("a0=n", "a1=s", "a3=n", "a9=n");
        assertThat(scan(buffer, "")).containsExactly("a0=n", "a1=s", "a3=n", "a9=n", "b0=n", "b1=s");
        assertThat(buffer.get(SEG, b("a3"))).hasValueSatisfying(v -> assertThat(v).isEqualTo(b("n")));
        assertThat(buffer.get(SEG, b("a5"))).isEmpty();
        assertThat(buffer.get(SEG, b("a1"))).hasValueSatisfying(v -> assertThat(v).isEqualTo(b("s")));
        // Nothing reached the store.
        assertThat(scan(store, "")).containsExactly("a1=s", "a3=s", "a5=s", "b1=s");
        assertThat(buffer.size()).isEqualTo(5);
    }

    @Test
    void aScanStopsWhereTheVisitorSaysSoWhicheverSideTheEntryCameFrom() {
        storePut("k2", "s");
        storePut("k4", "s");
        buffered("k1", "n");
        buffered("k3", "n");
        buffered("k5", "n");
        for (int stopAfter = 1; stopAfter <= 5; stopAfter++) {
            List<String> seen = new ArrayList<>();
            int limit = stopAfter;
            buffer.scan(SEG, b("k"), (k, v) -> {
                seen.add(new String(k, StandardCharsets.ISO_8859_1));
                return seen.size() < limit;
            });
            assertThat(seen).hasSize(stopAfter).containsExactlyElementsOf(List.of("k1", "k2", "k3", "k4", "k5").subList(0, stopAfter));
        }
    }

    @Test
    void aPrefixEndingInFfBytesStillBoundsTheBufferedRange() {
        buffered("a\u00ff", "1");
        buffered("a\u00ff\u00ff", "2");
        buffered("b", "3");
        storePut("a\u00ff\u0001", "s");
        assertThat(scan(buffer, "a\u00ff")).containsExactly("a\u00ff=1", "a\u00ff\u0001=s", "a\u00ff\u00ff=2");
        assertThat(scan(buffer, "\u00ff")).isEmpty();
    }

    @Test
    void writeToMovesEveryWriteIntoTheStoresBatchAndClearForgetsThem() {
        storePut("x1", "s");
        storePut("x2", "s");
        buffered("x1", null);
        buffered("x3", "n");
        buffered("x4", "n");
        buffered("x4", null); // created and deleted before the flush: written as a delete of nothing
        List<String> before = scan(buffer, "x");
        try (WriteBatch w = store.newBatch()) {
            buffer.writeTo(w);
            w.commit();
        }
        // Between the commit and the clear both hold the entries: the view is the same.
        assertThat(scan(buffer, "x")).isEqualTo(before);
        buffer.clear();
        assertThat(buffer.size()).isZero();
        assertThat(buffer.usageBytes()).isZero();
        assertThat(scan(buffer, "x")).isEqualTo(before).containsExactly("x2=s", "x3=n");
        assertThat(scan(store, "x")).containsExactly("x2=s", "x3=n");
    }

    @Test
    void aBatchIsSeenWholeOnlyOnceCommittedAndItsUsageIsCounted() {
        try (WriteBatch w = buffer.newBatch()) {
            w.put(SEG, b("p1"), b("0123456789"));
            w.put(SEG, b("p2"), b("v"));
            assertThat(scan(buffer, "p")).isEmpty();
            w.commit();
        }
        assertThat(scan(buffer, "p")).containsExactly("p1=0123456789", "p2=v");
        // Keys, values and each value's flag byte (whether the store may hold the key).
        assertThat(buffer.usageBytes()).isEqualTo(2 * WriteBackBuffer.ENTRY_OVERHEAD_BYTES + 2 + 11 + 2 + 2);
        buffered("p1", "ab");
        assertThat(buffer.usageBytes()).isEqualTo(2 * WriteBackBuffer.ENTRY_OVERHEAD_BYTES + 2 + 3 + 2 + 2);
        try (WriteBatch w = buffer.newBatch()) {
            w.put(SEG, b("p3"), b("v"));
            // closed without commit: dropped
        }
        assertThat(buffer.get(SEG, b("p3"))).isEmpty();
    }

    private void bufferedNew(String k, String v) {
        try (WriteBatch w = buffer.newBatch()) {
            w.putNew(SEG, b(k), b(v));
            w.commit();
        }
    }

    @Test
    void aNewKeyDeletedBeforeTheFlushIsForgottenNotWrittenAsADelete() {
        storePut("u0", "s");
        bufferedNew("u1", "n");
        buffered("u1", null);
        assertThat(buffer.size()).isZero();
        assertThat(buffer.usageBytes()).isZero();
        // A key that may be in the store keeps its delete: a put over a delete is not new, even when asked as new.
        buffered("u0", null);
        bufferedNew("u0", "n");
        buffered("u0", null);
        bufferedNew("u2", "n");
        buffered("u2", "m");
        buffered("u2", null);
        List<String> deletes = new ArrayList<>();
        List<String> puts = new ArrayList<>();
        buffer.writeTo(new WriteBatch() {
            @Override
            public void put(StoreSegment segment, byte[] key, byte[] value) {
                puts.add(new String(key, StandardCharsets.ISO_8859_1));
            }

            @Override
            public void delete(StoreSegment segment, byte[] key) {
                deletes.add(new String(key, StandardCharsets.ISO_8859_1));
            }

            @Override
            public void commit(boolean sync) {
            }

            @Override
            public void close() {
            }
        });
        assertThat(puts).isEmpty();
        assertThat(deletes).containsExactly("u0", "u2");
        assertThat(scan(buffer, "u")).isEmpty();
    }
}
