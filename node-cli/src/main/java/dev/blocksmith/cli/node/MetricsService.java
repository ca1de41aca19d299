package dev.blocksmith.cli.node;

import com.sun.net.httpserver.HttpServer;
import dev.blocksmith.core.chain.BlockIndex;
import dev.blocksmith.core.chain.ChainListener;
import dev.blocksmith.core.mempool.Mempool;
import dev.blocksmith.core.store.KeyValueStore;
import dev.blocksmith.p2p.P2PNetwork;
import dev.blocksmith.p2p.peer.PeerInfo;
import dev.blocksmith.rpc.server.ActiveCommands;
import dev.blocksmith.storage.RocksDbKeyValueStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prometheus metrics on {@code -metricsport} (off by default), through Micrometer: chain height and
 * headers, peers and traffic, mempool, block validation time, miner hash rate, RPC calls and latency
 * by method, RocksDB size and cache hit rate, and the JVM.
 */
final class MetricsService implements NodeService {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsService.class);

    private final NodeContext ctx;
    private final P2PNetwork network;
    private final Optional<MinerService> miner;
    private final ActiveCommands rpcCalls;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();
    private HttpServer server;

    MetricsService(NodeContext ctx, P2PNetwork network, Optional<MinerService> miner, ActiveCommands rpcCalls) {
        this.ctx = ctx;
        this.network = network;
        this.miner = miner;
        this.rpcCalls = rpcCalls;
    }

    PrometheusMeterRegistry registry() {
        return registry;
    }

    private <T> void gauge(String name, String help, T obj, ToDoubleFunction<T> f) {
        Gauge.builder(name, obj, f).description(help).register(registry);
    }

    void bind() {
        var chain = ctx.chain();
        gauge("blocksmith_chain_height", "Height of the best chain", chain, c -> c.tip().height());
        gauge("blocksmith_chain_headers", "Height of the best known header", chain, c -> c.bestHeader().height());
        gauge("blocksmith_chain_initial_block_download", "1 while in initial block download", chain, c -> c.isInitialBlockDownload() ? 1 : 0);
        Counter blocks = Counter.builder("blocksmith_blocks_validated").description("Blocks validated and connected").register(registry);
        Counter txs = Counter.builder("blocksmith_block_transactions_validated").description("Transactions in connected blocks").register(registry);
        Timer connect = Timer.builder("blocksmith_block_connect").description("Time to validate and connect a block")
                .publishPercentiles(0.5, 0.95).register(registry);
        chain.addListener(new ChainListener() {
            @Override
            public void blockValidated(BlockIndex index, int txCount, long connectNanos) {
                blocks.increment();
                txs.increment(txCount);
                connect.record(Duration.ofNanos(connectNanos));
            }
        });

        gauge("blocksmith_peers_inbound", "Connected inbound peers", network, n -> n.peers().stream().filter(PeerInfo::inbound).count());
        gauge("blocksmith_peers_outbound", "Connected outbound peers", network, n -> n.peers().stream().filter(p -> !p.inbound()).count());
        FunctionCounter.builder("blocksmith_net_received_bytes", network, n -> n.netTotals().totalBytesRecv())
                .description("Bytes received from peers").register(registry);
        FunctionCounter.builder("blocksmith_net_sent_bytes", network, n -> n.netTotals().totalBytesSent())
                .description("Bytes sent to peers").register(registry);

        Mempool mempool = ctx.mempool();
        gauge("blocksmith_mempool_transactions", "Transactions in the mempool", mempool, Mempool::size);
        gauge("blocksmith_mempool_bytes", "Virtual size of the mempool's transactions", mempool, m -> m.info().bytes());
        gauge("blocksmith_mempool_usage_bytes", "Estimated memory use of the mempool", mempool, m -> m.info().usage());
        gauge("blocksmith_mempool_min_fee_sat_per_kvb", "Lowest fee rate the mempool accepts", mempool, m -> m.minFeeRate().satsPerKvB());

        miner.ifPresent(m -> gauge("blocksmith_miner_hashes_per_second", "In-node miner hash rate", m, s -> s.hashRate().hashesPerSecond()));

        rpcCalls.addObserver((method, took) -> Timer.builder("blocksmith_rpc_request").description("RPC calls by method")
                .tag("method", method).register(registry).record(took));

        KeyValueStore store = ctx.store();
        gauge("blocksmith_db_size_bytes", "Approximate size of the chain database on disk", store, KeyValueStore::approximateSizeBytes);
        if (store instanceof RocksDbKeyValueStore rocks) {
            gauge("blocksmith_db_block_cache_hit_ratio", "RocksDB block cache hits over lookups", rocks, r -> r.stats().blockCacheHitRate());
            FunctionCounter.builder("blocksmith_db_block_cache_hits", rocks, r -> r.stats().blockCacheHits()).register(registry);
            FunctionCounter.builder("blocksmith_db_block_cache_misses", rocks, r -> r.stats().blockCacheMisses()).register(registry);
        }

        new JvmMemoryMetrics().bindTo(registry);
        gcMetrics.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    @Override
    public void start() throws IOException {
        bind();
        NodeConfig.Metrics m = ctx.config().metrics();
        server = HttpServer.create(new InetSocketAddress(m.bind(), m.port()), 0);
        server.createContext("/metrics", exchange -> {
            byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        LOG.info("Serving Prometheus metrics on http://{}:{}/metrics", m.bind(), server.getAddress().getPort());
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
        gcMetrics.close();
        registry.close();
    }
}
