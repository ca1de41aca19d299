package dev.blocksmith.wallet.descriptor;

import dev.blocksmith.wallet.keys.KeyPath;

/** Key origin information "[fingerprint/path]": which master key and path a key was derived from. */
public record KeyOrigin(int fingerprint, KeyPath path) {
    @Override
    public String toString() {
        return "[" + String.format("%08x", fingerprint) + path.toSuffix() + "]";
    }
}
