package dev.blocksmith.p2p.peer;

/**
 * bitcoind's NetPermissionFlags, in the order getpeerinfo lists them (NetPermissions::ToStrings).
 * <ul>
 *   <li>bloomfilter: may use BIP37 filters even without NODE_BLOOM;</li>
 *   <li>noban: never discouraged or banned for misbehaviour (implies download);</li>
 *   <li>forcerelay: its transactions are relayed even if already in the mempool (implies relay);</li>
 *   <li>relay: its transactions are accepted even in -blocksonly mode;</li>
 *   <li>mempool: may ask for our mempool with the mempool message;</li>
 *   <li>download: served even beyond -maxuploadtarget;</li>
 *   <li>addr: its addr messages are not rate-limited and getaddr is answered without the cache.</li>
 * </ul>
 */
public enum NetPermission {
    BLOOMFILTER("bloomfilter"),
    NOBAN("noban"),
    FORCERELAY("forcerelay"),
    RELAY("relay"),
    MEMPOOL("mempool"),
    DOWNLOAD("download"),
    ADDR("addr");

    private final String rpcName;

    NetPermission(String rpcName) {
        this.rpcName = rpcName;
    }

    public String rpcName() {
        return rpcName;
    }
}
