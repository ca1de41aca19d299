package dev.blocksmith.p2p.peer;

/** Connection types with bitcoind's getpeerinfo names. */
public enum ConnectionType {
    INBOUND("inbound"),
    OUTBOUND_FULL_RELAY("outbound-full-relay"),
    BLOCK_RELAY_ONLY("block-relay-only"),
    MANUAL("manual"),
    ADDR_FETCH("addr-fetch"),
    FEELER("feeler");

    private final String rpcName;

    ConnectionType(String rpcName) {
        this.rpcName = rpcName;
    }

    public String rpcName() {
        return rpcName;
    }

    public boolean relaysTransactions() {
        return this != BLOCK_RELAY_ONLY && this != FEELER;
    }
}
