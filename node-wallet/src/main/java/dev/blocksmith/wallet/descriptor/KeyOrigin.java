package dev.blocksmith.wallet.descriptor;

import dev.blocksmith.wallet.keys.KeyPath;

/** Key origin information "[fingerprint/path]": which master key and path a key was derived from. */
public record KeyOrigin(int fingerprint, KeyPath path) {
    /** The bracketed form, hardened steps marked "h" (or "'" when {@code apostrophe}, as the key was written). */
    public String render(boolean apostrophe) {
        return "[" + fingerprintHex(fingerprint) + path.toSuffix(apostrophe) + "]";
    }

    public KeyOrigin append(KeyPath tail) {
        return new KeyOrigin(fingerprint, path.append(tail));
    }

    /** Eight lowercase hex digits, as Core prints fingerprints. */
    public static String fingerprintHex(int fingerprint) {
        return String.format("%08x", fingerprint);
    }

    @Override
    public String toString() {
        return render(false);
    }
}
