package dev.blocksmith.wallet.account;

import dev.blocksmith.core.primitives.ByteReader;
import dev.blocksmith.core.primitives.ByteWriter;
import dev.blocksmith.core.primitives.Hex;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Everything secret a wallet holds, as one value so it is stored in the clear or sealed by the keystore as
 * a whole: the BIP32 seed its default descriptors come from (absent for blank and watch-only wallets) and the
 * private form of each descriptor imported with private keys. Serialized as
 * version(1) | hasSeed(1) [| varBytes seed] | count compactSize | (id 32 bytes | varBytes descriptor UTF-8)*.
 */
public final class WalletSecrets {
    private static final int VERSION = 1;

    private final Optional<byte[]> seed;
    private final Map<DescriptorId, byte[]> privateDescriptors;

    private WalletSecrets(Optional<byte[]> seed, Map<DescriptorId, byte[]> privateDescriptors) {
        this.seed = seed.map(byte[]::clone);
        Map<DescriptorId, byte[]> copy = new LinkedHashMap<>();
        privateDescriptors.forEach((k, v) -> copy.put(k, v.clone()));
        this.privateDescriptors = copy;
    }

    public static WalletSecrets ofSeed(byte[] seed) {
        return new WalletSecrets(Optional.of(seed), Map.of());
    }

    public static WalletSecrets empty() {
        return new WalletSecrets(Optional.empty(), Map.of());
    }

    /** A copy of the seed; the caller zeroes it. */
    public Optional<byte[]> seed() {
        return seed.map(byte[]::clone);
    }

    public Optional<String> privateDescriptor(DescriptorId id) {
        return Optional.ofNullable(privateDescriptors.get(id)).map(b -> new String(b, StandardCharsets.UTF_8));
    }

    public WalletSecrets withPrivateDescriptor(DescriptorId id, String descriptor) {
        Map<DescriptorId, byte[]> m = new LinkedHashMap<>(privateDescriptors);
        m.put(id, descriptor.getBytes(StandardCharsets.UTF_8));
        return new WalletSecrets(seed, m);
    }

    public byte[] serialize() {
        ByteWriter w = new ByteWriter(128).u8(VERSION).u8(seed.isPresent() ? 1 : 0);
        seed.ifPresent(w::varBytes);
        w.compactSize(privateDescriptors.size());
        privateDescriptors.forEach((id, d) -> w.bytes(Hex.decode(id.hex())).varBytes(d));
        return w.toByteArray();
    }

    public static WalletSecrets parse(byte[] data) {
        ByteReader r = new ByteReader(data);
        int version = r.u8();
        if (version != VERSION) throw new IllegalArgumentException("unknown wallet secrets version " + version);
        Optional<byte[]> seed = r.u8() == 1 ? Optional.of(r.varBytes()) : Optional.empty();
        long n = r.compactSize();
        Map<DescriptorId, byte[]> m = new LinkedHashMap<>();
        for (long i = 0; i < n; i++) m.put(new DescriptorId(Hex.encode(r.bytes(32))), r.varBytes());
        WalletSecrets s = new WalletSecrets(seed, m);
        seed.ifPresent(b -> Arrays.fill(b, (byte) 0));
        m.values().forEach(b -> Arrays.fill(b, (byte) 0));
        return s;
    }

    /** Overwrites the secret bytes this value holds; it must not be used afterwards. */
    public void wipe() {
        seed.ifPresent(b -> Arrays.fill(b, (byte) 0));
        privateDescriptors.values().forEach(b -> Arrays.fill(b, (byte) 0));
    }

    /** Never prints secrets. */
    @Override
    public String toString() {
        return "WalletSecrets[" + (seed.isPresent() ? "seed, " : "") + privateDescriptors.size() + " imported]";
    }
}
