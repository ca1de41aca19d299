package dev.blocksmith.p2p;

import dev.blocksmith.p2p.addr.AddressManager;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * bitcoind's ThreadDNSAddressSeed, run once on its own thread when -dnsseed is on. With -seednode the seed
 * nodes get 30 seconds first. An empty address manager asks every DNS seed at once; otherwise the node first
 * spends some time on the addresses it knows (11 seconds, or 5 minutes with 1000 of them) and asks three
 * seeds at a time only while it has fewer than two full-relay outbound peers; -forcednsseed asks every seed at once
 * whatever the address manager holds. Behind a name proxy (-proxy)
 * a seed is not resolved here: it becomes an address-fetch connection through the proxy.
 */
final class DnsSeeder implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(DnsSeeder.class);
    /** bitcoind's SEED_OUTBOUND_CONNECTION_THRESHOLD: this many full-relay peers end the seeding. */
    static final int ENOUGH_OUTBOUND = 2;
    private static final long SEEDNODE_TIMEOUT_MILLIS = 30_000;
    private static final long DELAY_FEW_PEERS_SECONDS = 11;
    private static final long DELAY_MANY_PEERS_SECONDS = 300;
    private static final int MANY_PEERS = 1000;
    private static final int SEEDS_AT_ONCE = 3;
    /** At most this many addresses are taken from one seed's answer. */
    private static final int MAX_IPS_PER_SEED = 32;

    /** Name resolution, replaceable in tests. */
    interface Resolver {
        List<InetAddress> resolve(String host) throws Exception;
    }

    /** What the seeder needs from the network. */
    record Network(AddressManager addrman, int defaultPort, IntSupplier fullOutboundPeers, BooleanSupplier networkActive,
                   BooleanSupplier running, Consumer<String> addrFetch, Clock clock) {
    }

    private final List<String> seeds;
    private final boolean seedNodesGiven;
    private final boolean forced;
    private final boolean nameProxy;
    private final Network net;
    private final Resolver resolver;

    DnsSeeder(List<String> seeds, boolean seedNodesGiven, boolean forced, boolean nameProxy, Network net, Resolver resolver) {
        this.seeds = List.copyOf(seeds);
        this.seedNodesGiven = seedNodesGiven;
        this.forced = forced;
        this.nameProxy = nameProxy;
        this.net = net;
        this.resolver = resolver;
    }

    @Override
    public void run() {
        try {
            seed();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void seed() throws InterruptedException {
        int outbound = 0;
        if (seedNodesGiven) {
            long start = net.clock().millis();
            log.info("-seednode enabled. Trying the provided seeds for 30 seconds before defaulting to the dnsseeds.");
            while (true) {
                if (!sleep(500)) return;
                if (net.clock().millis() > start + SEEDNODE_TIMEOUT_MILLIS) {
                    log.info("Couldn't connect to enough peers via seed nodes. Handing fetch logic to the DNS seeds.");
                    break;
                }
                outbound = net.fullOutboundPeers().getAsInt();
                if (outbound >= ENOUGH_OUTBOUND) {
                    log.info("P2P peers available. Finished fetching data from seed nodes.");
                    break;
                }
            }
        }
        List<String> order = new ArrayList<>(seeds);
        Collections.shuffle(order);
        // -forcednsseed, or an empty address manager (first start, peers.dat deleted), asks all seeds right away.
        int seedsRightNow = forced || net.addrman().size() == 0 ? order.size() : 0;
        if (outbound >= ENOUGH_OUTBOUND && seedsRightNow == 0) {
            log.info("Skipping DNS seeds. Enough peers have been found");
            return;
        }
        int found = 0;
        long waitSeconds = net.addrman().size() >= MANY_PEERS ? DELAY_MANY_PEERS_SECONDS : DELAY_FEW_PEERS_SECONDS;
        for (String seed : order) {
            if (seedsRightNow == 0) {
                seedsRightNow += SEEDS_AT_ONCE;
                if (net.addrman().size() > 0) {
                    log.info("Waiting {} seconds before querying DNS seeds.", waitSeconds);
                    for (long left = waitSeconds; left > 0; ) {
                        long w = Math.min(DELAY_FEW_PEERS_SECONDS, left);
                        if (!sleep(w * 1000)) return;
                        left -= w;
                        if (net.fullOutboundPeers().getAsInt() >= ENOUGH_OUTBOUND) {
                            if (found > 0) {
                                log.info("{} addresses found from DNS seeds", found);
                                log.info("P2P peers available. Finished DNS seeding.");
                            } else {
                                log.info("P2P peers available. Skipped DNS seeding.");
                            }
                            return;
                        }
                    }
                }
            }
            if (!net.running().getAsBoolean()) return;
            if (!net.networkActive().getAsBoolean()) {
                log.info("Waiting for network to be reactivated before querying DNS seeds.");
                do {
                    if (!sleep(1000)) return;
                } while (!net.networkActive().getAsBoolean());
            }
            log.info("Loading addresses from DNS seed {}", seed);
            if (nameProxy) {
                // The proxy resolves names: connect to the seed's own name and ask it for addresses.
                net.addrFetch().accept(seed);
            } else {
                found += query(seed);
            }
            seedsRightNow--;
        }
        log.info("{} addresses found from DNS seeds", found);
    }

    /** Asks one seed for peers with our desired services (its x9 subdomain); falls back to an address fetch. */
    private int query(String seed) {
        List<InetAddress> answer;
        try {
            answer = resolver.resolve("x" + Long.toHexString(PeerManager.LOCAL_SERVICES) + "." + seed);
        } catch (Exception e) {
            answer = List.of();
        }
        if (answer.isEmpty()) {
            net.addrFetch().accept(seed);
            return 0;
        }
        List<InetSocketAddress> add = new ArrayList<>();
        for (InetAddress ip : answer.subList(0, Math.min(MAX_IPS_PER_SEED, answer.size()))) {
            add.add(new InetSocketAddress(ip, net.defaultPort()));
        }
        // Seed answers are given an age of three to seven days, as bitcoind does, so they do not look fresh.
        long now = net.clock().millis() / 1000;
        long seen = now - 3 * 86_400 - ThreadLocalRandom.current().nextLong(4 * 86_400);
        net.addrman().add(add, PeerManager.LOCAL_SERVICES, seen, InetAddress.getLoopbackAddress());
        return add.size();
    }

    /** Real-time sleep, cut short when the network stops; false then. */
    private boolean sleep(long millis) throws InterruptedException {
        long end = System.currentTimeMillis() + millis;
        while (net.running().getAsBoolean()) {
            long left = end - System.currentTimeMillis();
            if (left <= 0) return true;
            Thread.sleep(Math.min(left, 200));
        }
        return false;
    }
}
