package dev.blocksmith.core.consensus;

import dev.blocksmith.core.chain.BlockIndex;
import dev.blocksmith.core.params.Bip9Deployment;
import dev.blocksmith.core.params.NetworkParams;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The BIP9 state machine (bitcoind's versionbits.cpp): the state of each deployment for the block after
 * a given one, the height since which that state holds, the signalling statistics of the current
 * period, and the block version a miner signals with. States are computed per period and cached by the
 * hash of the period's last block, so a chain walk happens once per period.
 */
public final class VersionBits {
    /** The three top bits of a version-bits block version: 001. */
    public static final int TOP_BITS = 0x20000000;
    public static final int TOP_MASK = 0xE0000000;

    public enum State {
        DEFINED, STARTED, LOCKED_IN, ACTIVE, FAILED;

        /** The name getdeploymentinfo reports. */
        public String rpcName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Signalling in the period of a block, up to and including it (bitcoind's BIP9Stats). */
    public record Statistics(int period, int threshold, int elapsed, int count, boolean possible, List<Boolean> signals) {
    }

    /** Cache per deployment name: period-end block hash (or "" for before genesis) to state. */
    private final Map<String, Map<Object, State>> cache = new ConcurrentHashMap<>();

    private static final Object BEFORE_GENESIS = new Object();

    /** Whether a block of {@code version} signals for {@code d}. */
    public static boolean signals(int version, Bip9Deployment d) {
        return (version & TOP_MASK) == TOP_BITS && (version & d.mask()) != 0;
    }

    /** The state of {@code d} for the block after {@code prev} (null: for genesis). */
    public State state(BlockIndex prev, Bip9Deployment d) {
        if (d.startTime() == Bip9Deployment.ALWAYS_ACTIVE) return State.ACTIVE;
        if (d.startTime() == Bip9Deployment.NEVER_ACTIVE) return State.FAILED;
        return thresholdState(prev, d.name(), d, b -> signals(b.header().version(), d));
    }

    /**
     * bitcoind's AbstractThresholdConditionChecker::GetStateFor: the BIP9 state machine of {@code d}'s times,
     * period and threshold for the block after {@code prev}, counting the blocks that meet {@code condition};
     * states are cached per period under {@code cacheKey}.
     */
    private State thresholdState(BlockIndex prev, String cacheKey, Bip9Deployment d, Predicate<BlockIndex> condition) {
        Map<Object, State> byPeriod = cache.computeIfAbsent(cacheKey, k -> new ConcurrentHashMap<>());
        int period = d.period();
        // The state only changes at period boundaries: look at the last block of the previous period.
        if (prev != null) prev = prev.ancestor(prev.height() - ((prev.height() + 1) % period));
        Deque<BlockIndex> toCompute = new ArrayDeque<>();
        State state;
        while (true) {
            Object key = prev == null ? BEFORE_GENESIS : prev.hash();
            State known = byPeriod.get(key);
            if (known != null) {
                state = known;
                break;
            }
            if (prev == null) {
                state = State.DEFINED;
                byPeriod.put(key, state);
                break;
            }
            if (prev.medianTimePast() < d.startTime()) {
                // Before the start time nothing can have happened: DEFINED here and before.
                state = State.DEFINED;
                byPeriod.put(key, state);
                break;
            }
            toCompute.push(prev);
            prev = prev.ancestor(prev.height() - period);
        }
        while (!toCompute.isEmpty()) {
            BlockIndex end = toCompute.pop();
            State next = state;
            switch (state) {
                case DEFINED -> {
                    if (end.medianTimePast() >= d.startTime()) next = State.STARTED;
                }
                case STARTED -> {
                    int count = 0;
                    BlockIndex walk = end;
                    for (int i = 0; i < period; i++) {
                        if (condition.test(walk)) count++;
                        walk = walk.prev();
                    }
                    if (count >= d.threshold()) {
                        next = State.LOCKED_IN;
                    } else if (end.medianTimePast() >= d.timeout()) {
                        next = State.FAILED;
                    }
                }
                case LOCKED_IN -> {
                    if (end.height() + 1 >= d.minActivationHeight()) next = State.ACTIVE;
                }
                case ACTIVE, FAILED -> {
                }
            }
            state = next;
            byPeriod.put(end.hash(), state);
        }
        return state;
    }

    /**
     * bitcoind's CheckUnknownActivations (its WarningBitsConditionChecker): the version bits that a threshold of a
     * period's blocks set although this node's known deployments did not ask for them, from the network's
     * MinBIP9WarningHeight on, and that are now locked in or active under the BIP9 rules (start 0, no timeout, the
     * network's signalling window and threshold). Such blocks follow rules this node does not know.
     */
    public List<Integer> unknownActivations(BlockIndex tip, NetworkParams params) {
        if (params.bip9Deployments().isEmpty()) return List.of();
        // Every deployment of a network shares its window and threshold (bitcoind's nMinerConfirmationWindow and
        // nRuleChangeActivationThreshold); testdummy is always there.
        Bip9Deployment window = params.bip9Deployments().get(0);
        int minHeight = minBip9WarningHeight(params);
        List<Integer> bits = new ArrayList<>();
        for (int bit = 0; bit <= 28; bit++) {
            int mask = 1 << bit;
            Bip9Deployment checker = new Bip9Deployment("unknown bit " + bit, bit, 0, Bip9Deployment.NO_TIMEOUT, 0,
                    window.period(), window.threshold());
            State s = thresholdState(tip, "warning-bit-" + bit, checker, b -> b.height() >= minHeight
                    && (b.header().version() & TOP_MASK) == TOP_BITS && (b.header().version() & mask) != 0
                    && (blockVersion(b.prev(), params) & mask) == 0);
            if (s == State.LOCKED_IN || s == State.ACTIVE) bits.add(bit);
        }
        return bits;
    }

    /**
     * bitcoind's consensus.MinBIP9WarningHeight: on main and testnet3 the segwit activation height plus one window
     * (blocks before it signalled for deployments that predate this table), 0 on the younger networks.
     */
    static int minBip9WarningHeight(NetworkParams params) {
        return switch (params.name()) {
            case "main" -> 481824 + 2016;
            case "test" -> 834624 + 2016;
            default -> 0;
        };
    }

    /** The first height at which the state for the block after {@code prev} held (bitcoind's StateSinceHeight). */
    public int stateSinceHeight(BlockIndex prev, Bip9Deployment d) {
        if (d.startTime() == Bip9Deployment.ALWAYS_ACTIVE || d.startTime() == Bip9Deployment.NEVER_ACTIVE) return 0;
        State initial = state(prev, d);
        if (initial == State.DEFINED) return 0;
        int period = d.period();
        // A state other than DEFINED needs at least one full period behind it, so prev is not null here.
        prev = prev.ancestor(prev.height() - ((prev.height() + 1) % period));
        BlockIndex previousPeriod = prev.ancestor(prev.height() - period);
        while (previousPeriod != null && state(previousPeriod, d) == initial) {
            prev = previousPeriod;
            previousPeriod = prev.ancestor(prev.height() - period);
        }
        return prev.height() + 1;
    }

    /** Signalling in the period of {@code block} up to and including it. */
    public Statistics statistics(BlockIndex block, Bip9Deployment d) {
        int period = d.period();
        int elapsed = 1 + block.height() % period;
        Boolean[] signalled = new Boolean[elapsed];
        int count = 0;
        BlockIndex walk = block;
        for (int i = elapsed - 1; i >= 0; i--) {
            boolean s = signals(walk.header().version(), d);
            signalled[i] = s;
            if (s) count++;
            walk = walk.prev();
        }
        boolean possible = period - d.threshold() >= elapsed - count;
        return new Statistics(period, d.threshold(), elapsed, count, possible, List.of(signalled));
    }

    /**
     * The version a block built on {@code prev} carries (bitcoind's ComputeBlockVersion): the top bits
     * plus the bit of every deployment that is started or locked in.
     */
    public int blockVersion(BlockIndex prev, NetworkParams params) {
        int version = TOP_BITS;
        for (Bip9Deployment d : params.bip9Deployments()) {
            State s = state(prev, d);
            if (s == State.STARTED || s == State.LOCKED_IN) version |= d.mask();
        }
        return version;
    }

    /** The deployments of {@code params} that exist on the network, in bitcoind's report order. */
    public static List<Bip9Deployment> enabled(NetworkParams params) {
        List<Bip9Deployment> out = new ArrayList<>();
        for (Bip9Deployment d : params.bip9Deployments()) {
            if (d.enabled()) out.add(d);
        }
        return out;
    }
}
