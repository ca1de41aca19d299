package dev.blocksmith.wallet.labels;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Why an address is in the address book (Core's AddressPurpose): ours to receive on, or someone's we pay. */
public enum AddressPurpose {
    RECEIVE, SEND;

    public String rpcName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<AddressPurpose> byRpcName(String s) {
        return Arrays.stream(values()).filter(p -> p.rpcName().equals(s)).findFirst();
    }
}
