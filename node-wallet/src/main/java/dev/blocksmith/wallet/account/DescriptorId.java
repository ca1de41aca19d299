package dev.blocksmith.wallet.account;

import dev.blocksmith.core.crypto.Hashes;
import dev.blocksmith.core.primitives.Hex;
import dev.blocksmith.wallet.descriptor.Descriptor;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Names a wallet descriptor: the SHA-256 of its normalized public string, as Core's DescriptorID hashes the
 * descriptor string. Importing the same descriptor again (with or without private keys, "'" or "h") lands on
 * the same id and updates it instead of adding a twin.
 */
public record DescriptorId(String hex) {
    public DescriptorId {
        Objects.requireNonNull(hex);
        if (hex.length() != 64 || !Hex.isHex(hex)) throw new IllegalArgumentException("descriptor id must be 64 hex digits");
    }

    public static DescriptorId of(Descriptor d) {
        return new DescriptorId(Hex.encode(Hashes.sha256(d.toNormalizedString().getBytes(StandardCharsets.UTF_8))));
    }

    @Override
    public String toString() {
        return hex;
    }
}
