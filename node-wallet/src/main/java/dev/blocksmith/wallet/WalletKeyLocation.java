package dev.blocksmith.wallet;

import dev.blocksmith.wallet.account.DescriptorId;
import dev.blocksmith.wallet.descriptor.Descriptor;
import java.util.Objects;

/**
 * Where a script the wallet watches comes from: which of its descriptors and at what position, with the
 * descriptor's kind (what a spend of it costs in size).
 */
public record WalletKeyLocation(DescriptorId descriptor, int index, Descriptor.Kind kind) {
    public WalletKeyLocation {
        Objects.requireNonNull(descriptor);
        Objects.requireNonNull(kind);
        if (index < 0) throw new IllegalArgumentException("negative position");
    }
}
