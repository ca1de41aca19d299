package dev.blocksmith.miner.sha;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blocksmith.core.block.BlockHeader;
import dev.blocksmith.core.crypto.Hashes;
import dev.blocksmith.core.params.Networks;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class Sha256dKernelTest {

    static List<Supplier<Sha256dKernel>> kernels() {
        return List.of(Sha256dKernels::portable, Sha256dKernels::intrinsic);
    }

    @Test
    void intrinsicKernelIsSelectedWhenTheJdkInternalsAreOpened() {
        // The module's surefire argLine opens sun.security.provider; without it this test, rather than
        // the parameterised ones below, tells that the fast kernel was not exercised.
        assertThat(Sha256dKernels.intrinsicAvailable()).isTrue();
        assertThat(Sha256dKernels.best().name()).isEqualTo("jdk-intrinsic");
        assertThat(Sha256dKernels.performanceWarning()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void hashMatchesSha256dOverRandomHeaders(Supplier<Sha256dKernel> factory) {
        Sha256dKernel kernel = factory.get();
        SplittableRandom random = new SplittableRandom(42);
        byte[] header = new byte[80];
        byte[] out = new byte[32];
        for (int i = 0; i < 2000; i++) {
            random.nextBytes(header);
            kernel.load(header);
            // Several nonces per loaded header: the midstate must survive between nonces.
            for (int j = 0; j < 3; j++) {
                int nonce = random.nextInt();
                setNonce(header, nonce);
                kernel.hash(nonce, out);
                assertThat(out).isEqualTo(Hashes.sha256d(header));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void genesisHeaderHashesToTheGenesisHash(Supplier<Sha256dKernel> factory) {
        BlockHeader genesis = Networks.MAIN.genesis().header();
        Sha256dKernel kernel = factory.get();
        kernel.load(genesis.serialize());
        byte[] out = new byte[32];
        kernel.hash((int) genesis.nonce(), out);
        assertThat(out).isEqualTo(Networks.MAIN.genesisHash().bytes());
        assertThat(kernel.scan((int) genesis.nonce() - 5, 10, 0)).isEqualTo(genesis.nonce());
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void scanReturnsTheFirstNonceWhoseTopWordIsWithinTheLimit(Supplier<Sha256dKernel> factory) {
        Sha256dKernel kernel = factory.get();
        SplittableRandom random = new SplittableRandom(7);
        byte[] header = new byte[80];
        random.nextBytes(header);
        kernel.load(header);
        int limit = 0x00ffffff; // about one nonce in 256 qualifies
        int start = -3000; // crosses the unsigned wrap from 0xffffffff to 0
        int count = 6000;
        int expected = -1;
        for (int i = 0; i < count; i++) {
            int nonce = start + i;
            setNonce(header, nonce);
            byte[] h = Hashes.sha256d(header);
            int top = (h[28] & 0xff) | (h[29] & 0xff) << 8 | (h[30] & 0xff) << 16 | (h[31] & 0xff) << 24;
            if (Integer.compareUnsigned(top, limit) <= 0) {
                long found = kernel.scan(start, count, limit);
                assertThat(found).isEqualTo(Integer.toUnsignedLong(nonce));
                expected = nonce;
                break;
            }
        }
        assertThat(expected).as("the fixture must contain a candidate").isNotEqualTo(-1);
        assertThat(kernel.scan(expected + 1, 0, limit)).isEqualTo(-1);
        assertThat(kernel.scan(expected, 1, 0xffffffff)).isEqualTo(Integer.toUnsignedLong(expected));
    }

    @Test
    void bothKernelsAgreeOnScanResults() {
        Sha256dKernel portable = Sha256dKernels.portable();
        Sha256dKernel intrinsic = Sha256dKernels.intrinsic();
        SplittableRandom random = new SplittableRandom(99);
        byte[] header = new byte[80];
        for (int i = 0; i < 20; i++) {
            random.nextBytes(header);
            portable.load(header);
            intrinsic.load(header);
            int first = random.nextInt();
            long a = -1;
            int next = first;
            for (int k = 0; k < 5; k++) {
                a = portable.scan(next, 5000, 0x01ffffff);
                assertThat(intrinsic.scan(next, 5000, 0x01ffffff)).isEqualTo(a);
                if (a < 0) break;
                next = (int) a + 1;
            }
        }
    }

    static void setNonce(byte[] header, int nonce) {
        header[76] = (byte) nonce;
        header[77] = (byte) (nonce >>> 8);
        header[78] = (byte) (nonce >>> 16);
        header[79] = (byte) (nonce >>> 24);
    }
}
