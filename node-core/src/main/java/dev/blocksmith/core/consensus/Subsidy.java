package dev.blocksmith.core.consensus;

import dev.blocksmith.core.params.NetworkParams;

/** Block subsidy: the initial reward halved every {@code subsidyHalvingInterval} blocks. */
public final class Subsidy {
    private Subsidy() {
    }

    public static long at(int height, NetworkParams params) {
        int halvings = height / params.subsidyHalvingInterval();
        // Shifting a long by 64 or more is undefined in spirit (Java masks the count); Core forces zero.
        if (halvings >= 64) return 0;
        return params.initialSubsidy() >> halvings;
    }
}
