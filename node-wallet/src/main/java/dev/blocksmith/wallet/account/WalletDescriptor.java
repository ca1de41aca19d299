package dev.blocksmith.wallet.account;

import dev.blocksmith.wallet.descriptor.Descriptor;
import java.util.Objects;

/**
 * One descriptor of a wallet as stored: its normalized public form (which derives every script without
 * secrets, so a locked wallet still recognises its payments), where its private keys come from, and when it
 * was created (Core's WalletDescriptor creation_time, the rescan start of an import).
 */
public record WalletDescriptor(DescriptorId id, Descriptor descriptor, KeySource source, long creationTime) {
    public WalletDescriptor {
        Objects.requireNonNull(id);
        Objects.requireNonNull(descriptor);
        Objects.requireNonNull(source);
        if (descriptor.hasPrivateKeys()) throw new IllegalArgumentException("wallet descriptors are stored in public form");
    }

    /** The output type; empty for combo(), addr() and raw() (which cannot be active). */
    public java.util.Optional<AddressType> addressType() {
        return AddressType.of(descriptor.kind());
    }

    public WalletDescriptor withCreationTime(long time) {
        return new WalletDescriptor(id, descriptor, source, time);
    }

    public WalletDescriptor withSource(KeySource s) {
        return new WalletDescriptor(id, descriptor, s, creationTime);
    }
}
