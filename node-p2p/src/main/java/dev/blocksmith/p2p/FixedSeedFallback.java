package dev.blocksmith.p2p;

import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * bitcoind's fixed-seed fallback (-fixedseeds, part of ThreadOpenConnections): the addresses compiled into the
 * node are added to the address manager once, and only for reachable networks of which it knows no address.
 * Other sources come first: with DNS seeds, -seednode or -addnode the node waits 60 seconds (node time, so
 * mock time counts) after its automatic connections started; without any of them the seeds are added at once.
 * Not thread-safe: asked on the connection task only.
 */
final class FixedSeedFallback {
    private static final Logger log = LoggerFactory.getLogger(FixedSeedFallback.class);
    /** How long the other address sources get before the fixed seeds are used. */
    static final long WAIT_SECONDS = 60;

    /** The address families Blocksmith connects to (bitcoind's reachable networks without -onlynet). */
    enum Net { IPV4, IPV6 }

    private final List<InetSocketAddress> seeds;
    private final boolean dnsSeed;
    private final boolean seedNodesGiven;
    private final long startSeconds;
    private boolean pending;

    /**
     * @param enabled -fixedseeds
     * @param seeds the network's fixed seed addresses
     * @param dnsSeed -dnsseed
     * @param seedNodesGiven whether any -seednode was given
     * @param startSeconds node time at which automatic connections started
     */
    FixedSeedFallback(boolean enabled, List<InetSocketAddress> seeds, boolean dnsSeed, boolean seedNodesGiven, long startSeconds) {
        this.seeds = List.copyOf(seeds);
        this.dnsSeed = dnsSeed;
        this.seedNodesGiven = seedNodesGiven;
        this.startSeconds = startSeconds;
        this.pending = enabled;
        if (!enabled) log.info("Fixed seeds are disabled");
    }

    static Net netOf(InetSocketAddress a) {
        return a.getAddress() instanceof Inet4Address ? Net.IPV4 : Net.IPV6;
    }

    /**
     * One round of the connection task.
     *
     * @param nowSeconds node time
     * @param reachableEmpty reachable networks of which the address manager knows no address (asked only while
     *     the fallback is pending)
     * @param addedNodesGiven whether any -addnode (or addnode RPC) peer is configured
     * @return the seeds to add now (those of {@code reachableEmpty}), once; empty before and after
     */
    Optional<List<InetSocketAddress>> poll(long nowSeconds, Supplier<Set<Net>> reachableEmptyNetworks, boolean addedNodesGiven) {
        if (!pending) return Optional.empty();
        Set<Net> reachableEmpty = reachableEmptyNetworks.get();
        if (reachableEmpty.isEmpty()) return Optional.empty();
        if (nowSeconds > startSeconds + WAIT_SECONDS) {
            log.info("Adding fixed seeds as 60 seconds have passed and addrman is empty for at least one reachable network");
        } else if (!dnsSeed && !seedNodesGiven && !addedNodesGiven) {
            log.info("Adding fixed seeds as -dnsseed=0 (or IPv4/IPv6 connections are disabled via -onlynet) and neither -addnode nor -seednode are provided");
        } else {
            return Optional.empty();
        }
        pending = false;
        List<InetSocketAddress> add = new ArrayList<>();
        for (InetSocketAddress s : seeds) {
            if (reachableEmpty.contains(netOf(s))) add.add(s);
        }
        log.info("Added {} fixed seeds from reachable networks.", add.size());
        return Optional.of(add);
    }
}
