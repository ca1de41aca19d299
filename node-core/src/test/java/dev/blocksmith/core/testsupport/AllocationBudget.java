package dev.blocksmith.core.testsupport;

import java.lang.management.ManagementFactory;

/**
 * Checks that a decoder allocated memory in proportion to the bytes it was given, the fuzz harnesses'
 * "bounded allocation" property: a decoder that sizes an array or list by an untrusted count before
 * checking it against the bytes left allocates far more than its input justifies, and this notices it.
 * Measured with the JVM's per-thread allocation counter, so it sees every object the decoder created,
 * including the ones already garbage when it returned or threw.
 */
public final class AllocationBudget {
    /**
     * Decoded objects are bigger than their encoding: an empty witness item is one byte on the wire and a
     * 16-byte array plus a list slot in memory; a failing decode also builds an exception with its stack
     * trace. Sixty-four bytes per input byte and a fixed 64 KiB cover those with room, while one list or
     * array sized by a hostile count (the cases this guards against) costs hundreds of kilobytes.
     */
    public static final long PER_INPUT_BYTE = 64;
    public static final long FIXED = 64 * 1024;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private AllocationBudget() {
    }

    /**
     * Runs {@code decode} (which must swallow the decoder's expected errors) and fails if it allocated more
     * than the budget for {@code inputLength} bytes. Harnesses call this after they decoded the same input
     * once, so that loading and instrumenting classes on a newly reached path is not counted; an excess is
     * measured a second time before it is reported, for the same reason.
     */
    public static void check(int inputLength, String what, Runnable decode) {
        long budget = FIXED + PER_INPUT_BYTE * inputLength;
        long used = measure(decode);
        if (used <= budget) return;
        used = measure(decode);
        if (used > budget) {
            throw new AssertionError(what + " allocated " + used + " bytes for " + inputLength
                    + " input bytes (budget " + budget + ")");
        }
    }

    private static long measure(Runnable decode) {
        long start = THREADS.getCurrentThreadAllocatedBytes();
        decode.run();
        return THREADS.getCurrentThreadAllocatedBytes() - start;
    }
}
