package dev.blocksmith.p2p.message;

/**
 * Inventory type codes of inv/getdata/notfound. The witness variants set bit 30 (MSG_WITNESS_FLAG, BIP144);
 * MSG_WTX (BIP339) names a transaction by wtxid.
 */
public final class InvType {
    public static final int ERROR = 0;
    public static final int MSG_TX = 1;
    public static final int MSG_BLOCK = 2;
    public static final int MSG_FILTERED_BLOCK = 3;
    public static final int MSG_CMPCT_BLOCK = 4;
    public static final int MSG_WTX = 5;
    public static final int MSG_WITNESS_FLAG = 1 << 30;
    public static final int MSG_WITNESS_TX = MSG_TX | MSG_WITNESS_FLAG;
    public static final int MSG_WITNESS_BLOCK = MSG_BLOCK | MSG_WITNESS_FLAG;

    private InvType() {
    }

    public static boolean isBlock(int type) {
        return type == MSG_BLOCK || type == MSG_WITNESS_BLOCK;
    }

    public static boolean isTx(int type) {
        return type == MSG_TX || type == MSG_WITNESS_TX || type == MSG_WTX;
    }

    /** bitcoind's CInv::ToString: the type's command name and the hash, or the type in hex when unknown. */
    public static String describe(InvItem item) {
        String name = switch (item.type()) {
            case MSG_TX -> "tx";
            case MSG_WTX -> "wtx";
            case MSG_BLOCK -> "block";
            case MSG_FILTERED_BLOCK -> "merkleblock";
            case MSG_CMPCT_BLOCK -> "cmpctblock";
            case MSG_WITNESS_TX -> "witness-tx";
            case MSG_WITNESS_BLOCK -> "witness-block";
            case MSG_FILTERED_BLOCK | MSG_WITNESS_FLAG -> "witness-merkleblock";
            default -> null;
        };
        return name == null ? String.format("0x%08x %s", item.type(), item.hash()) : name + " " + item.hash();
    }
}
