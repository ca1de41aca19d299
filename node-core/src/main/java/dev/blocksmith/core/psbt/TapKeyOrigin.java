package dev.blocksmith.core.psbt;

import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;

/** The value of a PSBT_*_TAP_BIP32_DERIVATION record: the leaves the key appears in and its origin. */
public record TapKeyOrigin(SortedSet<Bytes> leafHashes, Bip32Origin origin) {
    public TapKeyOrigin {
        leafHashes = Collections.unmodifiableSortedSet(new TreeSet<>(leafHashes));
    }
}
