package dev.blocksmith.wallet.labels;

import dev.blocksmith.core.address.Address;
import dev.blocksmith.core.address.P2pkhAddress;
import dev.blocksmith.core.address.P2shAddress;
import dev.blocksmith.core.address.SegwitAddress;
import java.util.Arrays;
import java.util.Comparator;

/**
 * The order in which bitcoind walks its address book and its per-address tallies (a std::map keyed by
 * CTxDestination, a variant): by kind in the variant's order (P2PKH, P2SH, P2WSH, P2WPKH, P2TR, anchor, other
 * witness versions), then by the hash or program bytes, unsigned. listreceivedbyaddress and listaddressgroupings
 * list in this order.
 */
public final class DestinationOrder implements Comparator<Address> {
    public static final DestinationOrder INSTANCE = new DestinationOrder();

    private DestinationOrder() {
    }

    @Override
    public int compare(Address a, Address b) {
        int byKind = Integer.compare(rank(a), rank(b));
        if (byKind != 0) return byKind;
        if (a instanceof SegwitAddress x && b instanceof SegwitAddress y && rank(a) == UNKNOWN_WITNESS) {
            int v = Integer.compare(x.witnessVersion(), y.witnessVersion());
            if (v != 0) return v;
        }
        return Arrays.compareUnsigned(bytes(a), bytes(b));
    }

    private static final int UNKNOWN_WITNESS = 6;

    private static int rank(Address a) {
        return switch (a) {
            case P2pkhAddress p -> 0;
            case P2shAddress p -> 1;
            case SegwitAddress s when s.isP2WSH() -> 2;
            case SegwitAddress s when s.isP2WPKH() -> 3;
            case SegwitAddress s when s.isP2TR() -> 4;
            case SegwitAddress s when isAnchor(s) -> 5;
            case SegwitAddress s -> UNKNOWN_WITNESS;
        };
    }

    /** BIP-less pay-to-anchor: witness version 1 with the two-byte program 4e73. */
    private static boolean isAnchor(SegwitAddress s) {
        byte[] p = s.witnessProgram();
        return s.witnessVersion() == 1 && p.length == 2 && p[0] == 0x4e && p[1] == 0x73;
    }

    private static byte[] bytes(Address a) {
        return switch (a) {
            case P2pkhAddress p -> p.hash();
            case P2shAddress p -> p.hash();
            case SegwitAddress s -> s.witnessProgram();
        };
    }
}
