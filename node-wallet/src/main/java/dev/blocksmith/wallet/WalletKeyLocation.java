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
        return of(id, index, d, false);
    }

    /**
     * @param maxSizeSignatures whether signatures are sized at their largest (72 bytes): a wallet without private keys
     *     cannot grind for a low R, so an external signer's signatures may be that long (bitcoind's CanGrindR)
     */
    public static WalletKeyLocation of(DescriptorId id, int index, Descriptor d, boolean maxSizeSignatures) {
        return new WalletKeyLocation(id, index, d.kind(), d.maxInputWeight(maxSizeSignatures));
    }

    /** What coin selection prices a spend of it at (bitcoind's CalculateMaximumSignedInputSize). */
    public int inputVBytes() {
        return inputWeight.selectionVBytes();
    }
}
