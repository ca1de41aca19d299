package dev.blocksmith.core.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blocksmith.core.block.BlockHeader;
import dev.blocksmith.core.chain.BlockIndex;
import dev.blocksmith.core.chain.ChainManager;
import dev.blocksmith.core.chain.ChainOptions;
import dev.blocksmith.core.consensus.VersionBits.State;
import dev.blocksmith.core.params.Bip9Deployment;
import dev.blocksmith.core.params.NetworkParams;
import dev.blocksmith.core.params.Networks;
import dev.blocksmith.core.primitives.Sha256Hash;
import dev.blocksmith.core.store.MemoryKeyValueStore;
import dev.blocksmith.core.testing.RejectSpendsVerifier;
import dev.blocksmith.core.testing.TestBlocks;
import java.util.Collections;
import org.junit.jupiter.api.Test;

/** BIP9 on regtest's testdummy deployment (bit 28, 144-block periods, threshold 108), over headers only. */
class VersionBitsTest {
    private static final NetworkParams PARAMS = Networks.REGTEST;
    private static final Bip9Deployment TESTDUMMY = PARAMS.bip9Deployments().get(0);
    private static final Bip9Deployment TAPROOT = PARAMS.bip9Deployments().get(1);
    private static final int SIGNAL = VersionBits.TOP_BITS | (1 << 28);

    private final ChainManager chain = ChainManager.open(PARAMS, new MemoryKeyValueStore(), new RejectSpendsVerifier(),
            ChainOptions.defaults(), () -> 2_000_000_000L);
    private final VersionBits bits = chain.versionBits();
    private BlockIndex tip = chain.tip().index();

    private void extend(int count, int signalling) throws ValidationException {
        for (int i = 0; i < count; i++) {
            int version = i < signalling ? SIGNAL : VersionBits.TOP_BITS;
            BlockHeader h = new BlockHeader(version, tip.hash(), Sha256Hash.ZERO, tip.time() + 1, PARAMS.powLimitBits(), 0);
            tip = chain.processHeader(TestBlocks.solve(h, PARAMS));
        }
    }

    @Test
    void regtestDeploymentsAreBitcoinds() {
        assertThat(TESTDUMMY).isEqualTo(new Bip9Deployment("testdummy", 28, 0, Long.MAX_VALUE, 0, 144, 108));
        assertThat(TAPROOT.startTime()).isEqualTo(Bip9Deployment.ALWAYS_ACTIVE);
        assertThat(bits.state(tip, TAPROOT)).isEqualTo(State.ACTIVE);
        assertThat(bits.stateSinceHeight(tip, TAPROOT)).isZero();
    }

    @Test
    void definedThenStartedThenLockedInThenActive() throws Exception {
        assertThat(bits.state(tip, TESTDUMMY)).isEqualTo(State.DEFINED);
        assertThat(bits.state(null, TESTDUMMY)).isEqualTo(State.DEFINED);
        extend(143, 0);
        assertThat(tip.height()).isEqualTo(143);
        assertThat(bits.state(tip.prev(), TESTDUMMY)).isEqualTo(State.DEFINED);
        // The first period ends with a median time past >= the start time (0): started from 144.
        assertThat(bits.state(tip, TESTDUMMY)).isEqualTo(State.STARTED);
        assertThat(bits.stateSinceHeight(tip, TESTDUMMY)).isEqualTo(144);
        assertThat(bits.blockVersion(tip, PARAMS)).isEqualTo(0x30000000);

        extend(144, 108);
        assertThat(tip.height()).isEqualTo(287);
        assertThat(bits.state(tip.prev(), TESTDUMMY)).isEqualTo(State.STARTED);
        assertThat(bits.state(tip, TESTDUMMY)).isEqualTo(State.LOCKED_IN);
        assertThat(bits.stateSinceHeight(tip, TESTDUMMY)).isEqualTo(288);
        assertThat(bits.stateSinceHeight(tip.prev(), TESTDUMMY)).isEqualTo(144);
        VersionBits.Statistics stats = bits.statistics(tip, TESTDUMMY);
        assertThat(stats.elapsed()).isEqualTo(144);
        assertThat(stats.count()).isEqualTo(108);
        assertThat(stats.possible()).isTrue();
        assertThat(stats.signals().subList(0, 108)).containsOnly(true);
        assertThat(stats.signals().subList(108, 144)).containsOnly(false);
        // Locked in still signals, so the bit stays set for one more period.
        assertThat(bits.blockVersion(tip, PARAMS)).isEqualTo(0x30000000);

        extend(144, 0);
        assertThat(bits.state(tip, TESTDUMMY)).isEqualTo(State.ACTIVE);
        assertThat(bits.stateSinceHeight(tip, TESTDUMMY)).isEqualTo(432);
        assertThat(bits.blockVersion(tip, PARAMS)).isEqualTo(VersionBits.TOP_BITS);
    }

    @Test
    void oneSignalShortOfTheThresholdStaysStarted() throws Exception {
        extend(143, 0);
        extend(144, 107);
        assertThat(bits.state(tip, TESTDUMMY)).isEqualTo(State.STARTED);
        assertThat(bits.stateSinceHeight(tip, TESTDUMMY)).isEqualTo(144);
        extend(37, 0);
        VersionBits.Statistics stats = bits.statistics(tip, TESTDUMMY);
        assertThat(stats.elapsed()).isEqualTo(37);
        assertThat(stats.count()).isZero();
        // 144 - 108 = 36 blocks may miss the signal: 37 missed means activation this period is impossible.
        assertThat(stats.possible()).isFalse();
        assertThat(stats.signals()).isEqualTo(Collections.nCopies(37, false));
    }

    private void extendWithVersion(int count, int signalling, int version) throws ValidationException {
        for (int i = 0; i < count; i++) {
            BlockHeader h = new BlockHeader(i < signalling ? version : VersionBits.TOP_BITS, tip.hash(), Sha256Hash.ZERO,
                    tip.time() + 1, PARAMS.powLimitBits(), 0);
            tip = chain.processHeader(TestBlocks.solve(h, PARAMS));
        }
    }

    /**
     * bitcoind's unknown-rules warning (feature_versionbits_warning): a bit no known deployment asks for, set by a
     * threshold of a period's blocks, is locked in and then active; fewer than the threshold is nothing, and the
     * testdummy bit, which this node's own blocks set while it is started, never counts.
     */
    @Test
    void unknownBitsLockInAtTheThresholdAndKnownOnesNeverCount() throws Exception {
        int unknown = VersionBits.TOP_BITS | (1 << 27);
        extend(143, 0);
        extendWithVersion(144, 107, unknown);
        assertThat(bits.unknownActivations(tip, PARAMS)).isEmpty();
        extendWithVersion(144, 108, unknown);
        assertThat(bits.unknownActivations(tip, PARAMS)).containsExactly(27);
        extendWithVersion(144, 0, unknown);
        assertThat(bits.state(tip, TESTDUMMY)).isEqualTo(State.STARTED);
        assertThat(bits.unknownActivations(tip, PARAMS)).containsExactly(27);
        // Testdummy's bit is expected while it is started: a full period setting it is no warning of its own.
        extend(144, 144);
        assertThat(bits.unknownActivations(tip, PARAMS)).containsExactly(27);
    }
}
