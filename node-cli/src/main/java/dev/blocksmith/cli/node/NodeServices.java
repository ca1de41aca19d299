package dev.blocksmith.cli.node;

import java.util.ArrayList;
import java.util.List;

/** Builds the services a node runs, in start order, from its configuration. */
final class NodeServices {
    private NodeServices() {
    }

    static List<NodeService> create(NodeContext ctx) {
        List<NodeService> services = new ArrayList<>();
        if (ctx.config().rpc().enabled()) services.add(new RpcService(ctx));
        return services;
    }
}
