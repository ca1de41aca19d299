package dev.blocksmith.wallet.account;

/**
 * A place a descriptor can be active in: Core keeps one active descriptor per output type for receiving
 * (external) and one for change (internal), used by getnewaddress and getrawchangeaddress.
 */
public record ActiveSlot(AddressType type, boolean internal) {
    /** The record name suffix, e.g. "bech32/internal". */
    public String key() {
        return type.rpcName() + "/" + (internal ? "internal" : "external");
    }
}
