package dev.blocksmith.cli.node;

import dev.blocksmith.miner.template.BlockTemplateBuilder;
import java.util.ArrayList;
import java.util.List;

/** Builds the services a node runs, in start order, from its configuration. */
final class NodeServices {
    private NodeServices() {
    }

    static List<NodeService> create(NodeContext ctx) {
        List<NodeService> services = new ArrayList<>();
        services.add(new MempoolService(ctx));
        P2pService p2p = new P2pService(ctx, new MempoolRelayBackend(ctx.mempool()));
        if (ctx.config().rpc().enabled()) services.add(new RpcService(ctx, p2p.network()));
        services.add(p2p);
        if (ctx.config().mining().enabled()) {
            services.add(new MinerService(ctx, new BlockTemplateBuilder(ctx.chain(), ctx.transactionSource(),
                    ctx.config().mining().blockMaxWeight())));
        }
        return services;
    }
}
