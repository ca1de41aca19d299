package dev.blocksmith.wallet;

import dev.blocksmith.wallet.account.DescriptorId;
import dev.blocksmith.wallet.descriptor.Descriptor;
import java.util.Objects;

/**
 * Where a script the wallet watches comes from: which of its descriptors and at what position, with the
 * descriptor's kind and what a spend of it costs in size ({@link Descriptor#inputVBytes()}; for multisig it
 * depends on the threshold and key count, not only the kind).
 */
public record WalletKeyLocation(DescriptorId descriptor, int index, Descriptor.Kind kind, int inputVBytes) {
    public WalletKeyLocation {
        Objects.requireNonNull(descriptor);
        Objects.requireNonNull(kind);
        if (index < 0) throw new IllegalArgumentException("negative position");
        if (inputVBytes <= 0) throw new IllegalArgumentException("input size must be positive");
    }

    /** The position {@code index} of descriptor {@code d}, stored under {@code id}. */
    public static WalletKeyLocation of(DescriptorId id, int index, Descriptor d) {
        return new WalletKeyLocation(id, index, d.kind(), d.inputVBytes());
    }
}
