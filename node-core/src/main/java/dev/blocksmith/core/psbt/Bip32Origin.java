package dev.blocksmith.core.psbt;

import java.util.List;

/**
 * BIP174 key origin: the master key fingerprint and the derivation path (uint32 steps, hardened ones
 * with the top bit set). The fingerprint holds the four bytes as serialized, read big-endian, which is
 * how bitcoind prints it ({@code %08x}). Ordered as Core's KeyOriginInfo: fingerprint bytes, then the
 * shorter path, then the path steps as unsigned numbers.
 */
public record Bip32Origin(int fingerprint, List<Integer> path) implements Comparable<Bip32Origin> {
    public static final int HARDENED = 0x80000000;

    public Bip32Origin {
        path = List.copyOf(path);
    }

    /** The path as bitcoind's WriteHDKeypath writes it: "m/84h/1h/0h/0/3". */
    public String pathString() {
        StringBuilder sb = new StringBuilder("m");
        for (int step : path) {
            sb.append('/').append(Integer.toUnsignedLong(step & ~HARDENED));
            if ((step & HARDENED) != 0) sb.append('h');
        }
        return sb.toString();
    }

    /** The fingerprint as eight lowercase hex digits. */
    public String fingerprintHex() {
        return String.format("%08x", fingerprint);
    }

    @Override
    public int compareTo(Bip32Origin o) {
        int c = Integer.compareUnsigned(fingerprint, o.fingerprint);
        if (c != 0) return c;
        c = Integer.compare(path.size(), o.path.size());
        if (c != 0) return c;
        for (int i = 0; i < path.size(); i++) {
            c = Integer.compareUnsigned(path.get(i), o.path.get(i));
            if (c != 0) return c;
        }
        return 0;
    }
}
