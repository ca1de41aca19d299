package dev.blocksmith.miner.sha;

import dev.blocksmith.core.crypto.Hashes;
import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Chooses the fastest {@link Sha256dKernel} that this JVM can run correctly. */
public final class Sha256dKernels {
    private static final Logger LOG = LoggerFactory.getLogger(Sha256dKernels.class);
    private static final boolean INTRINSIC_OK = checkIntrinsic();

    private Sha256dKernels() {
    }

    /**
     * A new kernel for one mining thread: the JDK-intrinsic one when the JVM was started with
     * {@code --add-opens java.base/sun.security.provider=ALL-UNNAMED} and it passed its self-check,
     * the portable one otherwise.
     */
    public static Sha256dKernel best() {
        return INTRINSIC_OK ? new IntrinsicSha256dKernel() : new PortableSha256dKernel();
    }

    /** Supplier form of {@link #best()}, one kernel per call. */
    public static Supplier<Sha256dKernel> bestFactory() {
        return Sha256dKernels::best;
    }

    /** The pure-Java kernel, available everywhere. */
    public static Sha256dKernel portable() {
        return new PortableSha256dKernel();
    }

    /** Whether {@link #best()} returns the JDK-intrinsic kernel. */
    public static boolean intrinsicAvailable() {
        return INTRINSIC_OK;
    }

    /**
     * The JDK-intrinsic kernel regardless of the self-check (for tests and benchmarks).
     *
     * @throws IllegalStateException if the JDK internals are not opened to this module
     */
    public static Sha256dKernel intrinsic() {
        return new IntrinsicSha256dKernel();
    }

    /**
     * Why hashing will be slow in this JVM, if it will: the portable kernel is in use, or the C2 JIT
     * is off (for example {@code -XX:TieredStopAtLevel=1}). HotSpot's SHA-256 intrinsic exists only in
     * C2-compiled code, so without C2 every kernel runs at well under 1 MH/s per thread.
     */
    public static Optional<String> performanceWarning() {
        List<String> problems = new ArrayList<>();
        if (!INTRINSIC_OK) {
            problems.add("the JDK's SHA-256 internals are not opened (add --add-opens "
                    + "java.base/sun.security.provider=ALL-UNNAMED), so the portable kernel is used");
        }
        try {
            HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            if (hotspot != null && Integer.parseInt(hotspot.getVMOption("TieredStopAtLevel").getValue()) < 4
                    && Boolean.parseBoolean(hotspot.getVMOption("TieredCompilation").getValue())) {
                problems.add("the C2 JIT is disabled by -XX:TieredStopAtLevel, so SHA-NI is not used");
            }
        } catch (RuntimeException e) {
            // Not HotSpot, or the option is unknown: nothing to say about the JIT.
        }
        return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
    }

    /**
     * The intrinsic kernel depends on private JDK code, so before use it must agree with the public
     * MessageDigest path on a few random headers; a JDK that changed those internals falls back.
     */
    private static boolean checkIntrinsic() {
        if (IntrinsicSha256dKernel.access().isPresent()) {
            LOG.info("JDK SHA-256 internals not opened ({}); mining with the portable kernel. Start the JVM with "
                    + "--add-opens java.base/sun.security.provider=ALL-UNNAMED for SHA-NI speed",
                    IntrinsicSha256dKernel.access().get().toString());
            return false;
        }
        try {
            Sha256dKernel kernel = new IntrinsicSha256dKernel();
            SplittableRandom random = new SplittableRandom(0x5eed);
            byte[] header = new byte[80];
            byte[] out = new byte[32];
            for (int i = 0; i < 8; i++) {
                random.nextBytes(header);
                int nonce = random.nextInt();
                kernel.load(header);
                kernel.hash(nonce, out);
                header[76] = (byte) nonce;
                header[77] = (byte) (nonce >>> 8);
                header[78] = (byte) (nonce >>> 16);
                header[79] = (byte) (nonce >>> 24);
                if (!Arrays.equals(out, Hashes.sha256d(header))) {
                    LOG.warn("JDK-intrinsic SHA-256d kernel disagrees with MessageDigest; using the portable kernel");
                    return false;
                }
            }
            return true;
        } catch (RuntimeException e) {
            LOG.warn("JDK-intrinsic SHA-256d kernel unusable ({}); using the portable kernel", e.toString());
            return false;
        }
    }
}
