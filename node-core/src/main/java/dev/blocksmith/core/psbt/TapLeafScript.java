package dev.blocksmith.core.psbt;

/**
 * A tapleaf as PSBT_IN_TAP_LEAF_SCRIPT carries it: script and leaf version. Ordered as Core's
 * {@code std::pair<std::vector<unsigned char>, int>}: script bytes first, then version.
 */
public record TapLeafScript(Bytes script, int leafVersion) implements Comparable<TapLeafScript> {
    @Override
    public int compareTo(TapLeafScript o) {
        int c = script.compareTo(o.script);
        return c != 0 ? c : Integer.compare(leafVersion, o.leafVersion);
    }
}
