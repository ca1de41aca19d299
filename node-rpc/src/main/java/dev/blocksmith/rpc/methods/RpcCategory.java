package dev.blocksmith.rpc.methods;

/**
 * The groups {@code help} lists methods under, with bitcoind's category names. Help sorts by these
 * names, so "blockchain" comes before "control" as it does in bitcoind.
 */
public enum RpcCategory {
    ADDRESSINDEX("addressindex"),
    BLOCKCHAIN("blockchain"),
    CONTROL("control"),
    GENERATING("generating"),
    MINING("mining"),
    NETWORK("network"),
    RAWTRANSACTIONS("rawtransactions"),
    SIGNER("signer"),
    UTIL("util"),
    WALLET("wallet"),
    ZMQ("zmq"),
    /** Test-only methods (echo, echojson): callable but never listed by help. */
    HIDDEN("hidden");

    private final String label;

    RpcCategory(String label) {
        this.label = label;
    }

    /** bitcoind's lower-case category name. */
    public String label() {
        return label;
    }

    /** The "== Blockchain ==" heading help prints. */
    public String heading() {
        return "== " + Character.toUpperCase(label.charAt(0)) + label.substring(1) + " ==";
    }
}
