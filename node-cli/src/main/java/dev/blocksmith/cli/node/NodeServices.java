package dev.blocksmith.cli.node;

import dev.blocksmith.miner.template.BlockTemplateBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Builds the services a node runs, in start order, from its configuration. */
final class NodeServices {
    private NodeServices() {
    }

    static List<NodeService> create(NodeContext ctx) {
        List<NodeService> services = new ArrayList<>();
        MempoolService mempool = new MempoolService(ctx);
        services.add(mempool);
        ZmqService zmq = new ZmqService(ctx);
        services.add(zmq);
        P2pService p2p = new P2pService(ctx, new MempoolRelayBackend(ctx.mempool()));
        RpcService rpc = new RpcService(ctx, p2p.network(), zmq::notifications);
        // Always: with -server=0 it serves no RPC but still loads the wallets, as bitcoind's wallet client.
        services.add(rpc);
        services.add(p2p);
        Optional<MinerService> miner = Optional.empty();
        if (ctx.config().mining().enabled()) {
            miner = Optional.of(new MinerService(ctx, new BlockTemplateBuilder(ctx.chain(), ctx.transactionSource(),
                    ctx.config().mining().blockMaxWeight(),
                ctx.config().mining().blockReservedWeight(), ctx.config().mining().blockVersion())));
            services.add(miner.get());
        }
        if (ctx.config().metrics().port() != 0) {
            services.add(new MetricsService(ctx, p2p.network(), miner, rpc.activeCommands()));
        }
        // Last, so that everything else serves while blocks are reindexed or imported and the mempool loaded.
        services.add(new InitLoadService(ctx.chain(), ctx.config().chainState().reindex(),
                ctx.config().chainState().loadBlock(), mempool::loadPersisted,
                ctx.config().chainState().stopAfterBlockImport() ? Optional.of(ctx.shutdown()) : Optional.empty()));
        return services;
    }
}
