package dev.blocksmith.wallet;

import dev.blocksmith.wallet.account.DescriptorId;
import dev.blocksmith.wallet.descriptor.Descriptor;
import dev.blocksmith.wallet.descriptor.InputWeight;
import java.util.Objects;

/**
 * Where a script the wallet watches comes from: which of its descriptors and at what position, with the
 * descriptor's kind and the largest weight a signed spend of it has ({@link Descriptor#maxInputWeight}; for
 * multisig it depends on the threshold and key count, not only the kind).
 */
public record WalletKeyLocation(DescriptorId descriptor, int index, Descriptor.Kind kind, InputWeight inputWeight) {
    public WalletKeyLocation {
        Objects.requireNonNull(descriptor);
        Objects.requireNonNull(kind);
        Objects.requireNonNull(inputWeight);
        if (index < 0) throw new IllegalArgumentException("negative position");
    }

    /** The position {@code index} of descriptor {@code d}, stored under {@code id}, signed by this wallet (low-R signatures). */
    public static WalletKeyLocation of(DescriptorId id, int index, Descriptor d) {
        return new WalletKeyLocation(id, index, d.kind(), d.maxInputWeight(false));
    }

    /** What coin selection prices a spend of it at (bitcoind's CalculateMaximumSignedInputSize). */
    public int inputVBytes() {
        return inputWeight.selectionVBytes();
    }
}
