package dev.blocksmith.rpc.methods.network;

import dev.blocksmith.core.primitives.Amount;
import dev.blocksmith.p2p.P2PNetwork;
import dev.blocksmith.rpc.methods.MethodRegistry;
import java.time.Clock;

/** Registers the network-category methods. */
public final class NetworkMethods {
    private NetworkMethods() {
    }

    public static void register(MethodRegistry registry, P2PNetwork network, int version, String subversion,
                                Amount relayFeePerKvB, Amount incrementalFeePerKvB, Clock clock) {
        register(registry, network, version, subversion, relayFeePerKvB, incrementalFeePerKvB, clock, java.util.List::of);
    }

    /** @param warnings the node's warnings, which getnetworkinfo lists */
    public static void register(MethodRegistry registry, P2PNetwork network, int version, String subversion,
                                Amount relayFeePerKvB, Amount incrementalFeePerKvB, Clock clock,
                                java.util.function.Supplier<java.util.List<String>> warnings) {
        registry.register(new GetPeerInfoMethod(network))
                .register(new GetNetworkInfoMethod(network, version, subversion, relayFeePerKvB, incrementalFeePerKvB, warnings))
                .register(new GetConnectionCountMethod(network))
                .register(new GetNetTotalsMethod(network))
                .register(new AddNodeMethod(network))
                .register(new DisconnectNodeMethod(network))
                .register(new SetBanMethod(network))
                .register(new ListBannedMethod(network, clock))
                .register(new ClearBannedMethod(network))
                .register(new PingMethod(network))
                .register(new GetAddedNodeInfoMethod(network))
                .register(new GetNodeAddressesMethod(network))
                .register(new SetNetworkActiveMethod(network))
                .register(new AddPeerAddressMethod(network))
                .register(new GetAddrManInfoMethod(network))
                .register(new GetRawAddrManMethod(network))
                .register(new SendMsgToPeerMethod(network))
                .register(new GetOrphanTxsMethod(network))
                .register(new AddConnectionMethod(network));
    }
}
