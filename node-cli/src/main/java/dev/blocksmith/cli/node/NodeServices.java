package dev.blocksmith.cli.node;

import java.util.ArrayList;
import java.util.List;

/** Builds the services a node runs, in start order, from its configuration. */
final class NodeServices {
    private NodeServices() {
    }

    static List<NodeService> create(NodeContext ctx) {
        List<NodeService> services = new ArrayList<>();
        P2pService p2p = new P2pService(ctx, dev.blocksmith.p2p.sync.MempoolBackend.none());
        if (ctx.config().rpc().enabled()) services.add(new RpcService(ctx, p2p.network()));
        services.add(p2p);
        return services;
    }
}
