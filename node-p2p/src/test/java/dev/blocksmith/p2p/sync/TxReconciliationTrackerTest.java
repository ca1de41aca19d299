package dev.blocksmith.p2p.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class TxReconciliationTrackerTest {
    @Test
    void registrationNeedsOurOfferFirstAndHappensOnce() {
        TxReconciliationTracker t = new TxReconciliationTracker(new Random(1));
        assertThat(t.register(1, true, 1, 42)).isEqualTo(TxReconciliationTracker.RegisterResult.NOT_FOUND);
        t.preRegister(1);
        assertThat(t.isRegistered(1)).isFalse();
        // A peer's higher version is fine: the common one is ours.
        assertThat(t.register(1, true, 2, 42)).isEqualTo(TxReconciliationTracker.RegisterResult.SUCCESS);
        assertThat(t.isRegistered(1)).isTrue();
        assertThat(t.register(1, true, 1, 42)).isEqualTo(TxReconciliationTracker.RegisterResult.ALREADY_REGISTERED);
        t.forget(1);
        assertThat(t.isRegistered(1)).isFalse();
    }

    @Test
    void versionZeroIsAProtocolViolation() {
        TxReconciliationTracker t = new TxReconciliationTracker(new Random(2));
        t.preRegister(7);
        assertThat(t.register(7, false, 0, 5)).isEqualTo(TxReconciliationTracker.RegisterResult.PROTOCOL_VIOLATION);
        assertThat(t.isRegistered(7)).isFalse();
    }
}
