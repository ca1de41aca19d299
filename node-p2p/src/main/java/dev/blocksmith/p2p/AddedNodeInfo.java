package dev.blocksmith.p2p;

import java.util.List;

/** getaddednodeinfo entry: the node as given to -addnode/addnode, and its connections if any. */
public record AddedNodeInfo(String addedNode, boolean connected, List<String> connectedAddresses) {
    public AddedNodeInfo {
        connectedAddresses = List.copyOf(connectedAddresses);
    }
}
